"""The créance's rules on the kiosk's side, Qt-free: the reference, the selection, the amount.

The backend checks all of them again; here they decide what the person is told *before* PAYER
is enabled. Thresholds come from the settings table (``payment_min``, ``payment_max``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Iterable

REFERENCE_DIGITS = 16
REFERENCE_RE = re.compile(r"[0-9]{16}[A-Z]")
AMOUNT_RE = re.compile(r"[0-9]{1,3}(,[0-9]{0,2})?")
DECIMAL_MARK = ","
MAX_AMOUNT_CHARS = 6  # "999,99"


def is_reference(text: str) -> bool:
    return REFERENCE_RE.fullmatch(text) is not None


def parse_amount(text: str) -> Decimal | None:
    """"25,50" → Decimal("25.50"); None when it is not an amount in euros and cents."""
    if not AMOUNT_RE.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(DECIMAL_MARK, ".")).quantize(Decimal("0.01"))
    except InvalidOperation:  # pragma: no cover - the pattern excludes it
        return None


def api_amount(amount: Decimal) -> str:
    return f"{amount:.2f}"


def total_owed(remaining: Iterable[str]) -> Decimal:
    return sum((Decimal(r) for r in remaining), Decimal("0"))


class AmountProblem:
    """Why PAYER stays disabled (names said once; words in words.py)."""

    EMPTY = "empty"
    NOT_AN_AMOUNT = "not_an_amount"
    OUT_OF_RANGE = "out_of_range"
    ABOVE_OWED = "above_owed"


@dataclass(frozen=True)
class AmountCheck:
    amount: Decimal | None
    problem: str | None  # an AmountProblem, None when PAYER may be enabled

    @property
    def payable(self) -> bool:
        return self.problem is None and self.amount is not None


def check_amount(text: str, owed: Decimal, minimum: Decimal, maximum: Decimal) -> AmountCheck:
    if not text:
        return AmountCheck(None, AmountProblem.EMPTY)
    amount = parse_amount(text)
    if amount is None:
        return AmountCheck(None, AmountProblem.NOT_AN_AMOUNT)
    if not minimum <= amount <= maximum:
        return AmountCheck(amount, AmountProblem.OUT_OF_RANGE)
    if amount > owed:
        return AmountCheck(amount, AmountProblem.ABOVE_OWED)
    return AmountCheck(amount, None)


def type_key(text: str, key: str) -> str:
    """The amount pad: digits, one decimal mark, at most 2 decimals; ⌫ and EFFACER."""
    if key == "EFFACER":
        return ""
    if key == "⌫":
        return text[:-1]
    if key == DECIMAL_MARK:
        return text if DECIMAL_MARK in text else (text or "0") + DECIMAL_MARK
    if not key.isdigit() or len(text) >= MAX_AMOUNT_CHARS:
        return text
    if DECIMAL_MARK in text and len(text.split(DECIMAL_MARK)[1]) >= 2:
        return text
    if DECIMAL_MARK not in text and len(text) >= 3:
        return text
    return text + key
