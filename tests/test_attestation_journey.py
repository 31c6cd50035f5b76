"""The attestation de droits journey end to end, on the real stack.

Real pcscd + vpcd with our simulated cards, the reference backend over HTTP on loopback, a
private cupsd with the cups-pdf printer. The person's taps are simulated, nothing else.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt

from bms_kiosk.app import Backend
from bms_kiosk.hardware.cups_printer import CupsPrinter
from bms_kiosk.hardware.pcsc import PcscCardSource
from bms_kiosk.hardware.virtual_card import load_card, shipped_cards
from tests.support.kiosk import save_screen

pytestmark = pytest.mark.pcsc
WAIT = 10000
CODE = "1234"
ALL_NIRS = sorted({b["nir"] for path in shipped_cards().values() for b in load_card(path).beneficiaries})


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def printed_pdfs(cupsd) -> list[Path]:
    return sorted(cupsd.output_dir.glob("job_*.pdf"))


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


class Visit:
    """A person at the terminal: insert, type, tap, and what the screen says."""

    def __init__(self, kiosk, robot, qtbot, backend, cupsd) -> None:
        self.kiosk, self.robot, self.qtbot, self.backend, self.cupsd = kiosk, robot, qtbot, backend, cupsd
        self.window, self.journey = kiosk.window, kiosk.journey

    def wait(self, state: str, timeout: int = WAIT) -> None:
        self.qtbot.waitUntil(lambda: self.journey.state == state, timeout=timeout)

    def texts(self) -> list[str]:
        return self.window.current.visible_texts()

    def insert(self, card: str) -> None:
        self.robot.insert(card)
        self.wait("auth")

    def type_code(self, code: str) -> None:
        self.window.auth.type_code(code)
        click(self.qtbot, self.window.auth.primary_button)

    def login(self, card: str, code: str = CODE, to: str = "menu") -> None:
        """Log in; a notice before the menu (an open OC overlap) is put off with PLUS TARD unless awaited."""
        self.insert(card)
        self.type_code(code)
        self.logged_in(to)

    def logged_in(self, to: str = "menu") -> None:
        self.qtbot.waitUntil(lambda: self.journey.state in (to, "menu", "oc_notice"), timeout=WAIT)
        if self.journey.state == "oc_notice" and to != "oc_notice":
            click(self.qtbot, self.window.screens["oc_notice"].later_button)
        self.wait(to)

    def open_attestation(self) -> None:
        click(self.qtbot, self.window.menu.choices.buttons()[0])
        self.wait("att_choice")

    def choose(self, index: int) -> None:
        rows = self.window.screens["att_choice"].choices.buttons()
        assert not self.window.screens["att_choice"].primary_button.isEnabled()
        click(self.qtbot, rows[index])
        click(self.qtbot, self.window.screens["att_choice"].primary_button)

    def answer(self, *yes: bool) -> None:
        self.wait("att_option")
        answers = list(self.window.screens["att_option"].answers.values())
        assert len(answers) == len(yes)
        # why only these people are asked (after "L'ensemble", the others are not named)
        only = self.window.screens["att_option"].only_these
        assert only.isVisible() and "exonération du ticket modérateur" in only.text()
        for row, value in zip(answers, yes):
            assert not self.window.screens["att_option"].primary_button.isEnabled()
            click(self.qtbot, row.yes if value else row.no)
        click(self.qtbot, self.window.screens["att_option"].primary_button)

    def print_it(self) -> Path:
        self.wait("att_preview")
        before = set(printed_pdfs(self.cupsd))
        click(self.qtbot, self.window.screens["att_preview"].primary_button)
        try:
            self.wait("att_printed")
        except Exception:
            print("CUPS LOG", (self.cupsd.log_dir / "error_log").read_text()[-4000:])
            raise
        self.qtbot.waitUntil(lambda: len(set(printed_pdfs(self.cupsd)) - before) == 1, timeout=WAIT)
        (new,) = set(printed_pdfs(self.cupsd)) - before
        return self.cupsd.find_job_pdf(int(new.name.split("_")[1].split("-")[0]))

    def leave(self) -> None:
        self.robot.pull()
        self.wait("attract")
        assert_nothing_personal(self.kiosk)


def assert_nothing_personal(kiosk) -> None:
    journey, window = kiosk.journey, kiosk.window
    assert journey.session.card is None and journey.session.data == {}
    assert journey.backend is None
    assert window.screens["att_choice"].choices.values == [] and window.screens["att_option"].answers == {}
    assert window.screens["att_preview"].preview.page_count == 0
    assert window.auth.greeting.text() == "" and window.menu.greeting.text() == ""


@pytest.fixture
def printer(cupsd):
    cupsd.enable(cupsd.pdf_queue)
    return CupsPrinter(cupsd.pdf_queue, server=cupsd.socket, timeout=30)


@pytest.fixture
def visit(make_kiosk, card_robot, pcscd, backend_server, cupsd, printer, qtbot):
    backend = Backend(backend_server.url, backend_server.terminal_key)
    kiosk = make_kiosk(PcscCardSource(poll_delay=0.1), backend=backend, printer=printer,
                       backend_read_timeout=3.0, backend_connect_timeout=1.0)
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract" and kiosk.journey.reader_ready, timeout=WAIT)
    return Visit(kiosk, card_robot, qtbot, backend_server, cupsd)


def test_all_beneficiaries_printed(visit, caplog):
    visit.login("famille4")
    texts = visit.texts()
    labels = [spec.label for spec in visit.journey.catalogue]
    assert [b.text() for b in visit.window.screens["menu"].choices.buttons()] == labels  # stable order
    assert labels[0] == "Mon attestation de droits"
    assert all(spec.summary in texts for spec in visit.journey.catalogue)  # a short line each
    save_screen(visit.kiosk, "menu")
    visit.open_attestation()
    rows = [b.text() for b in visit.window.screens["att_choice"].choices.buttons()]
    assert rows == ["L'ensemble des bénéficiaires", "Paul MARTIN 12/03/1984", "Claire MARTIN 02/07/1986",
                    "Lea MARTIN 20/05/2012", "Hugo MARTIN 08/11/2015"]
    assert "VOUS SOUHAITEZ OBTENIR UNE ATTESTATION POUR :" in visit.texts()
    save_screen(visit.kiosk, "att_choice")
    click(visit.qtbot, visit.window.screens["att_choice"].missing)  # the link opens its own help
    assert visit.window.help.isVisible() and visit.window.help.headline.text() == "IL MANQUE UNE PERSONNE ?"
    click(visit.qtbot, visit.window.help.button)
    visit.choose(0)
    # only Léa has an exonération: the question is asked for her alone
    visit.wait("att_option")
    assert [yn.question.text() for yn in visit.window.screens["att_option"].answers.values()] == [
        "Souhaitez-vous ajouter pour MARTIN Lea les informations suivantes :"]
    save_screen(visit.kiosk, "att_option")
    visit.answer(False)
    visit.wait("att_preview")
    save_screen(visit.kiosk, "att_preview")
    # the magnifier: half a page at a time, twice as large, still no scroll bar
    view, zoom = visit.window.screens["att_preview"].preview.view, visit.window.screens["att_preview"].zoom_button
    full_height = view.page_rect().height()
    assert zoom.text() == "AGRANDIR LE HAUT"
    click(visit.qtbot, zoom)
    assert view.zoom == "top" and view.page_rect().height() >= 1.5 * full_height  # bounded by the width
    save_screen(visit.kiosk, "att_preview-zoom")
    click(visit.qtbot, zoom)
    assert view.zoom == "bottom" and view.page_rect().bottom() <= view.height()
    click(visit.qtbot, zoom)
    assert view.zoom == "page"
    pdf = visit.print_it()
    save_screen(visit.kiosk, "att_printed")
    text = pdf_text(pdf)
    for name in ("PAUL", "CLAIRE", "LEA", "HUGO"):
        assert name in text
    assert "ticket" not in text.lower() and "ALD" not in text
    click(visit.qtbot, visit.window.screens["att_printed"].primary_button)
    visit.wait("end")
    assert "Retirez votre carte Vitale" in visit.texts()
    visit.leave()
    for nir in ALL_NIRS:
        assert nir not in caplog.text


@pytest.mark.parametrize("with_tm", [True, False])
def test_one_person_with_the_ticket_moderateur_option(visit, with_tm):
    visit.login("famille4")
    visit.open_attestation()
    visit.choose(3)  # Léa
    visit.answer(with_tm)
    text = pdf_text(visit.print_it())
    assert "LEA" in text and "HUGO" not in text and "CLAIRE" not in text
    # the exonération column and its value (pdftotext of the cups-pdf output drops accents)
    assert ("ticket" in text.lower()) is with_tm and ("ALD" in text) is with_tm
    visit.leave()


def test_person_without_exoneration_is_not_asked(visit):
    visit.login("famille4")
    visit.open_attestation()
    visit.choose(4)  # Hugo
    visit.wait("att_preview")
    assert visit.journey.history[-3:] == ["att_choice", "att_loading", "att_preview"]  # no att_option
    text = pdf_text(visit.print_it())
    assert "HUGO" in text and "LEA" not in text
    visit.leave()


@pytest.mark.parametrize("card, title, wording", [
    # droits_fermes (nobody with open rights) is not offered the service: tests/test_journey_person.py
    ("adresse_inconnue", "Votre adresse n'est pas à jour", "un conseiller de l'accueil, ou depuis votre compte ameli"),
    ("rejet", "Informations à mettre à jour",
     "Nous ne pouvons satisfaire votre demande car les informations vous concernant doivent être mises à "
     "jour. Veuillez contacter votre caisse."),
])
def test_outcomes(visit, card, title, wording):
    last_job = max(visit.cupsd.job_ids(), default=0)
    visit.login(card)
    visit.open_attestation()
    visit.choose(0)
    visit.wait("att_outcome")
    texts = visit.texts()
    assert title in texts
    assert any(wording in t for t in texts)
    # an outcome prints nothing: no job reached cupsd, and the journey never went near the printer
    assert visit.journey.history[visit.journey.history.index("att_choice"):] == [
        "att_choice", "att_loading", "att_outcome"]
    assert visit.cupsd.jobs_since(last_job) == []
    save_screen(visit.kiosk, f"att_outcome-{card}")
    click(visit.qtbot, visit.window.screens["att_outcome"].home_button)
    visit.wait("menu")
    visit.leave()


def test_wrong_code_then_right(visit):
    visit.insert("seul")
    visit.type_code("9999")
    visit.qtbot.waitUntil(lambda: visit.window.auth.message.isVisible(), timeout=WAIT)
    assert "2" in visit.window.auth.message.text() and visit.journey.state == "auth"
    save_screen(visit.kiosk, "auth-wrong_code")
    visit.type_code(CODE)
    visit.wait("menu")
    visit.leave()


def test_locked_after_the_attempts(visit):
    visit.insert("famille6")
    for _ in range(visit.kiosk.config.auth_max_attempts):
        visit.qtbot.waitUntil(lambda: visit.window.auth.keys["1"].isEnabled(), timeout=WAIT)
        visit.type_code("0000")
    visit.wait("locked")
    assert any("accueil" in t for t in visit.texts())
    save_screen(visit.kiosk, "locked")
    visit.leave()


def test_sms_code(visit):
    visit.insert("jumeaux")
    click(visit.qtbot, visit.window.auth.sms_button)
    visit.wait("auth_sms")
    assert "** **" in visit.window.sms.message.text()
    assert "SAISISSEZ LE CODE REÇU PAR SMS :" in visit.texts()
    save_screen(visit.kiosk, "auth-sms")
    assure = visit.journey.session.card.assure.nir
    sms = requests.get(f"{visit.backend.url}/v1/admin/sms-outbox", params={"nir": assure},
                       headers={"X-Terminal-Key": visit.backend.terminal_key}, timeout=5).json()
    visit.window.sms.type_code(sms["code"])
    click(visit.qtbot, visit.window.sms.primary_button)
    visit.logged_in()
    visit.leave()


STEPS = ["auth", "menu", "att_choice", "att_option", "att_preview", "att_printed"]


def walk_to(visit, step: str) -> None:
    visit.insert("famille4")
    if step == "auth":
        return
    visit.type_code(CODE)
    visit.logged_in()
    if step == "menu":
        return
    visit.open_attestation()
    if step == "att_choice":
        return
    visit.choose(0)
    visit.wait("att_option")
    if step == "att_option":
        return
    visit.answer(True)
    visit.wait("att_preview")
    if step == "att_preview":
        return
    visit.print_it()


@pytest.mark.parametrize("step", STEPS)
def test_card_pulled_at_each_step(visit, step):
    walk_to(visit, step)
    assert visit.journey.state == step
    visit.leave()


@pytest.mark.parametrize("step", STEPS)
def test_inactivity_at_each_step(visit, step):
    walk_to(visit, step)
    guard = visit.journey.guard
    assert guard.armed  # the journey watches this step by itself: the test starts no timer
    guard.set_second(2)  # restarts the running delay, faster
    visit.wait("end")
    assert_nothing_personal(visit.kiosk)
    visit.leave()


def test_backend_down_at_login(visit):
    visit.insert("seul")
    visit.backend.stop()
    visit.type_code(CODE)
    visit.wait("unavailable")
    assert "Service momentanément indisponible" in visit.texts()
    assert_nothing_personal(visit.kiosk)
    visit.journey.guard.set_second(5)  # warns (the card is still in), then ends by itself
    visit.qtbot.waitUntil(visit.window.inactivity.isVisible, timeout=WAIT)
    visit.wait("end")
    visit.leave()


def test_backend_down_at_the_attestation(visit):
    visit.login("seul")
    visit.open_attestation()
    visit.backend.stop()
    visit.choose(0)
    visit.wait("unavailable")
    assert_nothing_personal(visit.kiosk)
    visit.leave()


def test_backend_down_at_sms_request(visit):
    visit.insert("seul")
    visit.backend.stop()
    click(visit.qtbot, visit.window.auth.sms_button)
    visit.wait("unavailable")
    visit.leave()


def print_without_paper(visit, cupsd) -> None:
    queue = cupsd.make_fault_queue("media-empty-error", 4)
    visit.journey.services.printer = CupsPrinter(queue, server=cupsd.socket, timeout=20)
    visit.login("seul")
    visit.open_attestation()
    visit.choose(0)
    visit.wait("att_preview")
    click(visit.qtbot, visit.window.screens["att_preview"].primary_button)
    visit.wait("att_print_failed", timeout=30000)


def test_printer_out_of_paper(visit, cupsd):
    print_without_paper(visit, cupsd)
    texts = " ".join(visit.texts())
    assert "L'imprimante n'a plus de papier." in texts
    assert "Votre attestation n'a pas été imprimée." in texts
    assert visit.journey.history[-3:] == ["att_preview", "att_printing", "att_print_failed"]  # never att_printed
    save_screen(visit.kiosk, "att_print_failed")
    visit.leave()


def test_retry_after_a_failed_print(visit, cupsd, printer):
    """RÉESSAYER sends the same document again once the paper is back; TERMINER stays beside it."""
    print_without_paper(visit, cupsd)
    failed = visit.window.screens["att_print_failed"]
    assert failed.primary_button.text() == "RÉESSAYER >" and failed.finish_button.text() == "TERMINER"
    visit.journey.services.printer = printer  # the paper is back
    before = set(printed_pdfs(visit.cupsd))
    click(visit.qtbot, failed.primary_button)
    visit.wait("att_printed")
    visit.qtbot.waitUntil(lambda: len(set(printed_pdfs(visit.cupsd)) - before) == 1, timeout=WAIT)
    assert visit.journey.history[-5:] == ["att_preview", "att_printing", "att_print_failed", "att_printing",
                                          "att_printed"]
    visit.leave()


def test_double_taps_print_once(visit):
    visit.login("famille4")
    visit.open_attestation()
    rows = visit.window.screens["att_choice"].choices.buttons()
    click(visit.qtbot, rows[4])
    confirm = visit.window.screens["att_choice"].primary_button
    confirm.click()
    confirm.click()  # the second tap lands while the journey already moved on
    visit.wait("att_preview")
    assert visit.journey.history.count("att_loading") == 1
    last_job = max(visit.cupsd.job_ids(), default=0)
    button = visit.window.screens["att_preview"].primary_button
    button.click()
    button.click()
    visit.journey.answer()  # even a tap that got through the disabled button
    visit.wait("att_printed")
    # cupsd's own job list: one job, printed (its PDF written), and no second one behind it
    (job,) = visit.cupsd.jobs_since(last_job)
    visit.cupsd.find_job_pdf(job)
    assert visit.cupsd.jobs_since(last_job) == [job]
    assert visit.journey.history.count("att_printing") == 1
    visit.leave()


def test_nothing_personal_left_on_disk(visit, cupsd):
    started = time.time() - 1
    visit.login("famille4")
    visit.open_attestation()
    visit.choose(0)
    visit.answer(True)
    visit.print_it()
    visit.leave()
    # The CUPS spool and state of the kiosk's queue (job files, history), and every file written
    # in /tmp during the visit. Not looked at: the paper (the cups-pdf output) and the reference
    # server's own database (pytest's tmp_path): they stand for the printer tray and the CPAM.
    places = [cupsd.root / "spool", cupsd.root / "cache", Path("/tmp")]
    leaks = []
    for place in places:
        # os.walk, not rglob: other runs on this machine create and delete folders in /tmp meanwhile
        for path in (Path(d) / f for d, _dirs, files in os.walk(place) for f in files):
            try:
                if not path.is_file() or path.stat().st_mtime < started:
                    continue
            except OSError:
                continue
            # the embedded reference server's database (of another run on this machine) is the CPAM too
            if cupsd.output_dir in path.parents or "pytest-of-" in str(path) \
                    or any(p.name.startswith("bms-reference-backend-") for p in path.parents):
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue
            leaks += [f"{path}: {nir}" for nir in ALL_NIRS if nir.encode() in data]
    assert leaks == []


def test_nineteen_people_fit_the_screen(visit):
    visit.login("dix_neuf")
    visit.open_attestation()
    rows = visit.window.screens["att_choice"].choices.buttons()
    assert len(rows) == 20
    assert visit.kiosk.window.size().toTuple() == (1920, 1080)
    assert visit.window.screens["att_choice"].primary_button.isVisible()
    # the last person is reachable with PAGE SUIVANTE (no drag), at least 6 rows at a time
    choices = visit.window.screens["att_choice"].choices
    visit.qtbot.waitUntil(lambda: sum(r.isVisible() for r in rows) >= 6, timeout=WAIT)
    while not rows[-1].isVisible():
        click(visit.qtbot, choices.next_button)
    assert choices.page_label.text() == f"Page {choices.page_count} / {choices.page_count}"
    save_screen(visit.kiosk, "att_choice-dix_neuf")
    visit.choose(19)
    visit.wait("att_preview")
    visit.leave()


def test_next_person_is_not_held_up_by_the_previous_logout(visit, monkeypatch):
    """Closing the previous visit's backend session must not swallow the next person's code."""
    from bms_client.client import BackendClient

    real_close = BackendClient.close_session

    def slow_close(self):
        time.sleep(1.5)  # a slow network at the end of the first visit
        real_close(self)

    monkeypatch.setattr(BackendClient, "close_session", slow_close)
    visit.login("seul")
    visit.leave()
    visit.login("seul")  # types the code while the first logout is still on the wire
    visit.leave()


def test_a_printer_that_never_answers_does_not_hold_the_person(visit, cupsd):
    queue = cupsd.make_fault_queue("", 0, sleep=30)  # the job hangs in the backend
    printer = CupsPrinter(queue, server=cupsd.socket, timeout=300)
    visit.journey.services.printer = printer
    visit.login("seul")
    visit.open_attestation()
    visit.choose(0)
    visit.wait("att_preview")
    visit.journey._print_limit.setInterval(1500)  # the clock of the physical world, shortened
    click(visit.qtbot, visit.window.screens["att_preview"].primary_button)
    visit.wait("att_print_failed", timeout=10000)
    texts = " ".join(visit.texts())
    assert "L'impression a pris trop de temps" in texts and "n'a pas été imprimée" in texts
    assert "att_printed" not in visit.journey.history
    visit.leave()
    CupsPrinter(queue, server=cupsd.socket).cancel_all_jobs()


def test_lunar_birth_dates_end_to_end(visit):
    """Issue 17 item 14: people born abroad (dates de naissance lunaires) are read by the real reader
    stack, shown, given back by the backend and printed as the card writes them."""
    visit.login("naissance_lunaire")
    visit.open_attestation()
    rows = [b.text() for b in visit.window.screens["att_choice"].choices.buttons()]
    assert rows == ["L'ensemble des bénéficiaires", "Karim BENALI 00/00/1985", "Aicha BENALI 31/02/1987",
                    "Yasmine BENALI 00/05/2012"]
    save_screen(visit.kiosk, "att_choice-naissance_lunaire")
    visit.choose(0)
    text = pdf_text(visit.print_it())
    assert [d for d in ("00/00/1985", "31/02/1987", "00/05/2012") if d in text] == [
        "00/00/1985", "31/02/1987", "00/05/2012"]
    # item 12 on paper: the code organisme and each person's own NIR
    assert visit.journey.history == ["attract", "reading", "auth", "menu", "att_choice", "att_loading",
                                     "att_preview", "att_printing", "att_printed"]  # in this order, once each
    assert "01 751 1010" in text
    assert [n for n in ("1 85 20 99 350 123 75", "2 87 20 99 216 045 48", "2 12 05 99 350 077 13") if n in text] == [
        "1 85 20 99 350 123 75", "2 87 20 99 216 045 48", "2 12 05 99 350 077 13"]
    visit.leave()
