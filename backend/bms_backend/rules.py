"""The business rules of the téléservices, as pure functions: no HTTP, no SQL, no clock.

Amounts are integer cents; times are POSIX seconds given by the caller. SPEC.md says what the
rules are; the handlers read the state, call these, and write what they decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable, Sequence

# --- lockout ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class LockState:
    failures: int
    locked_until: float | None


def is_locked(state: LockState, now: float) -> bool:
    return state.locked_until is not None and state.locked_until > now


def reserve_attempt(state: LockState, now: float, max_attempts: int, lock_delay: float) -> LockState | None:
    """The state once one more code is about to be checked, or None if the account is locked.

    The attempt is counted *before* the slow check, so that codes sent at once cannot all be
    checked: the one that reaches the limit locks the account for every later one. A right code
    then clears the count (``cleared``); a lock past its delay counts as no failure.
    """
    if is_locked(state, now):
        return None
    failures = 0 if state.locked_until is not None else state.failures
    failures += 1
    return LockState(failures, now + lock_delay if failures >= max_attempts else None)


def cleared() -> LockState:
    return LockState(0, None)


def attempts_left(state: LockState, max_attempts: int) -> int:
    return max(0, max_attempts - state.failures)


# --- créances --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Line:
    """One créance as the rules see it: ``available`` is what no pending order has reserved."""
    reference: str
    issued_on: date | str
    remaining: int
    reserved: int = 0

    @property
    def available(self) -> int:
        return self.remaining - self.reserved


@dataclass(frozen=True)
class Thresholds:
    eligibility_min: int  # total owed, cents
    eligibility_max: int
    payment_min: int
    payment_max: int


NOT_OPEN = "reference_not_open"
SERVICE_NOT_ELIGIBLE = "service_not_eligible"
BELOW_MINIMUM = "remaining_below_minimum"


def creance_refusal(reference: str, lines: Sequence[Line], t: Thresholds) -> str | None:
    """Why the créance cannot be paid at the kiosk (a ``not_eligible`` reason), or None."""
    mine = next((ln for ln in lines if ln.reference == reference), None)
    if mine is None or mine.remaining <= 0:
        return NOT_OPEN
    balance = sum(ln.remaining for ln in lines)
    if not t.eligibility_min <= balance <= t.eligibility_max:
        return SERVICE_NOT_ELIGIBLE
    if mine.remaining < t.payment_min:
        return BELOW_MINIMUM
    return None


AMOUNT_OUT_OF_RANGE = "out_of_range"
AMOUNT_ABOVE_OWED = "above_owed"


def amount_refusal(amount: int, selected: Iterable[Line], t: Thresholds) -> str | None:
    """Why ``amount`` cannot be ordered on the selected lines (what pending orders reserved is
    not owed any more), or None."""
    if not t.payment_min <= amount <= t.payment_max:
        return AMOUNT_OUT_OF_RANGE
    if amount > sum(max(0, ln.available) for ln in selected):
        return AMOUNT_ABOVE_OWED
    return None


def spread_oldest_first(amount: int, selected: Iterable[Line]) -> list[tuple[str, int]]:
    """(reference, cents) parts: oldest avis first (date of issue, then reference), each paid off
    before the next, on what is available."""
    parts, left = [], amount
    for ln in sorted(selected, key=lambda ln: (str(ln.issued_on), ln.reference)):
        part = min(left, max(0, ln.available))
        if part > 0:
            parts.append((ln.reference, part))
        left -= part
    return parts


def order_expired(expires_at: float, now: float) -> bool:
    return expires_at <= now


# --- organismes complémentaires --------------------------------------------------------------

CSS_KINDS = frozenset({"css", "cmuc", "acs"})


def oc_exclusion(kinds: Iterable[str], concerned: int, partner_regime: bool, max_beneficiaries: int) -> str | None:
    """Why the OC choice is not offered (a key of the exclusion messages), or None."""
    if set(kinds) & CSS_KINDS:
        return "css"
    if concerned >= max_beneficiaries:
        return "too_many_beneficiaries"
    if partner_regime:
        return "partner_regime"
    return None
