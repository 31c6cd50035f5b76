"""Mon relevé fiscal, end to end on the real stack (pcscd + vpcd, reference backend, private cupsd).

Seed: DURAND SOPHIE (``seul``) has last year's relevé, published 60 days ago (1 222,35 €);
MARTIN PAUL (``famille4``) has one published 250 days ago: past the 6 months; PETIT JULIE
(``jumeaux``) has none.
"""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from bms_kiosk.kiosk_services.releve.document import ReleveData, build_releve_pdf
from tests.support.kiosk import save_screen
from tests.test_attestation_journey import click, pdf_text, printer, visit  # noqa: F401 (fixtures)

LABEL = "Mon relevé fiscal"


def open_releve(visit) -> None:
    (button,) = [b for b in visit.window.screens["menu"].choices.buttons() if b.text() == LABEL]
    click(visit.qtbot, button)


@pytest.mark.pcsc
def test_releve_shown_and_printed(visit):
    visit.login("seul")
    open_releve(visit)
    visit.wait("rf_preview")
    texts = " ".join(visit.texts())
    assert f"Revenus {date.today().year - 1} : total imposable 1\u00a0222,35\u00a0€." in texts
    assert "Disponible sur la borne jusqu'au" in texts
    save_screen(visit.kiosk, "rf_preview")
    before = set(visit.cupsd.output_dir.glob("job_*.pdf"))
    click(visit.qtbot, visit.window.screens["rf_preview"].primary_button)
    visit.wait("rf_printed")
    save_screen(visit.kiosk, "rf_printed")
    visit.qtbot.waitUntil(lambda: len(set(visit.cupsd.output_dir.glob("job_*.pdf")) - before) == 1, timeout=10000)
    (new,) = set(visit.cupsd.output_dir.glob("job_*.pdf")) - before
    text = pdf_text(visit.cupsd.find_job_pdf(int(new.name.split("_")[1].split("-")[0])))
    assert "222,35" in text and str(date.today().year - 1) in text
    visit.leave()


@pytest.mark.pcsc
def test_retour_from_the_releve_goes_to_the_menu(visit):
    visit.login("seul")
    open_releve(visit)
    visit.wait("rf_preview")
    click(visit.qtbot, visit.window.screens["rf_preview"].back_button)
    visit.wait("menu")
    visit.leave()


@pytest.mark.pcsc
@pytest.mark.parametrize("card, title, words", [
    ("famille4", "Relevé fiscal plus disponible sur la borne",
     "que pendant 6 mois après sa publication : ce délai est passé. Vous le retrouvez dans votre compte ameli"),
    ("jumeaux", "Aucun relevé fiscal", "Aucun relevé fiscal n'est disponible pour votre compte"),
])
def test_outcomes(visit, card, title, words):
    visit.login(card)
    open_releve(visit)
    visit.wait("rf_outcome")
    texts = visit.texts()
    assert title in texts and any(words in t for t in texts)
    save_screen(visit.kiosk, f"rf_outcome-{card}")
    click(visit.qtbot, visit.window.screens["rf_outcome"].home_button)
    visit.wait("menu")
    visit.leave()


def test_the_document_is_one_page_and_names_nobody_in_its_metadata():
    nir = "275096938301276"
    data = ReleveData(nir, "Sophie DURAND", "CPAM de Paris", "751", 2025, "1222.35", date(2026, 9, 27),
                      date(2027, 3, 27), date(2026, 11, 26), "BMS-TEST")
    moment = datetime(2026, 11, 26, 10, 30, 5)
    pdf = build_releve_pdf(data, moment)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for part in ("RELEVÉ FISCAL 2025", "222,35", "27/03/2027", "2 75 09"):
        assert part in text, part
    assert nir not in str(dict(reader.metadata)) and "DURAND" not in str(dict(reader.metadata))
    # the same data at the same moment: the same bytes (the creation date is the real moment, so
    # two builds a second apart differ there: that failed once when the test built at "now")
    assert build_releve_pdf(data, moment) == pdf and nir not in repr(data)
