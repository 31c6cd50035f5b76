"""The printed documents as a reader sees them (issue 17 item 12): French spacing, a real creation
date, the code organisme, each beneficiary's own NIR, text of 9 pt or more.

Every document the kiosk prints is checked: attestation de droits (every test card), attestation
d'IJ, relevé fiscal, créance receipt.
"""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from pypdf import PdfReader
from reportlab.platypus import Paragraph

from bms_backend.store import CARDS_DIR
from bms_kiosk.kiosk_services.ij.document import IjData, IjPeriod, build_ij_pdf
from bms_kiosk.kiosk_services.releve.document import ReleveData, build_releve_pdf
from bms_kiosk.services import documents as d
from bms_kiosk.services.documents import build_attestation_pdf, build_receipt_pdf, format_nir
from tests.test_documents import VALID_CARDS, attestation_from_card, sample_receipt

NIR = "275096938301276"
PUNCT = ";:?!%"
MOMENT = datetime(2026, 11, 26, 14, 23, 5, tzinfo=timezone(timedelta(hours=1)))


def ij() -> IjData:
    return IjData(NIR, "Sophie DURAND", "CPAM de Paris", "751",
                  (IjPeriod(date(2026, 7, 29), date(2026, 8, 18), 21, "42.15", "885.15"),), date(2026, 11, 26), "BMS-TEST")


def releve() -> ReleveData:
    return ReleveData(NIR, "Sophie DURAND", "CPAM de Paris", "751", 2025, "1222.35", date(2026, 3, 1),
                      date(2026, 9, 1), date(2026, 5, 2), "BMS-TEST")


def with_organisme(card: str = "famille4.toml"):
    from dataclasses import replace
    return replace(attestation_from_card(CARDS_DIR / card), code_organisme="017511010")


def every_document(created: datetime | None = None) -> dict[str, bytes]:
    docs = {f"attestation-{c.stem}": build_attestation_pdf(attestation_from_card(c), created) for c in VALID_CARDS}
    docs["attestation-sans-exoneration"] = build_attestation_pdf(
        attestation_from_card(CARDS_DIR / "famille4.toml", include_exoneration=False), created)
    docs["ij"] = build_ij_pdf(ij(), created)
    docs["releve"] = build_releve_pdf(releve(), created)
    docs["recu"] = build_receipt_pdf(sample_receipt(), created)
    return docs


@pytest.fixture(scope="module")
def documents() -> dict[str, bytes]:
    return every_document()


def lines_of(pdf: bytes) -> list[str]:
    return [line for page in PdfReader(io.BytesIO(pdf)).pages for line in page.extract_text().splitlines()]


def test_french_spacing() -> None:
    assert d.french_spacing("délivrance ; ils : oui ? non ! 100 % « mot »") == \
        "délivrance\u00a0; ils\u00a0: oui\u00a0? non\u00a0! 100\u00a0% «\u00a0mot\u00a0»"
    assert d.french_spacing("10:42 http://x") == "10:42 http://x"  # no space, nothing added


@pytest.mark.parametrize("width", range(60, 480, 7))
def test_no_line_starts_with_punctuation_at_any_width(width: int) -> None:
    """The attestation's note (the line that started with ';') wrapped at every width."""
    text = ("Rang : rang de naissance (jumeaux : 1, 2). Les droits indiqués sont ceux connus de votre caisse "
            "à la date de délivrance ; ils peuvent évoluer. Taux : 100 % ! Vraiment ?")
    para = d._p(text, d._styles()["small"])
    para.wrap(width, 10_000)
    starts = [" ".join(line[1]) if isinstance(line, tuple) else "".join(w.text for w in line.words)
              for line in para.blPara.lines]
    assert len(starts) > 1
    assert [s for s in starts if s.lstrip()[:1] in PUNCT] == []
    assert isinstance(para, Paragraph)


def test_no_document_line_starts_with_punctuation(documents: dict[str, bytes]) -> None:
    bad = {name: line for name, pdf in documents.items() for line in lines_of(pdf) if line.lstrip()[:1] in PUNCT}
    assert bad == {}
    note = " ".join(lines_of(documents["attestation-famille4"])).replace("\u00a0", " ")
    assert "délivrance ; ils peuvent évoluer" in note


def test_creation_date_is_the_moment_of_building(documents: dict[str, bytes]) -> None:
    now = datetime.now().astimezone()
    for name, pdf in documents.items():
        meta = PdfReader(io.BytesIO(pdf)).metadata
        created = meta.creation_date
        assert created is not None and created.year != 2000, name
        assert abs((created - now).total_seconds()) < 600, (name, created)
    fixed = build_ij_pdf(ij(), MOMENT)
    assert PdfReader(io.BytesIO(fixed)).metadata.creation_date == MOMENT
    assert b"/CreationDate (D:20261126142305+01'00')" in fixed
    assert build_ij_pdf(ij(), MOMENT) == fixed  # the same data at the same moment: the same bytes


def test_code_organisme_and_each_beneficiarys_nir() -> None:
    data = with_organisme("famille4.toml")
    text = " ".join(lines_of(build_attestation_pdf(data)))
    assert "Code organisme" in text and "01 751 1010" in text
    for b in data.beneficiaries:
        assert format_nir(b.nir) in text, b.display_name
    assert "Code organisme" not in " ".join(lines_of(build_attestation_pdf(attestation_from_card(
        CARDS_DIR / "famille4.toml"))))  # an older server gives none: nothing made up


def text_sizes(pdf: bytes) -> dict[float, set[str]]:
    """Rendered size (pt) of every piece of text: font size times the text matrix's scale."""
    sizes: dict[float, set[str]] = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                scale = (tm[3] ** 2 + tm[2] ** 2) ** 0.5 * (cm[3] ** 2 + cm[2] ** 2) ** 0.5
                sizes.setdefault(round(size * scale, 2), set()).add(text.strip())
        page.extract_text(visitor_text=visit)
    return sizes


def test_no_text_below_9_pt(documents: dict[str, bytes]) -> None:
    small = {name: {s: sorted(t)[:3] for s, t in text_sizes(pdf).items() if s < d.MIN_TEXT_PT}
             for name, pdf in documents.items()}
    assert {k: v for k, v in small.items() if v} == {}
    assert d.MIN_TEXT_PT >= 9
    assert min(text_sizes(documents["attestation-famille4"])) >= 9


def test_nineteen_people_still_fit_two_pages() -> None:
    data = with_organisme("dix_neuf.toml")
    pages = PdfReader(io.BytesIO(build_attestation_pdf(data))).pages
    assert len(pages) <= 2
    text = " ".join(p.extract_text() for p in pages)
    assert all(format_nir(b.nir) in text for b in data.beneficiaries)
    assert re.search(r"Délivrée le 15/01/2026", text)
