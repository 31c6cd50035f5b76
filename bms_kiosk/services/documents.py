"""The documents the kiosk prints: the attestation de droits and the créance payment receipt.

Qt-free and cups-free (services/): built with reportlab, A4, in memory (``BytesIO``), returned
as bytes; nothing is written to disk. DejaVu Sans is embedded (accents, apostrophes, €).
The PDF metadata names no person: a generic title, "BMS" as author, no subject or keywords.
The creation date is the real moment of building (``created``, now by default); reportlab's
invariant mode stays on for the rest (no random document id), so that the same data built at
the same moment gives the same bytes.

French typography: a non-breaking space before ; : ? ! and % (``french_spacing``), so that a
line never starts with one of them. Body text is at least 9 pt (``MIN_TEXT_PT``).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from importlib.resources import files
from io import BytesIO
from pathlib import Path
from typing import Callable

from bms_client import messages
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from xml.sax.saxutils import escape

from bms_client.models import AttestationData, BeneficiaryRights, PaymentReceipt, french_date
from bms_kiosk.services.amounts import format_amount  # noqa: F401 - documents and screens share it

FONTS_DIR = Path(str(files("bms_kiosk.assets"))) / "fonts"
FONT = "BMS-DejaVuSans"
FONT_BOLD = "BMS-DejaVuSans-Bold"

ATTESTATION_TITLE = "ATTESTATION DE DROITS À L'ASSURANCE MALADIE"
RECEIPT_TITLE = "REÇU DE PAIEMENT DE CRÉANCE"
# Generic names for the PDF metadata and for the print queue (never a person's name).
ATTESTATION_JOB_TITLE = "attestation-droits"
RECEIPT_JOB_TITLE = "recu-paiement"

INK = colors.HexColor("#1a1a1a")
GREY = colors.HexColor("#5a5a5a")
RULE = colors.HexColor("#8c8c8c")
BAND = colors.HexColor("#e8ecf1")
MARGIN = 18 * mm
HEADER_H = 30 * mm
FOOTER_H = 16 * mm
FRAME_WIDTH = A4[0] - 2 * MARGIN - 12  # platypus frames pad 6 pt on each side
MIN_TEXT_PT = 9.0  # what a pharmacist reads comfortably; nothing on a document is smaller
NBSP = "\u00a0"  # reportlab breaks lines at U+202F (narrow) but never at U+00A0
_BEFORE_PUNCT = re.compile(r"[ \u202f\u00a0]+([;:?!%»])")
_AFTER_GUILLEMET = re.compile(r"«[ \u202f\u00a0]+")


def _register_fonts() -> None:
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD)


def french_spacing(text: str) -> str:
    """'délivrance ; ils' → 'délivrance\u00a0; ils': the space before ; : ? ! % » (and after «)
    becomes non-breaking, so that a line never starts with the punctuation."""
    return _AFTER_GUILLEMET.sub("«" + NBSP, _BEFORE_PUNCT.sub(NBSP + r"\1", text))


def format_code_organisme(code: str) -> str:
    """'017511010' → '01 751 1010' (régime, caisse, centre), as the ameli account shows it."""
    d = "".join(code.split())
    return f"{d[:2]} {d[2:5]} {d[5:]}" if len(d) == 9 else d


def format_nir(nir: str) -> str:
    """'184037511203367' → '1 84 03 75 112 033 67' (Corsica '2A'/'2B' kept as they are)."""
    d = "".join(nir.split())
    if len(d) != 15:
        return d
    return " ".join((d[0], d[1:3], d[3:5], d[5:7], d[7:10], d[10:13], d[13:15]))


def _fr_date(d: date | None) -> str:
    return french_date(d) if d else "—"


def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()  # Paragraphs resolve their font when they are built
    base = ParagraphStyle("base", fontName=FONT, fontSize=10, leading=13, textColor=INK, alignment=TA_LEFT)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=MIN_TEXT_PT, leading=11.5, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=base, fontSize=MIN_TEXT_PT, leading=11),
        "cellb": ParagraphStyle("cellb", parent=base, fontName=FONT_BOLD, fontSize=9.5, leading=11.5),
        "head": ParagraphStyle("head", parent=base, fontName=FONT_BOLD, fontSize=MIN_TEXT_PT, leading=11),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=10.5, leading=14, spaceBefore=4,
                             spaceAfter=4),
        "label": ParagraphStyle("label", parent=base, textColor=GREY),
        "value": ParagraphStyle("value", parent=base, fontName=FONT_BOLD),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(french_spacing(text)), style)


def assure_block(st: dict[str, ParagraphStyle], name: str, nir: str, caisse_name: str, caisse_code: str,
                 *more: tuple[str, str]) -> list:  # type: ignore[type-arg]
    """The 'Assuré(e)' block every document opens with: name, NIR, caisse, then ``more`` rows."""
    return [_p("Assuré(e)", st["h2"]), _key_values([
        ("Nom et prénom", name),
        ("Numéro de sécurité sociale", format_nir(nir)),
        ("Caisse d'affiliation", f"{caisse_name} — code {caisse_code}"),
        *more,
    ], st, 52 * mm)]


def _page_frame(title: str, subtitle: str, footer: str) -> Callable[[Canvas, SimpleDocTemplate], None]:
    """Header band (title, caisse) and footer (issue line, page number), drawn on every page."""

    def draw(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        width, height = A4
        canvas.saveState()
        top = height - MARGIN
        canvas.setFillColor(INK)
        canvas.setFont(FONT_BOLD, 14)
        canvas.drawString(MARGIN, top - 6 * mm, french_spacing(title))
        canvas.setFont(FONT, 10)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, top - 12 * mm, french_spacing(subtitle))
        canvas.drawRightString(width - MARGIN, top - 12 * mm, f"Page {doc.page}")
        canvas.setStrokeColor(INK)
        canvas.setLineWidth(1.2)
        canvas.line(MARGIN, top - 15.5 * mm, width - MARGIN, top - 15.5 * mm)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, MARGIN + 9 * mm, width - MARGIN, MARGIN + 9 * mm)
        canvas.setFont(FONT, MIN_TEXT_PT)
        canvas.drawString(MARGIN, MARGIN + 5 * mm, french_spacing(footer))
        canvas.drawString(MARGIN, MARGIN + 1 * mm,
                          "Document délivré par une borne multi-services. Il ne comporte ni signature ni cachet.")
        canvas.restoreState()

    return draw


def pdf_date(moment: datetime) -> str:
    """A PDF date string, 'D:20261126142300+01\'00\'' (local time and its offset)."""
    moment = moment if moment.tzinfo else moment.astimezone()
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    return f"D:{moment:%Y%m%d%H%M%S}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def _canvas_at(moment: datetime) -> Callable[..., Canvas]:
    """A canvas whose CreationDate/ModDate say ``moment`` (reportlab's public date formatter)."""
    stamp = pdf_date(moment)

    def make(*args: object, **kw: object) -> Canvas:
        canvas = Canvas(*args, **kw)  # type: ignore[arg-type]
        canvas.setDateFormatter(lambda *_: stamp)
        return canvas

    return make


def _build(story: list, title: str, subtitle: str, footer: str, pdf_title: str,  # type: ignore[type-arg]
           created: datetime | None = None) -> bytes:
    _register_fonts()
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_H - 10 * mm, bottomMargin=MARGIN + FOOTER_H,
        title=pdf_title, author="BMS", subject="", creator="BMS kiosk", keywords="",
        invariant=1, lang="fr-FR", initialFontName=FONT, initialFontSize=10,
    )
    frame = _page_frame(title, subtitle, footer)
    doc.build(story, onFirstPage=frame, onLaterPages=frame,
              canvasmaker=_canvas_at(created or datetime.now().astimezone()))
    return buffer.getvalue()


