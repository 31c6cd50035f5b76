"""Plain data of a session: the people read from a carte Vitale.

Everything here is personal data: it lives in the session object of the kiosk and is dropped
when the session ends. ``repr`` never shows a NIR in full, so a stray log line leaks nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import Enum


class Qualite(str, Enum):
    """Who the person is on the card (our private tag, see hardware/vitale.py)."""

    ASSURE = "assuré"
    CONJOINT = "conjoint"
    ENFANT = "enfant"
    AUTRE = "autre ayant droit"


def mask_nir(nir: str) -> str:
    """'1 84 12 75 ...' → '1 84 ** ** *** *** **': sex and birth year only."""
    digits = "".join(nir.split())
    if len(digits) < 3:
        return "*" * len(digits)
    return f"{digits[0]} {digits[1:3]} ** ** *** *** **"


@dataclass(frozen=True)
class Beneficiary:
    nom: str
    prenom: str
    date_naissance: date
    nir: str  # 15 characters: 13 + 2-digit key, checked
    rang: int = 1  # rang de naissance (twins: 1, 2)
    qualite: Qualite = Qualite.AUTRE
    nationalite: str = ""

    @property
    def display_name(self) -> str:
        """'Prénom NOM' as on the BMS screens."""
        return f"{self.prenom} {self.nom}"

    @property
    def birth_text(self) -> str:
        return self.date_naissance.strftime("%d/%m/%Y")

    def __repr__(self) -> str:
        return (f"Beneficiary(nir={mask_nir(self.nir)!r}, rang={self.rang}, "
                f"qualite={self.qualite.name})")


@dataclass(frozen=True)
class VitaleCard:
    beneficiaries: tuple[Beneficiary, ...]
    atr: bytes
    valid_from: date | None = None
    code_regime: str = ""
    caisse_code: str = ""
    extra: dict[str, bytes] = field(default_factory=dict, compare=False)

    @property
    def assure(self) -> Beneficiary:
        return self.beneficiaries[0]

    def __repr__(self) -> str:
        return f"VitaleCard({len(self.beneficiaries)} bénéficiaire(s), atr={self.atr.hex(' ')})"
