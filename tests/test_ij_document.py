"""The attestation de paiement d'IJ as a document: one A4 page, generic metadata, the periods."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from bms_kiosk.kiosk_services.ij.document import IjData, IjPeriod, build_ij_pdf

NIR = "275096938301276"


def data(*periods: IjPeriod) -> IjData:
    return IjData(NIR, "Sophie DURAND", "CPAM de Paris", "751", periods, date(2026, 11, 26), "BMS-TEST")


P1 = IjPeriod(date(2026, 7, 29), date(2026, 8, 18), 21, "42.15", "885.15")
P2 = IjPeriod(date(2026, 10, 17), date(2026, 10, 24), 8, "42.15", "337.20")


def test_one_page_with_the_periods_and_the_total():
    reader = PdfReader(io.BytesIO(build_ij_pdf(data(P1, P2))))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for part in ("INDEMNITÉS JOURNALIÈRES", "29/07/2026", "885,15", "337,20", "222,35", "2 75 09"):
        assert part in text, part
    assert reader.pages[0].mediabox.width == pytest.approx(595.28, abs=0.5)


def test_metadata_names_nobody():
    meta = PdfReader(io.BytesIO(build_ij_pdf(data(P1)))).metadata
    assert meta.title == "Attestation de paiement d'indemnités journalières" and meta.author == "BMS"
    assert NIR not in str(dict(meta)) and "DURAND" not in str(dict(meta))
    moment = datetime(2026, 11, 26, 9, 30).astimezone()
    assert build_ij_pdf(data(P1), moment) == build_ij_pdf(data(P1), moment)  # deterministic at one moment
    assert NIR not in repr(data(P1))


def test_no_period_is_refused():
    with pytest.raises(ValueError):
        build_ij_pdf(data())
