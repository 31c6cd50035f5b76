"""Plain data of a session: the people read from a carte Vitale.

Everything here is personal data: it lives in the session object of the kiosk and is dropped
when the session ends. ``repr`` never shows a NIR in full, so a stray log line leaks nothing.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum


MESSAGES_PER_PAGE = 20  # GET /v1/messages: the newest first, a page at a time (a person who paid daily has hundreds)
MESSAGES_PER_PAGE_MAX = 100


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


class BirthDateError(ValueError):
    """A date de naissance field that is not a date at all: not 8 digits (letters, wrong length)."""


@dataclass(frozen=True, order=True)
class BirthDate:
    """A date de naissance as the carte Vitale gives it, calendar or "lunaire".

    People born abroad whose exact date is unknown carry a *date de naissance lunaire*: the day
    or the month holds a value that is not in the calendar (``00``, or a day past the month's
    end such as 31/02). SESAM-Vitale's rules say a reader must accept them, so the date is kept
    as written — year, month and day as the card's digits, any two digits each — and shown,
    sent and printed as written: ``str()`` is "jj/mm/aaaa" with the zeros. Ordering compares
    (year, month, day) and never fails; ``as_date()`` gives a ``datetime.date`` only for a
    calendar date. Only a field that is not eight digits is an error (``BirthDateError``).

    Forms: the card's ``YYYYMMDD`` (``card_text``), the API's ``YYYY-MM-DD`` (``wire``).
    """

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        if not (0 <= self.year <= 9999 and 0 <= self.month <= 99 and 0 <= self.day <= 99):
            raise BirthDateError("date de naissance : hors format AAAAMMJJ")

    @classmethod
    def from_card(cls, text: str) -> "BirthDate":
        """From the card's ``YYYYMMDD`` (eight ASCII digits), zeros and 31/02 included."""
        if len(text) != 8 or not (text.isascii() and text.isdigit()):
            raise BirthDateError("date de naissance : format de date")
        return cls(int(text[:4]), int(text[4:6]), int(text[6:]))

    @classmethod
    def parse(cls, text: str) -> "BirthDate":
        """From the API's ``YYYY-MM-DD`` (``wire``) or the card's ``YYYYMMDD``."""
        if len(text) == 10 and text[4] == text[7] == "-":
            text = text[:4] + text[5:7] + text[8:]
        return cls.from_card(text)

    @classmethod
    def of(cls, d: date) -> "BirthDate":
        return cls(d.year, d.month, d.day)

    @property
    def lunar(self) -> bool:
        """True when the day or the month is not in the calendar (the date is kept as written)."""
        return self.as_date() is None

    def as_date(self) -> date | None:
        if not (1 <= self.month <= 12 and self.year >= 1) or not 1 <= self.day <= monthrange(self.year, self.month)[1]:
            return None
        return date(self.year, self.month, self.day)

    @property
    def card_text(self) -> str:
        return f"{self.year:04d}{self.month:02d}{self.day:02d}"

    @property
    def wire(self) -> str:
        """The API's form, ``YYYY-MM-DD`` (zeros kept: "1985-00-00")."""
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def __str__(self) -> str:
        return french_date(self)


def french_date(day: date | BirthDate | str) -> str:
    """'jj/mm/aaaa': every date the kiosk shows or prints, in English too (a date is data there).

    ``day``: a date (or datetime), a BirthDate (lunaire: as written, "00/00/1985"), or an API
    string: a date ``YYYY-MM-DD`` (a date de naissance, kept as written) or a moment
    ``YYYY-MM-DDTHH:MM…``."""
    if isinstance(day, str):
        day = datetime.fromisoformat(day) if len(day) > 10 else BirthDate.parse(day)
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


@dataclass(frozen=True)
class Beneficiary:
    nom: str
    prenom: str
    date_naissance: BirthDate  # as the card gives it: may be lunaire (00/00/1985, 31/02/1987)
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
        """'jj/mm/aaaa' as written on the card, zeros included."""
        return str(self.date_naissance)

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
    date_naissance: BirthDate
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
    code_organisme: str = ""  # 9 digits: régime (2), caisse (3), centre (4); "" from an older server

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
