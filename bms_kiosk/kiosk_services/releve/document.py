"""The relevé fiscal: data and its one-page A4 (reportlab), in the attestation's house style.

Qt-free, in memory, generic PDF metadata, the real creation date (see services/documents.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Mapping

from bms_client.models import mask_nir

TITLE = "RELEVÉ FISCAL"
JOB_TITLE = "releve-fiscal"


@dataclass(frozen=True)
class ReleveData:
    """Everything printed on one relevé fiscal (personal: one visit only)."""

    assure_nir: str
    assure_name: str
    caisse_name: str
    caisse_code: str
    year: int
    total_imposable: str  # decimal euros "1222.35"
    published_on: date
    available_until: date
    issued_on: date
    terminal_id: str

    @classmethod
    def from_api(cls, answer: Mapping[str, Any], **person: Any) -> "ReleveData":
        return cls(year=int(answer["year"]), total_imposable=str(answer["total_imposable"]),
                   published_on=date.fromisoformat(answer["published_on"]),
                   available_until=date.fromisoformat(answer["available_until"]), **person)

    def __repr__(self) -> str:
        return f"ReleveData(nir={mask_nir(self.assure_nir)!r}, year={self.year})"


def build_releve_pdf(data: ReleveData, created: datetime | None = None) -> bytes:
    # reportlab is imported here, on the worker thread that builds the document.
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from bms_kiosk.services import documents as d

    st = d._styles()
    story: list = []  # type: ignore[type-arg]
    story += d.assure_block(st, data.assure_name, data.assure_nir, data.caisse_name, data.caisse_code)
    story.append(Spacer(1, 4 * mm))
    story.append(d._p(f"Revenus de l'année {data.year}", st["h2"]))
    story.append(d._key_values([
        ("Montant imposable total", d.format_amount(data.total_imposable)),
        ("Relevé publié le", d._fr_date(data.published_on)),
    ], st, 52 * mm))
    story.append(Spacer(1, 4 * mm))
    story.append(d._p(f"Ce montant correspond aux sommes imposables versées par votre caisse en {data.year} "
                      "(indemnités journalières notamment). Il est transmis à l'administration fiscale ; "
                      "vérifiez-le sur votre déclaration de revenus.", st["body"]))
    story.append(Spacer(1, 5 * mm))
    story.append(d._p(f"Ce relevé est disponible sur la borne jusqu'au {d._fr_date(data.available_until)} ; "
                      "il reste consultable dans votre compte ameli.", st["small"]))
    subtitle = f"{data.caisse_name} — code caisse {data.caisse_code} — année {data.year}"
    footer = f"Délivré le {d._fr_date(data.issued_on)} par la borne {data.terminal_id}"
    return d._build(story, f"{TITLE} {data.year}", subtitle, footer, "Relevé fiscal", created)
