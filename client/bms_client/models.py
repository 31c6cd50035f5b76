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


def valid_nir(text: str) -> str | None:
    """The NIR without spaces when its key is right (Corsica's 2A/2B included), else None.

    The one NIR check of every channel: the card decoder, a web form before it calls the API.
    """
    # python-stdnum imports ssl and pydoc (~50 ms): paid at the first card read, not at start-up
    from stdnum.exceptions import ValidationError
    from stdnum.fr import nir as stdnum_nir

    try:
        return str(stdnum_nir.validate(text.replace(" ", "").upper()))
    except ValidationError:
        return None


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
        """'Prénom NOM' as on the BMS screens (cards carry capitals: 'MARIE-HÉLÈNE' → 'Marie-Hélène')."""
        return f"{self.prenom.title()} {self.nom}"

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


@dataclass(frozen=True)
class BeneficiaryRights:
    """One person's rights as the backend gives them, for an attestation de droits."""

    nom: str
    prenom: str
    date_naissance: date
    nir: str
    rang: int
    rights_from: date | None  # None: no open rights
    rights_to: date | None
    medecin_traitant: str = ""  # "" when none declared
    exoneration_tm: bool = False  # has an exonération du ticket modérateur
    exoneration_label: str = ""  # e.g. "ALD" — shown only when asked for
    css: bool = False  # Complémentaire santé solidaire

    @property
    def display_name(self) -> str:
        return f"{self.prenom.title()} {self.nom}"

    def __repr__(self) -> str:
        return f"BeneficiaryRights(nir={mask_nir(self.nir)!r}, rang={self.rang})"


@dataclass(frozen=True)
class AttestationData:
    """Everything printed on one attestation de droits."""

    assure_nir: str
    assure_name: str  # "Prénom NOM"
    caisse_name: str
    caisse_code: str
    code_regime: str
    beneficiaries: tuple[BeneficiaryRights, ...]
    include_exoneration: bool
    issued_on: date
    terminal_id: str

    def __repr__(self) -> str:
        return f"AttestationData({len(self.beneficiaries)} bénéficiaire(s))"


@dataclass(frozen=True)
class PaymentReceipt:
    """What the créance payment receipt shows."""

    amount: str  # "25,00 €" is formatted by the document; this is a decimal string "25.00"
    transaction_ref: str
    merchant_id: str
    authorisation_number: str
    masked_card: str  # "**** **** **** 1234"
    paid_at: str  # ISO 8601 date-time
    avis_references: tuple[str, ...] = ()
    terminal_id: str = ""