def _key_values(rows: list[tuple[str, str]], st: dict[str, ParagraphStyle], label_w: float) -> Table:
    width = FRAME_WIDTH
    table = Table([[_p(k, st["label"]), _p(v, st["value"])] for k, v in rows],
                  colWidths=[label_w, width - label_w], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, 10),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return table


def covered(beneficiaries: tuple[BeneficiaryRights, ...]) -> tuple[BeneficiaryRights, ...]:
    """The beneficiaries with open rights: the only ones an attestation names."""
    return tuple(b for b in beneficiaries if b.rights_from is not None)


def build_attestation_pdf(data: AttestationData, created: datetime | None = None) -> bytes:
    """The attestation de droits, A4, as PDF bytes. Raises ValueError when nobody is covered.

    ``created``: the PDF's creation date (now when not given)."""
    people = covered(data.beneficiaries)
    if not people:
        raise ValueError("attestation: no beneficiary with open rights")
    st = _styles()
    width = FRAME_WIDTH
    story: list = []  # type: ignore[type-arg]
    more = [("Code régime", data.code_regime)]
    if data.code_organisme:
        more.append(("Code organisme", format_code_organisme(data.code_organisme)))
    story += assure_block(st, data.assure_name, data.assure_nir, data.caisse_name, data.caisse_code, *more)
    story.append(Spacer(1, 4 * mm))
    story.append(_p("Cette attestation justifie de vos droits à l'assurance maladie et de votre déclaration "
                    "d'un médecin traitant, pour les bénéficiaires ci-dessous, à la date de délivrance.",
                    st["body"]))
    story.append(Spacer(1, 3 * mm))
    n = len(people)
    story.append(_p(f"Bénéficiaire{'s' if n > 1 else ''} couvert{'s' if n > 1 else ''} ({n})", st["h2"]))

    # 9 pt text: a date takes 22 mm, "Rang" 12.5 mm; the médecin traitant gets what is left (≥ 32 mm)
    head = ["Bénéficiaire et n° de sécurité sociale", "Né(e) le", "Rang", "Droits ouverts", "Médecin traitant"]
    widths = [44 * mm, 22 * mm, 12.5 * mm, 28.5 * mm, 0.0]
    if data.include_exoneration:
        head.append("Exonération du ticket modérateur")
        widths.append(26 * mm)
    widths[4] = width - sum(widths)
    rows: list[list[Paragraph]] = [[_p(h, st["head"]) for h in head]]
    for b in people:
        row = [
            # each person's own NIR under their name, as on the ameli attestation
            Paragraph(f"<b>{escape(b.nom)}</b><br/>{escape(b.prenom)}<br/>{escape(format_nir(b.nir))}", st["cell"]),
            _p(str(b.date_naissance), st["cell"]),  # as written: 00/00/1985 stays so
            _p(str(b.rang), st["cell"]),
            Paragraph(escape(f"du {_fr_date(b.rights_from)}") + "<br/>"
                      + escape(f"au {_fr_date(b.rights_to)}" if b.rights_to else "sans date de fin"), st["cell"]),
            _p(b.medecin_traitant or "Aucun déclaré", st["cell"]),
        ]
        if data.include_exoneration:
            text = (f"Oui — {b.exoneration_label}" if b.exoneration_label else "Oui") if b.exoneration_tm else "Non"
            row.append(_p(text, st["cell"]))
        rows.append(row)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), FONT, MIN_TEXT_PT),
        ("BACKGROUND", (0, 0), (-1, 0), BAND),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    story.append(table)
    story.append(Spacer(1, 5 * mm))
    story.append(_p("Rang : rang de naissance (jumeaux : 1, 2). Les droits indiqués sont ceux connus de votre "
                    "caisse à la date de délivrance ; ils peuvent évoluer.", st["small"]))
    subtitle = f"{data.caisse_name} — code caisse {data.caisse_code} — régime {data.code_regime}"
    if data.code_organisme:
        subtitle += f" — code organisme {format_code_organisme(data.code_organisme)}"
    footer = f"Délivrée le {_fr_date(data.issued_on)} par la borne {data.terminal_id}"
    return _build(story, ATTESTATION_TITLE, subtitle, footer, "Attestation de droits à l'assurance maladie", created)


