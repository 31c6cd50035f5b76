"""Payer une créance, end to end on the real stack: pcscd + vpcd with the ``seul`` card, the
reference backend over HTTP, the payment terminal simulator over TCP, a private cupsd.

Seed (backend/bms_backend/store.py): DURAND SOPHIE (``seul``) owes 30,00 € on 1234567890123456A (the
oldest), 25,50 € on 2345678901234567B, 10,00 € on 3456789012345678C; 4567890123456789D is paid
off. Every test ends with the backend's balances and the simulator's debit log agreeing:
debits = accepted results, never more.
"""

from __future__ import annotations

import sqlite3

import pytest

from bms_kiosk.app import Backend
from bms_kiosk.hardware.pcsc import PcscCardSource
from bms_kiosk.payment.outbox import Outbox
from tests.support.kiosk import save_screen
from tests.test_attestation_journey import WAIT, Visit, click, pdf_text, printed_pdfs  # noqa: F401
from tests.test_attestation_journey import printer  # noqa: F401 (fixture)

pytestmark = pytest.mark.pcsc

LABEL = "Payer une créance"
REFERENCE = "2345678901234567B"  # 25,50 € left
OLDEST = "1234567890123456A"  # 30,00 € left
SMALL = "3456789012345678C"  # 10,00 € left: below the 16 € minimum on its own
PAID_OFF = "4567890123456789D"


def remaining(backend_server) -> dict[str, int]:
    with sqlite3.connect(f"file:{backend_server.db_path}?mode=ro", uri=True) as db:
        return dict(db.execute("SELECT reference, remaining FROM creances"))


def payments(backend_server) -> list[tuple[str, int, str]]:
    with sqlite3.connect(f"file:{backend_server.db_path}?mode=ro", uri=True) as db:
        return list(db.execute("SELECT id, amount, status FROM payments ORDER BY created_at"))


def assert_agreement(visit, before: dict[str, int]) -> None:
    """Debits = accepted results, never more; the balances moved by what was debited; outbox empty."""
    agreement(visit.backend, visit.sim, before)
    assert Outbox(visit.outbox_dir).entries() == []


def agreement(backend, sim, before: dict[str, int]) -> None:
    debits = sim.logged_debits()
    assert debits == sim.control.debits()
    debited = [d["order_id"] for d in debits]
    assert len(debited) == len(set(debited)), "an order debited twice"
    accepted = sorted(pid for pid, _, status in payments(backend) if status == "accepted")
    assert sorted(debited) == accepted
    after = remaining(backend)
    assert sum(before.values()) - sum(after.values()) == sum(d["amount_cents"] for d in debits)


class PayVisit(Visit):
    def open_creance(self) -> None:
        (button,) = [b for b in self.window.screens["menu"].choices.buttons() if b.text() == LABEL]
        click(self.qtbot, button)
        self.wait("cr_reference")

    def search(self, reference: str) -> None:
        screen = self.window.screens["cr_reference"]
        screen.type_reference(reference)
        click(self.qtbot, screen.primary_button)

    @property
    def creance_screen(self):
        return self.window.screens["cr_creance"]


@pytest.fixture
def visit(make_kiosk, card_robot, pcscd, backend_server, cupsd, printer, qtbot, payment_sim, tmp_path):  # noqa: F811
    backend = Backend(backend_server.url, backend_server.terminal_key)
    outbox_dir = tmp_path / "payment-outbox"
    kiosk = make_kiosk(PcscCardSource(poll_delay=0.1), backend=backend, printer=printer,
                       backend_read_timeout=3.0, backend_connect_timeout=1.0,
                       payment_terminal_host="127.0.0.1", payment_terminal_port=payment_sim.port,
                       payment_terminal_connect_delay=2.0, payment_terminal_payment_delay=60.0,
                       payment_outbox_dir=str(outbox_dir))
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract" and kiosk.journey.reader_ready, timeout=WAIT)
    v = PayVisit(kiosk, card_robot, qtbot, backend_server, cupsd)
    v.sim, v.outbox_dir = payment_sim, outbox_dir
    return v


def to_creance(visit, reference: str = REFERENCE) -> None:
    visit.login("seul")
    visit.open_creance()
    visit.search(reference)
    visit.wait("cr_creance")


