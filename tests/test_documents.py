"""The attestation de droits and the créance receipt: content, fonts, pages, metadata.

Each test card's people are rendered; the PDFs are rasterised with pdftoppm into build/pdf/
so that a person can look at them (the PNGs hold fictitious people only).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tomllib
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from bms_kiosk.services.documents import (
    ATTESTATION_TITLE,
    build_attestation_pdf,
    build_receipt_pdf,
    format_amount,
    format_nir,
)
from bms_backend.store import CARDS_DIR
from bms_client.models import AttestationData, BeneficiaryRights, BirthDate, BirthDateError, PaymentReceipt

ROOT = Path(__file__).resolve().parent.parent
PDF_PNG_DIR = ROOT / "build" / "pdf"


def _date(text: str) -> BirthDate | None:
    """The card's date de naissance as written (lunaire too); None when malformed."""
    try:
        return BirthDate.from_card(text)
    except BirthDateError:
        return None


def attestation_from_card(path: Path, *, include_exoneration: bool = True) -> AttestationData:
    """Test data: the people of a card with rights, as the reference backend would give them."""
    card = tomllib.loads(path.read_text(encoding="utf-8"))
    people = []
    for i, b in enumerate(card.get("beneficiary", [])):
        born = _date(str(b.get("naissance", "")))
        if born is None:
            continue
        people.append(BeneficiaryRights(
            nom=b["nom"], prenom=b["prenom"], date_naissance=born, nir=b["nir"], rang=int(b.get("rang", 1)),
            rights_from=date(2025, 1, 1), rights_to=date(2026, 12, 31) if i % 2 == 0 else None,
            medecin_traitant="" if i % 3 == 2 else f"Dr Camille LAMBERT-DUPRÉ ({75 + i:03d})",
            exoneration_tm=(i % 2 == 0), exoneration_label="ALD" if i == 0 else "",
        ))
    assure = people[0]
    return AttestationData(
        assure_nir=assure.nir, assure_name=assure.display_name, caisse_name="CPAM de Paris",
        caisse_code=str(card.get("caisse_code", "751")), code_regime=str(card.get("code_regime", "01")),
        beneficiaries=tuple(people), include_exoneration=include_exoneration,
        issued_on=date(2026, 1, 15), terminal_id="BMS-TEST-0042",
    )


def sample_receipt() -> PaymentReceipt:
    return PaymentReceipt(amount="25.00", transaction_ref="TX-20260115-000123", merchant_id="MERCH-7510042",
                          authorisation_number="A1B2C3", masked_card="**** **** **** 1234",
                          paid_at="2026-01-15T10:42:00", avis_references=("1234567890123456A",),
                          terminal_id="BMS-TEST-0042")


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def render_png(data: bytes, name: str, resolution: int = 60) -> list[Path]:
    """Rasterise ``data`` with pdftoppm into build/pdf/<name>-<page>.png (for looking at)."""
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) is not installed: run scripts/setup.sh")
    PDF_PNG_DIR.mkdir(parents=True, exist_ok=True)
    for old in PDF_PNG_DIR.glob(f"{name}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", str(resolution), "-", str(PDF_PNG_DIR / name)],
                   input=data, check=True)
    return sorted(PDF_PNG_DIR.glob(f"{name}-*.png"))


VALID_CARDS = sorted(p for p in CARDS_DIR.glob("*.toml")
                     if any(_date(str(b.get("naissance", ""))) for b in
                            tomllib.loads(p.read_text(encoding="utf-8")).get("beneficiary", [])))


def test_format_nir_and_amount() -> None:
    assert format_nir("184037511203367") == "1 84 03 75 112 033 67"
    assert format_nir("160012A00400574") == "1 60 01 2A 004 005 74"
    assert format_amount("25.00") == "25,00\u00a0€"
    assert format_amount("1234.5") == "1\u00a0234,50\u00a0€"


@pytest.mark.parametrize("card", VALID_CARDS, ids=lambda p: p.stem)
def test_every_card_renders(card: Path) -> None:
    data = attestation_from_card(card)
    pdf = build_attestation_pdf(data)
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    assert ATTESTATION_TITLE in text
    assert format_nir(data.assure_nir) in text
    flat = " ".join(text.split())
    for b in data.beneficiaries:
        # long names may wrap inside their cell: compare without line breaks
        assert b.prenom in flat and b.nom.split()[0] in flat, b.display_name
        assert str(b.date_naissance) in text  # as written, "00/00/1985" included
    assert "01/01/2025" in text and "31/12/2026" in text
    assert "BMS-TEST-0042" in text and "15/01/2026" in text
    pages = render_png(pdf, f"attestation-{card.stem}")
    assert pages