def _paid_at_text(paid_at: str) -> str:
    try:
        moment = datetime.fromisoformat(paid_at)
    except ValueError:
        return paid_at
    if len(paid_at) <= 10:
        return french_date(moment)
    return f"{french_date(moment)} à {moment:%H:%M}"


def build_receipt_pdf(r: PaymentReceipt, created: datetime | None = None) -> bytes:
    """The créance payment receipt, A4, as PDF bytes."""
    st = _styles()
    story: list = []  # type: ignore[type-arg]
    story.append(_p(messages.PAYMENT_ACCEPTED_FIRST, st["h2"]))
    story.append(_p(messages.PAYMENT_KEEP_DETAILS, st["body"]))
    story.append(Spacer(1, 4 * mm))
    rows = [
        ("Montant payé", format_amount(r.amount)),
        ("Date du paiement", _paid_at_text(r.paid_at)),
        ("Référence de la transaction", r.transaction_ref),
        ("Identifiant du commerçant", r.merchant_id),
        ("Numéro d'autorisation", r.authorisation_number),
        ("Carte bancaire", r.masked_card),
    ]
    if r.avis_references:
        rows.append(("Référence(s) de l'avis", ", ".join(r.avis_references)))
    story.append(_key_values(rows, st, 62 * mm))
    story.append(Spacer(1, 6 * mm))
    story.append(_p("Nous vous remercions pour votre paiement, nous le traitons dans les plus brefs délais. "
                    "Il apparaîtra sur votre compte sous 24 heures.", st["body"]))
    footer = f"Reçu délivré le {_paid_at_text(r.paid_at)}" + (f" par la borne {r.terminal_id}" if r.terminal_id else "")
    return _build(story, RECEIPT_TITLE, "Paiement par carte bancaire", footer, "Reçu de paiement", created)
