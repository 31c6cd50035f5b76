"""Typed errors of the payment terminal adapter. They carry data, never a text for the person.

Two families, and the difference is money:
- ``PaymentNotTakenError``: the terminal took nothing (never reached, or it answered "not done").
  The order may be recorded as failed.
- ``PaymentOutcomeUnknownError``: the request was sent and no trustworthy final answer came
  back. The terminal may have debited: never ask it again for this order; a technician settles
  it with the terminal's data (``fields``, whitelisted, no card number).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Mapping


class PaymentTerminalError(Exception):
    """Base of everything the payment terminal adapter raises."""


class PaymentNotTakenError(PaymentTerminalError):
    """Nothing was debited."""


class TerminalUnreachableError(PaymentNotTakenError):
    """No connection to the terminal (refused, time limit to connect): nothing was sent."""

    def __init__(self, host: str, port: int, reason: str) -> None:
        super().__init__(f"{host}:{port}: {reason}")
        self.host = host
        self.port = port
        self.reason = reason


class PaymentDeclinedError(PaymentNotTakenError):
    """The terminal answered "not done" (``AE=01``); ``detail`` is its ``AF`` code ("" if none)."""

    def __init__(self, order_id: str, detail: str) -> None:
        super().__init__(f"order {order_id}: AF={detail or '-'}")
        self.order_id = order_id
        self.detail = detail


class PaymentRefusedError(PaymentDeclinedError):
    """Refused or forbidden by the card's bank or the card (``AF`` 04, 05)."""


class CardholderAbandonedError(PaymentDeclinedError):
    """The red key on the terminal (``AF`` 06, 11)."""


class InputTimeoutError(PaymentDeclinedError):
    """The cardholder did not present the card or type the code in time (``AF`` 08)."""


class TerminalFormatError(PaymentDeclinedError):
    """The terminal did not understand our request (``AF`` 09, 12, 13): a configuration fault."""


class TerminalBusyError(PaymentDeclinedError):
    """An immediate "not done" without detail: the terminal is busy (or has no network)."""


class PaymentNotCompletedError(PaymentDeclinedError):
    """Any other "not done" (``AF`` 07 or a code we do not know)."""


class UnknownOutcomeReason(StrEnum):
    SEND_FAILED = "send_failed"
    CONNECTION_LOST = "connection_lost"
    TIME_LIMIT = "time_limit"
    MALFORMED_ANSWER = "malformed_answer"
    ORDER_MISMATCH = "order_mismatch"
    AMOUNT_MISMATCH = "amount_mismatch"
    INCOMPLETE_APPROVAL = "incomplete_approval"
    INTERRUPTED = "interrupted"  # the kiosk stopped while the terminal had the order (outbox)


class PaymentOutcomeUnknownError(PaymentTerminalError):
    """Sent, but no trustworthy final answer: the terminal may have debited."""

    def __init__(self, order_id: str, amount_cents: int, reason: UnknownOutcomeReason,
                 fields: Mapping[str, str] | None = None) -> None:
        super().__init__(f"order {order_id}: {reason}")
        self.order_id = order_id
        self.amount_cents = amount_cents
        self.reason = reason
        self.fields = dict(fields or {})