@pytest.mark.parametrize("receipt", [True, False], ids=["with-receipt", "without-receipt"])
def test_pay_25_50_on_two_lines(visit, receipt):
    before = remaining(visit.backend)
    visit.login("seul")
    visit.open_creance()
    texts = " ".join(visit.texts())
    assert "Saisissez votre référence présente dans votre courrier pour accéder au paiement." in texts
    assert "Où trouver la référence de votre avis ?" in texts and "Référence de l'avis * :" in texts
    screen = visit.window.screens["cr_reference"]
    assert not screen.primary_button.isEnabled()
    screen.type_reference(REFERENCE[:16])
    assert not screen.primary_button.isEnabled() and screen.letter_keys["B"].isEnabled()
    assert not screen.digit_keys["1"].isEnabled()  # 16 digits: the letter now
    screen.type_reference("B")
    assert "2345 6789 0123 4567 B" in visit.texts()
    save_screen(visit.kiosk, "cr_reference")
    click(visit.qtbot, screen.primary_button)
    visit.wait("cr_creance")
    cs = visit.creance_screen
    texts = visit.texts()
    for words in (f"Créance (Référence : {REFERENCE})", "Caisse gestionnaire : CPAM de Paris",
                  "Montant initial dû : 40,00\u00a0€", "Montant restant dû : 25,50\u00a0€",
                  "Autres références de courrier dont vous êtes redevable", "2 références trouvé(es)",
                  "0 références sélectionné(es)", "Solde total à payer : 25,50\u00a0€",
                  "Vous pouvez payer entre 16€ et 50€ par paiement"):
        assert words in texts, (words, texts)
    assert not cs.primary_button.isEnabled()
    click(visit.qtbot, cs.check(OLDEST))
    assert "1 références sélectionné(es)" in visit.texts()
    assert "Solde total à payer : 55,50\u00a0€" in visit.texts()
    cs.type_amount("25,50")
    assert "Montant du paiement * :" in visit.texts() and "25,50 €" in visit.texts()
    assert cs.primary_button.isEnabled()
    save_screen(visit.kiosk, "cr_creance")
    visit.sim.control.push(hold=True, segments=3, amount_width=12, authorisation="A1B2C3")
    cs.primary_button.click()  # a double tap: one payment
    cs.primary_button.click()
    visit.wait("cr_paying")
    visit.sim.control.wait_held()
    assert "25,50\u00a0€" in visit.texts()
    assert "Présentez votre carte sur le terminal de paiement" in visit.texts()
    save_screen(visit.kiosk, "cr_paying")
    visit.sim.control.release()
    visit.wait("cr_accepted")
    texts = " ".join(visit.texts())
    for words in ("Votre paiement a été accepté.", "Nous vous conseillons de conserver vos informations de paiement.",
                  "Numéro d'autorisation : A1B2C3", "**** **** **** 4242", "Imprimer le reçu du paiement",
                  "Nous vous remercions pour votre paiement, nous le traitons dans les plus brefs délais."):
        assert words in texts, words
    save_screen(visit.kiosk, "cr_accepted")
    assert visit.sim.control.payments() == 1
    (order,) = payments(visit.backend)
    assert order[1:] == (2550, "accepted")
    after = remaining(visit.backend)
    assert after[OLDEST] == 3000 - 2550 and after[REFERENCE] == 2550  # oldest avis first
    assert_agreement(visit, before)
    jobs_before = set(printed_pdfs(visit.cupsd))
    if receipt:
        click(visit.qtbot, visit.window.screens["cr_accepted"].primary_button)
        visit.wait("cr_preview")
        save_screen(visit.kiosk, "cr_preview")
        click(visit.qtbot, visit.window.screens["cr_preview"].primary_button)
        visit.wait("cr_printed")
        save_screen(visit.kiosk, "cr_printed")
        visit.qtbot.waitUntil(lambda: len(set(printed_pdfs(visit.cupsd)) - jobs_before) == 1, timeout=WAIT)
        (new,) = set(printed_pdfs(visit.cupsd)) - jobs_before
        text = pdf_text(visit.cupsd.find_job_pdf(int(new.name.split("_")[1].split("-")[0])))
        assert "25,50" in text and "A1B2C3" in text and "4242" in text
    else:
        click(visit.qtbot, visit.window.screens["cr_accepted"].finish_button)
        visit.wait("end")
        assert set(printed_pdfs(visit.cupsd)) == jobs_before  # a receipt only on request
    visit.leave()


@pytest.mark.parametrize("outcome, reason", [
    ("refuse", "Le paiement a été refusé par votre banque."),
    ("abandon", "Le paiement a été annulé sur le terminal."),
])
def test_refused_or_abandoned(visit, outcome, reason):
    before = remaining(visit.backend)
    to_creance(visit)
    visit.creance_screen.type_amount("20")
    visit.sim.control.push(outcome=outcome)
    click(visit.qtbot, visit.creance_screen.primary_button)
    visit.wait("cr_failed")
    texts = " ".join(visit.texts())
    assert "Votre transaction de paiement a échoué." in texts and reason in texts
    save_screen(visit.kiosk, f"cr_failed-{outcome}")
    assert payments(visit.backend)[0][2] == "failed"
    assert remaining(visit.backend) == before
    assert_agreement(visit, before)
    # RETOUR: the créance again, nothing lost; another PAYER is another order
    click(visit.qtbot, visit.window.screens["cr_failed"].back_button)
    visit.wait("cr_creance")
    assert "20 €" in visit.texts()
    click(visit.qtbot, visit.creance_screen.primary_button)
    visit.wait("cr_accepted")
    assert len(payments(visit.backend)) == 2
    assert_agreement(visit, before)
    visit.leave()


