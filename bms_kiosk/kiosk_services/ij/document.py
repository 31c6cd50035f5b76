"""The attestation de paiement d'indemnités journalières: data and its one-page A4 (reportlab).

Qt-free, in memory, the same house style and privacy rules as the attestation de droits
(services/documents.py): generic PDF metadata, the real creation date, DejaVu Sans embedded,
French non-breaking spaces, text at 9 pt or more.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Mapping

from bms_client.models import mask_nir

TITLE = "ATTESTATION DE PAIEMENT D'INDEMNITÉS JOURNALIÈRES"
JOB_TITLE = "attestation-ij"


@dataclass(frozen=True)
class IjPeriod:
    start: date
    end: date
    days: int
    daily_amount: str  # decimal euros "42.15"
    total: str

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> "IjPeriod":
        return cls(date.fromisoformat(item["from"]), date.fromisoformat(item["to"]), int(item["days"]),
                   str(item["daily_amount"]), str(item["total"]))


@dataclass(frozen=True)
class IjData:
    """Everything printed on one attestation de paiement d'IJ (personal: one visit only)."""

    assure_nir: str
    assure_name: str  # "Prénom NOM"
    caisse_name: str
    caisse_code: str
    periods: tuple[IjPeriod, ...]
    issued_on: date
    terminal_id: str

    @property
    def total(self) -> Decimal:
        return sum((Decimal(p.total) for p in self.periods), Decimal("0"))

    def __repr__(self) -> str:
        return f"IjData(nir={mask_nir(self.assure_nir)!r}, {len(self.periods)} période(s))"


def build_ij_pdf(data: IjData, created: datetime | None = None) -> bytes:
    """A4 PDF bytes. Raises ValueError with no period."""
    # reportlab is imported here, on the worker thread that builds the first document.
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer, Table, TableStyle

    from bms_kiosk.services import documents as d

    if not data.periods:
        raise ValueError("attestation IJ: no period")
    st = d._styles()
    story: list = []  # type: ignore[type-arg]
    story += d.assure_block(st, data.assure_name, data.assure_nir, data.caisse_name, data.caisse_code)
    story.append(Spacer(1, 4 * mm))
    story.append(d._p("Cette attestation récapitule les indemnités journalières qui vous ont été versées "
                      "pour les périodes ci-dessous.", st["body"]))
    story.append(Spacer(1, 3 * mm))
    n = len(data.periods)
    story.append(d._p(f"Période{'s' if n > 1 else ''} indemnisée{'s' if n > 1 else ''} ({n})", st["h2"]))
    head = ["Du", "Au", "Nombre de jours", "Montant journalier", "Montant versé"]
    rows = [[d._p(h, st["head"]) for h in head]]
    for p in data.periods:
        rows.append([d._p(d._fr_date(p.start), st["cell"]), d._p(d._fr_date(p.end), st["cell"]),
                     d._p(str(p.days), st["cell"]), d._p(d.format_amount(p.daily_amount), st["cell"]),
                     d._p(d.format_amount(p.total), st["cell"])])
    rows.append([d._p("Total versé", st["cellb"]), "", "", "", d._p(d.format_amount(data.total), st["cellb"])])
    width = d.FRAME_WIDTH
    table = Table(rows, colWidths=[width * f for f in (0.2, 0.2, 0.18, 0.21, 0.21)], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), d.FONT, d.MIN_TEXT_PT),
        ("BACKGROUND", (0, 0), (-1, 0), d.BAND),
        ("LINEABOVE", (0, 0), (-1, 0), 0.8, d.INK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, d.INK),
        ("LINEBELOW", (0, 1), (-1, -2), 0.3, d.RULE),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, d.INK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]))
    story.append(table)
    story.append(Spacer(1, 5 * mm))
    story.append(d._p("Montants bruts versés par votre caisse. Les indemnités journalières sont imposables, "
                      "sauf celles liées à une affection de longue durée.", st["small"]))
    subtitle = f"{data.caisse_name} — code caisse {data.caisse_code}"
    footer = f"Délivrée le {d._fr_date(data.issued_on)} par la borne {data.terminal_id}"
    return d._build(story, TITLE, subtitle, footer, "Attestation de paiement d'indemnités journalières",
                    created)
