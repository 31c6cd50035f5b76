"""Mon attestation de paiement d'indemnités journalières, end to end on the real stack.

pcscd + vpcd with our simulated cards, the reference backend over HTTP, the private cupsd.
Seed: DURAND SOPHIE (card ``seul``) has two IJ periods (885,15 € and 337,20 €); MARTIN PAUL
(``famille4``) has none.
"""

from __future__ import annotations

import pytest

from tests.support.kiosk import save_screen
from tests.test_attestation_journey import click, pdf_text, printer, visit  # noqa: F401 (fixtures)

pytestmark = pytest.mark.pcsc
LABEL = "Mon attestation de paiement d'indemnités journalières"


def open_ij(visit) -> None:
    menu = visit.window.screens["menu"]
    (button,) = [b for b in menu.choices.buttons() if b.text() == LABEL]
    click(visit.qtbot, button)


def choose(visit, index: int, fresh: bool = True) -> None:
    visit.wait("ij_choice")
    screen = visit.window.screens["ij_choice"]
    assert screen.primary_button.isEnabled() is not fresh  # CONFIRMER waits for a choice
    click(visit.qtbot, screen.choices.buttons()[index])
    click(visit.qtbot, screen.primary_button)


def print_ij(visit):
    visit.wait("ij_preview")
    before = set(visit.cupsd.output_dir.glob("job_*.pdf"))
    click(visit.qtbot, visit.window.screens["ij_preview"].primary_button)
    visit.wait("ij_printed")
    visit.qtbot.waitUntil(lambda: len(set(visit.cupsd.output_dir.glob("job_*.pdf")) - before) == 1, timeout=10000)
    (new,) = set(visit.cupsd.output_dir.glob("job_*.pdf")) - before
    return visit.cupsd.find_job_pdf(int(new.name.split("_")[1].split("-")[0]))


def test_all_periods_printed(visit):
    visit.login("seul")
    open_ij(visit)
    choose_screen = visit.window.screens["ij_choice"]
    visit.wait("ij_choice")
    rows = [b.text() for b in choose_screen.choices.buttons()]
    assert rows[0] == "Toutes les périodes (2) — 1\u00a0222,35\u00a0€"
    assert rows[1].endswith("21 jours — 885,15\u00a0€") and rows[2].endswith("8 jours — 337,20\u00a0€")
    save_screen(visit.kiosk, "ij_choice")
    choose(visit, 0)
    visit.wait("ij_preview")
    assert "Voici votre attestation de paiement d'indemnités journalières." in visit.texts()
    save_screen(visit.kiosk, "ij_preview")
    text = pdf_text(print_ij(visit))
    assert "885,15" in text and "337,20" in text and "222,35" in text and "SOPHIE" in text.upper()
    save_screen(visit.kiosk, "ij_printed")
    counts = visit.kiosk.maintenance.technician.counters.counts  # from the declarations, no state names
    assert counts["service:attestation_ij"] == 1 and counts["prints"] == 1
    click(visit.qtbot, visit.window.screens["ij_printed"].primary_button)  # TERMINER
    visit.wait("end")
    visit.leave()


def test_one_period_and_retour(visit):
    visit.login("seul")
    open_ij(visit)
    choose(visit, 1)
    visit.wait("ij_preview")
    click(visit.qtbot, visit.window.screens["ij_preview"].back_button)  # RETOUR: the choice, kept
    assert visit.window.screens["ij_choice"].choices.selected() == 0
    choose(visit, 1, fresh=False)
    text = pdf_text(print_ij(visit))
    assert "885,15" in text and "337,20" not in text
    visit.leave()


def test_no_ij_outcome(visit):
    visit.login("famille4")
    open_ij(visit)
    visit.wait("ij_outcome")
    texts = visit.texts()
    assert "Aucune indemnité journalière" in texts
    assert any("ne vous a été versée" in t for t in texts)
    save_screen(visit.kiosk, "ij_outcome-no_ij")
    click(visit.qtbot, visit.window.screens["ij_outcome"].back_button)
    visit.wait("menu")
    visit.leave()


def test_card_pulled_on_the_choice_wipes_the_periods(visit):
    visit.login("seul")
    open_ij(visit)
    visit.wait("ij_choice")
    visit.leave()
    assert visit.window.screens["ij_choice"].choices.values == []
