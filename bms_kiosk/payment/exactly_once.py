"""A card payment taken once and never lost, across crashes and backend outages. Qt-free.

1. The order is recorded on the backend first (``BackendClient.pay_creance`` with an idempotency
   key: a repeat returns the same order). Its id travels to the terminal in ``CF``.
2. ``take_payment``: the outbox gets an ``in_flight`` entry (fsynced, created exclusively)
   *before* the terminal is asked; an order that has an entry, or is no longer pending on the
   backend, is never asked again. The terminal's outcome replaces that entry (fsynced), then
   is posted to the backend; the entry goes once the backend acknowledged it.
3. ``replay`` (at start and by the health monitor) posts what is left. An outcome the terminal
   did not tell us (connection dropped after the debit, kiosk killed meanwhile) stays for a
   technician. See docs/payment.md.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Callable

from bms_kiosk.hardware.payment_errors import (
    PaymentNotTakenError,
    PaymentOutcomeUnknownError,
    PaymentTerminalError,
)
from bms_kiosk.hardware.payment_terminal import Approval, PaymentTerminal
from bms_kiosk.payment.outbox import EntryStatus, OrderAlreadyStartedError, Outbox, OutboxEntry
from bms_client.client import BackendClient, PaymentOrder, PaymentResult
from bms_client.errors import (
    BackendError,
    BackendProtocolError,
    BackendTimeoutError,
    BackendUnreachableError,
)

log = logging.getLogger(__name__)

ORDER_PENDING = "pending"
BACKEND_REFUSED = "backend_refused"  # the reason of an unknown entry whose result the backend refused for good
# the backend could not be reached or did not answer: try again later, keep the entry
TRANSIENT_BACKEND_ERRORS = (BackendUnreachableError, BackendTimeoutError, BackendProtocolError)


class Step(StrEnum):
    """Moments of ``take_payment``, told to its observer (logs, tests, benchmark)."""

    TERMINAL_ASKED = "terminal_asked"
    TERMINAL_ANSWERED = "terminal_answered"
    OUTCOME_RECORDED = "outcome_recorded"
    RESULT_POSTED = "result_posted"


class OrderNotPendingError(Exception):
    """The backend already has an outcome for this order: the terminal is not asked."""

    def __init__(self, order_id: str, status: str) -> None:
        super().__init__(f"{order_id}: {status}")
        self.order_id = order_id
        self.status = status


@dataclass(frozen=True)
class PaymentOutcome:
    """What happened. ``status``: accepted / failed / unknown (the outbox's words)."""

    status: EntryStatus
    order_id: str
    approval: Approval | None = None
    error: PaymentTerminalError | None = None
    backend_result: PaymentResult | None = None  # None: not acknowledged yet (in the outbox)

    @property
    def acknowledged(self) -> bool:
        return self.backend_result is not None


def amount_cents(order: PaymentOrder) -> int:
    cents = Decimal(order.amount) * 100
    if cents != cents.to_integral_value():
        raise ValueError(f"amount {order.amount!r}")
    return int(cents)


def take_payment(order: PaymentOrder, terminal: PaymentTerminal, outbox: Outbox, client: BackendClient,
                 observer: Callable[[Step], None] | None = None) -> PaymentOutcome:
    """Debit the order's amount once on the terminal and record the outcome on the backend.

    Blocks (run it off the GUI thread). Raises OrderAlreadyStartedError / OrderNotPendingError
    without asking the terminal, and the client's BackendError when the backend cannot tell the
    order's status (nothing asked either); every other failure is in the returned outcome.
    """
    notify = observer or (lambda step: None)
    cents = amount_cents(order)
    existing = outbox.get(order.payment_id)
    if existing is not None:
        raise OrderAlreadyStartedError(order.payment_id, existing.status)
    # the backend's word, not the caller's copy: an acknowledged order left the outbox
    status = client.payment_status(order.payment_id).status
    if status != ORDER_PENDING:
        raise OrderNotPendingError(order.payment_id, status)
    outbox.begin(order.payment_id, cents)
    notify(Step.TERMINAL_ASKED)
    try:
        approval = terminal.debit(cents, order.payment_id)
    except PaymentNotTakenError as exc:
        notify(Step.TERMINAL_ANSWERED)
        outbox.write(OutboxEntry(order.payment_id, EntryStatus.FAILED))
        outcome = PaymentOutcome(EntryStatus.FAILED, order.payment_id, error=exc)
    except PaymentOutcomeUnknownError as exc:
        notify(Step.TERMINAL_ANSWERED)
        log.error("paiement %s : issue inconnue (%s), à régler par un technicien", order.payment_id, exc.reason)
        outbox.write(OutboxEntry(order.payment_id, EntryStatus.UNKNOWN,
                                 terminal={"amount_cents": cents, "reason": exc.reason.value, "answer": exc.fields}))
        notify(Step.OUTCOME_RECORDED)
        return PaymentOutcome(EntryStatus.UNKNOWN, order.payment_id, error=exc)
    else:
        notify(Step.TERMINAL_ANSWERED)
        outbox.write(OutboxEntry(order.payment_id, EntryStatus.ACCEPTED, approval.authorisation, approval.card_last4))
        outcome = PaymentOutcome(EntryStatus.ACCEPTED, order.payment_id, approval=approval)
    notify(Step.OUTCOME_RECORDED)
    entry = outbox.get(order.payment_id)
    assert entry is not None
    try:
        result = _post(entry, outbox, client)
    except TRANSIENT_BACKEND_ERRORS:
        return outcome  # in the outbox: replayed later
    if result is not None:
        notify(Step.RESULT_POSTED)
    return PaymentOutcome(outcome.status, outcome.order_id, outcome.approval, outcome.error, result)


def _post(entry: OutboxEntry, outbox: Outbox, client: BackendClient) -> PaymentResult | None:
    """Post one accepted/failed entry, removed once acknowledged. None: refused for good, the
    entry became unknown. Raises TRANSIENT_BACKEND_ERRORS (the entry stays as it is).
    """
    try:
        result = client.payment_result(entry.order_id, entry.status is EntryStatus.ACCEPTED,
                                       entry.authorisation, entry.card_last4)
    except TRANSIENT_BACKEND_ERRORS as exc:
        log.warning("paiement %s : résultat gardé pour plus tard (%s)", entry.order_id,
                    exc.code or type(exc).__name__)
        raise
    except BackendError as exc:
        # refused for good (unknown order, another outcome already recorded): a technician looks
        log.error("paiement %s : résultat refusé par le serveur (%s)", entry.order_id, exc.code)
        outbox.write(OutboxEntry(entry.order_id, EntryStatus.UNKNOWN, entry.authorisation, entry.card_last4,
                                 terminal={"reason": BACKEND_REFUSED, "backend_code": exc.code,
                                           "posted_status": entry.status.value}))
        return None
    outbox.remove(entry.order_id)
    return result


@dataclass
class ReplayReport:
    posted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # backend unreachable: next time
    unknown: list[str] = field(default_factory=list)  # for a technician


def replay(outbox: Outbox, client: BackendClient) -> ReplayReport:
    """Post every accepted/failed entry not yet acknowledged. Never touches ``in_flight`` ones
    (a payment running now); ``Outbox.recover_interrupted`` handles those at start.
    """
    report = ReplayReport()
    backend_down = False
    for entry in outbox.entries():
        if entry.status is EntryStatus.UNKNOWN:
            report.unknown.append(entry.order_id)
        elif entry.status in (EntryStatus.ACCEPTED, EntryStatus.FAILED):
            if backend_down:
                report.kept.append(entry.order_id)
                continue
            try:
                result = _post(entry, outbox, client)
            except TRANSIENT_BACKEND_ERRORS:
                backend_down = True  # the others wait for the next replay
                report.kept.append(entry.order_id)
                continue
            (report.posted if result is not None else report.unknown).append(entry.order_id)
    return report