def test_amount_rules_said_before_payer(visit):
    to_creance(visit)
    cs = visit.creance_screen
    for typed, words in (("15", "Vous pouvez payer entre 16€ et 50€ par paiement."),
                         ("51", "Vous pouvez payer entre 16€ et 50€ par paiement."),
                         ("30", "Le montant ne peut pas dépasser le solde total à payer (25,50\u00a0€).")):
        cs.press("EFFACER")
        cs.type_amount(typed)
        assert not cs.primary_button.isEnabled(), typed
        assert any(words in t for t in visit.texts()), (typed, visit.texts())
        if typed == "30":
            save_screen(visit.kiosk, "cr_creance-above-owed")
    click(visit.qtbot, cs.check(SMALL))  # 35,50 € owed now: 30 € may be paid
    assert cs.primary_button.isEnabled()
    cs.press("⌫")
    cs.type_amount(",255")  # "3,25": one decimal mark, two decimals at most
    assert "3,25 €" in visit.texts() and not cs.primary_button.isEnabled()
    assert visit.sim.control.payments() == 0
    click(visit.qtbot, cs.back_button)  # ABANDONNER
    visit.wait("menu")
    visit.leave()


def test_reference_not_open_said_under_the_reference(visit):
    visit.login("seul")
    visit.open_creance()
    visit.search(PAID_OFF)
    visit.wait("cr_searching")
    visit.wait("cr_reference")
    visit.qtbot.waitUntil(lambda: "Cette référence de courrier n'est pas ouverte au paiement en ligne."
                          in visit.texts(), timeout=WAIT)
    assert "4567 8901 2345 6789 D" in visit.texts()  # what was typed is kept
    save_screen(visit.kiosk, "cr_reference-not-open")
    visit.leave()


def test_remaining_below_the_minimum(visit):
    visit.login("seul")
    visit.open_creance()
    visit.search(SMALL)
    visit.wait("cr_outcome")
    assert any("inférieur au montant minimum de paiement en ligne : merci d'utiliser un autre moyen de paiement."
               in t for t in visit.texts())
    save_screen(visit.kiosk, "cr_outcome-below-minimum")
    click(visit.qtbot, visit.window.screens["cr_outcome"].back_button)
    visit.wait("cr_reference")
    visit.leave()


def test_the_demo_terminal_window_answers_for_the_cardholder(visit):
    from bms_kiosk.demo import PaymentTerminalPanel

    panel = PaymentTerminalPanel(visit.sim)  # queues a held payment: the buttons answer it
    before = remaining(visit.backend)
    to_creance(visit)
    visit.creance_screen.type_amount("16")
    click(visit.qtbot, visit.creance_screen.primary_button)
    visit.wait("cr_paying")
    visit.sim.control.wait_held()
    panel.buttons["abandon"].click()
    visit.wait("cr_failed")
    assert any("annulé sur le terminal" in t for t in visit.texts())
    click(visit.qtbot, visit.window.screens["cr_failed"].back_button)
    visit.wait("cr_creance")
    click(visit.qtbot, visit.creance_screen.primary_button)
    visit.wait("cr_paying")
    visit.sim.control.wait_held()  # the panel queued the next held payment
    panel.buttons["approve"].click()
    visit.wait("cr_accepted")
    assert_agreement(visit, before)
    visit.leave()


def test_card_pulled_while_paying_the_payment_still_counts_and_the_next_visit_pays(visit):
    before = remaining(visit.backend)
    to_creance(visit)
    visit.creance_screen.type_amount("20")
    visit.sim.control.push(hold=True)
    click(visit.qtbot, visit.creance_screen.primary_button)
    visit.wait("cr_paying")
    visit.sim.control.wait_held()
    visit.leave()  # the session is wiped; the payment goes on off the GUI thread
    visit.sim.control.release()
    visit.qtbot.waitUntil(lambda: [p[2] for p in payments(visit.backend)] == ["accepted"], timeout=WAIT)
    visit.qtbot.waitUntil(lambda: Outbox(visit.outbox_dir).entries() == [], timeout=WAIT)
    assert remaining(visit.backend)[REFERENCE] == 550
    to_creance(visit, OLDEST)  # the next visit: nothing left over from the one before
    visit.creance_screen.type_amount("16")
    click(visit.qtbot, visit.creance_screen.primary_button)
    visit.wait("cr_accepted")
    assert_agreement(visit, before)
    visit.leave()
