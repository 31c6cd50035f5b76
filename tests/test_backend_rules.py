"""The business rules on their own: no server, no database (bms_backend/rules.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from bms_backend import rules

T = rules.Thresholds(eligibility_min=4000, eligibility_max=20000, payment_min=1600, payment_max=5000)
A = rules.Line("1234567890123456A", "2026-01-01", 3000)
B = rules.Line("2345678901234567B", "2026-02-01", 2550)
C = rules.Line("3456789012345678C", "2026-03-01", 1000)


# --- lockout
def test_attempts_are_counted_before_the_check_and_the_last_one_locks():
    state = rules.cleared()
    for n in (1, 2):
        state = rules.reserve_attempt(state, now=100, max_attempts=3, lock_delay=60)
        assert state == rules.LockState(n, None)
        assert rules.attempts_left(state, 3) == 3 - n
    state = rules.reserve_attempt(state, now=100, max_attempts=3, lock_delay=60)
    assert state == rules.LockState(3, 160)
    assert rules.is_locked(state, 159) and not rules.is_locked(state, 160)
    assert rules.reserve_attempt(state, now=159, max_attempts=3, lock_delay=60) is None


def test_a_lock_past_its_delay_counts_no_failure():
    state = rules.LockState(3, 160)
    assert rules.reserve_attempt(state, now=200, max_attempts=3, lock_delay=60) == rules.LockState(1, None)


@given(st.integers(min_value=1, max_value=10), st.integers(min_value=0, max_value=50))
def test_never_more_attempts_than_the_limit_before_the_lock(limit, tries):
    state, checked = rules.cleared(), 0
    for _ in range(tries):
        nxt = rules.reserve_attempt(state, now=0, max_attempts=limit, lock_delay=60)
        if nxt is None:
            break
        state, checked = nxt, checked + 1
    assert checked <= limit


# --- créances
def test_refusals_of_a_creance():
    assert rules.creance_refusal(A.reference, [A, B, C], T) is None
    assert rules.creance_refusal("9999999999999999Z", [A, B, C], T) == rules.NOT_OPEN
    assert rules.creance_refusal(C.reference, [A, B, C], T) == rules.BELOW_MINIMUM
    assert rules.creance_refusal(C.reference, [C], T) == rules.SERVICE_NOT_ELIGIBLE
    big = rules.Line("5678901234567890E", "2026-01-01", 25000)
    assert rules.creance_refusal(big.reference, [big], T) == rules.SERVICE_NOT_ELIGIBLE


def test_spread_oldest_first_each_paid_off_before_the_next():
    assert rules.spread_oldest_first(4000, [C, B, A]) == [(A.reference, 3000), (B.reference, 1000)]
    assert rules.spread_oldest_first(5000, [A, B]) == [(A.reference, 3000), (B.reference, 2000)]


def test_what_pending_orders_reserved_is_not_owed_any_more():
    reserved_a = rules.Line(A.reference, A.issued_on, 3000, reserved=2000)
    assert rules.amount_refusal(5000, [A, B], T) is None
    assert rules.amount_refusal(5000, [reserved_a, B], T) == rules.AMOUNT_ABOVE_OWED
    assert rules.spread_oldest_first(2000, [reserved_a, B]) == [(A.reference, 1000), (B.reference, 1000)]
    assert rules.amount_refusal(1500, [A], T) == rules.AMOUNT_OUT_OF_RANGE
    assert rules.amount_refusal(5001, [A, B], T) == rules.AMOUNT_OUT_OF_RANGE


@given(st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 10_000)), min_size=1, max_size=6),
       st.integers(1600, 5000))
def test_a_spread_never_takes_more_than_available(lines, amount):
    selected = [rules.Line(f"{i:016d}A", f"2026-01-{i + 1:02d}", max(r, s), min(r, s)) for i, (r, s) in enumerate(lines)]
    if rules.amount_refusal(amount, selected, T) is not None:
        return
    parts = dict(rules.spread_oldest_first(amount, selected))
    assert sum(parts.values()) == amount
    for line in selected:
        assert parts.get(line.reference, 0) <= line.available


def test_an_order_expires_at_its_time():
    assert rules.order_expired(100, 100) and not rules.order_expired(100, 99.9)


# --- OC
def test_oc_exclusions_in_order():
    assert rules.oc_exclusion({"css", "standard"}, 1, True, 5) == "css"
    assert rules.oc_exclusion({"standard"}, 5, True, 5) == "too_many_beneficiaries"
    assert rules.oc_exclusion({"standard"}, 2, True, 5) == "partner_regime"
    assert rules.oc_exclusion({"standard"}, 2, False, 5) is None