def test_nineteen_beneficiaries_header_on_every_page() -> None:
    data = attestation_from_card(CARDS_DIR / "dix_neuf.toml")
    assert len(data.beneficiaries) == 19
    reader = PdfReader(io.BytesIO(build_attestation_pdf(data)))
    assert 1 <= len(reader.pages) <= 2
    for page in reader.pages:
        text = page.extract_text()
        assert ATTESTATION_TITLE in text
        assert "Bénéficiaire" in text  # the table header is repeated on a second page


def test_exoneration_only_when_asked() -> None:
    card = CARDS_DIR / "famille4.toml"
    with_exo = " ".join(pdf_text(build_attestation_pdf(attestation_from_card(card, include_exoneration=True))).split())
    without = " ".join(pdf_text(build_attestation_pdf(attestation_from_card(card, include_exoneration=False))).split())
    assert "ticket modérateur" in with_exo and "ALD" in with_exo
    assert "ticket modérateur" not in without and "ALD" not in without


def test_people_without_rights_are_left_out() -> None:
    data = attestation_from_card(CARDS_DIR / "famille4.toml")
    closed = data.beneficiaries[1]
    closed = BeneficiaryRights(closed.nom, "SANSDROITS", closed.date_naissance, closed.nir, closed.rang, None, None)
    data2 = AttestationData(data.assure_nir, data.assure_name, data.caisse_name, data.caisse_code, data.code_regime,
                            (data.beneficiaries[0], closed), False, data.issued_on, data.terminal_id)
    assert "SANSDROITS" not in pdf_text(build_attestation_pdf(data2))
    with pytest.raises(ValueError):
        build_attestation_pdf(AttestationData(data.assure_nir, data.assure_name, "c", "751", "01", (closed,),
                                              False, data.issued_on, "t"))


def test_fonts_embedded_and_accents_extractable() -> None:
    data = attestation_from_card(CARDS_DIR / "noms_longs.toml")
    pdf = build_attestation_pdf(data)
    reader = PdfReader(io.BytesIO(pdf))
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            desc = (descendant[0].get_object() if descendant else font).get("/FontDescriptor")
            fonts.add(str(font["/BaseFont"]))
            assert desc is not None and any(k in desc.get_object() for k in ("/FontFile2", "/FontFile")), font
    assert all("DejaVu" in f for f in fonts), fonts
    text = " ".join(pdf_text(pdf).split())
    assert "MARIE-HÉLÈNE" in text and "ÉLOÏSE" in text and "N'DIAYE-LÉVÊQUE" in text


@pytest.mark.parametrize("card", ["noms_longs.toml", "dix_neuf.toml", "famille4.toml"])
def test_metadata_holds_no_personal_data(card: str) -> None:
    data = attestation_from_card(CARDS_DIR / card)
    moment = datetime(2026, 1, 15, 10, 42, tzinfo=timezone.utc)
    pdf = build_attestation_pdf(data, moment)
    meta = PdfReader(io.BytesIO(pdf)).metadata or {}
    blob = " ".join(str(v) for v in meta.values()).upper()
    for b in data.beneficiaries:
        assert b.nom.upper() not in blob and b.prenom.upper() not in blob
        assert b.nir not in blob and format_nir(b.nir) not in blob
    assert meta.get("/Title") == "Attestation de droits à l'assurance maladie"
    assert PdfReader(io.BytesIO(pdf)).metadata.creation_date == moment  # the real moment, not 2000-01-01
    assert build_attestation_pdf(data, moment) == pdf  # deterministic, no random id


def test_receipt() -> None:
    r = sample_receipt()
    pdf = build_receipt_pdf(r)
    text = pdf_text(pdf)
    assert "REÇU DE PAIEMENT DE CRÉANCE" in text
    for needle in ("25,00", "€", "TX-20260115-000123", "MERCH-7510042", "A1B2C3", "**** **** **** 1234",
                   "15/01/2026 à 10:42", "1234567890123456A"):
        assert needle in text, needle
    meta = PdfReader(io.BytesIO(pdf)).metadata or {}
    assert meta.get("/Title") == "Reçu de paiement"
    assert render_png(pdf, "recu-paiement")
