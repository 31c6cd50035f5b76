"""The card payment terminal over Caisse-AP over IP. The only module that opens its socket.

One TCP connection per payment: connect (``payment_terminal_connect_delay``), send one debit
request with ``BA=0`` (the answer at the end) and our order id in ``CF``, read the final answer
until its records parse completely (answers arrive split anywhere, even mid-field; once
complete we wait ``payment_terminal_settle_delay`` for more or for the close), all within
``payment_terminal_payment_delay``. Errors: payment_errors.py.
"""

from __future__ import annotations

import logging
import re
import socket
import time
from dataclasses import dataclass
from typing import Any, Mapping

from bms_kiosk.hardware import caisse_ap
from bms_kiosk.hardware.caisse_ap import Action, AnswerMode, Detail, Result, Tag
from bms_kiosk.hardware.payment_errors import (
    CardholderAbandonedError,
    InputTimeoutError,
    PaymentDeclinedError,
    PaymentNotCompletedError,
    PaymentOutcomeUnknownError,
    PaymentRefusedError,
    TerminalBusyError,
    TerminalFormatError,
    TerminalUnreachableError,
    UnknownOutcomeReason,
)

log = logging.getLogger(__name__)

ORDER_ID_RE = re.compile(r"[A-Za-z0-9-]{1,99}")  # travels in CF (1–99 characters); also a file name
AUTHORISATION_RE = re.compile(r"[0-9A-Z]{1,12}")  # what the backend takes as an authorisation number
CARD_LAST4_RE = re.compile(r"[0-9]{4}")
RECV_SIZE = 4096

# answer fields a technician may see (never the masked card number, the expiry or the receipt)
TECHNICIAN_FIELDS = (Tag.RESULT, Tag.DETAIL, Tag.AUTHORISATION, Tag.AMOUNT, Tag.PRIVATE_DATA, Tag.ACTION,
                     Tag.APPLICATION, Tag.READ_MODE)

DECLINED_BY_DETAIL: Mapping[str, type[PaymentDeclinedError]] = {
    Detail.REFUSED: PaymentRefusedError,
    Detail.FORBIDDEN: PaymentRefusedError,
    Detail.CARDHOLDER_ABANDON: CardholderAbandonedError,
    Detail.OPERATOR_ABANDON: CardholderAbandonedError,
    Detail.INPUT_TIMEOUT: InputTimeoutError,
    Detail.FORMAT_ERROR: TerminalFormatError,
    Detail.UNKNOWN_ACTION: TerminalFormatError,
    Detail.CURRENCY_NOT_SUPPORTED: TerminalFormatError,
    Detail.NOT_COMPLETED: PaymentNotCompletedError,
}


@dataclass(frozen=True)
class Approval:
    """A debit the terminal authorised, checked against what we asked."""

    order_id: str
    amount_cents: int
    authorisation: str
    card_last4: str


def technician_fields(fields: Mapping[str, str]) -> dict[str, str]:
    return {t.value: fields[t] for t in TECHNICIAN_FIELDS if t in fields}


class PaymentTerminal:
    def __init__(self, host: str, port: int, *, till_protocol_id: str, till_number: str = "01",
                 connect_delay: float = 10.0, payment_delay: float = 180.0, settle_delay: float = 0.3) -> None:
        if len(till_protocol_id) != 12:
            raise ValueError("till_protocol_id: 12 characters")
        if not re.fullmatch(r"[0-9]{2}", till_number):
            raise ValueError("till_number: 2 digits")
        self.host = host
        self.port = port
        self.till_protocol_id = till_protocol_id
        self.till_number = till_number
        self.connect_delay = connect_delay
        self.payment_delay = payment_delay
        self.settle_delay = settle_delay

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "PaymentTerminal":
        return cls(config["payment_terminal_host"], config["payment_terminal_port"],
                   till_protocol_id=config["payment_terminal_till_id"],
                   till_number=config["payment_terminal_till_number"],
                   connect_delay=config["payment_terminal_connect_delay"],
                   payment_delay=config["payment_terminal_payment_delay"],
                   settle_delay=config["payment_terminal_settle_delay"])

    def request(self, amount_cents: int, order_id: str) -> bytes:
        if not ORDER_ID_RE.fullmatch(order_id):
            raise ValueError(f"order id {order_id!r}")
        return caisse_ap.encode([
            (Tag.VERSION, caisse_ap.PROTOCOL_VERSION), (Tag.TILL_PROTOCOL_ID, self.till_protocol_id),
            (Tag.TILL_NUMBER, self.till_number), (Tag.AMOUNT, caisse_ap.cents_field(amount_cents)),
            (Tag.ACTION, Action.DEBIT), (Tag.CURRENCY, caisse_ap.CURRENCY_EUR),
            (Tag.ANSWER_MODE, AnswerMode.AT_END), (Tag.PRIVATE_DATA, order_id)])

    def debit(self, amount_cents: int, order_id: str) -> Approval:
        """Ask the terminal to debit ``amount_cents`` for ``order_id``; blocks until its answer.

        Raises PaymentNotTakenError subclasses (nothing debited) or PaymentOutcomeUnknownError.
        """
        request = self.request(amount_cents, order_id)
        deadline = time.monotonic() + self.payment_delay
        try:
            sock = socket.create_connection((self.host, self.port),
                                            timeout=min(self.connect_delay, self.payment_delay))
        except OSError as exc:
            raise TerminalUnreachableError(self.host, self.port, type(exc).__name__) from exc
        with sock:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                sock.sendall(request)
            except OSError as exc:
                # part of the request may have reached the terminal: it may act on it
                raise PaymentOutcomeUnknownError(order_id, amount_cents, UnknownOutcomeReason.SEND_FAILED) from exc
            log.info("paiement %s : %d centimes demandés au terminal", order_id, amount_cents)
            fields = self._read_answer(sock, deadline, order_id, amount_cents)
        return self._outcome(fields, order_id, amount_cents)

    def _read_answer(self, sock: socket.socket, deadline: float, order_id: str, amount_cents: int) -> dict[str, str]:
        buffer = b""
        fields: dict[str, str] | None = None  # the last complete parse that holds a result

        def unknown(reason: UnknownOutcomeReason,
                    partial: Mapping[str, str] | None = None) -> PaymentOutcomeUnknownError:
            return PaymentOutcomeUnknownError(order_id, amount_cents, reason, technician_fields(partial or {}))

        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                if fields is not None:
                    return fields
                raise unknown(UnknownOutcomeReason.TIME_LIMIT)
            sock.settimeout(min(left, self.settle_delay) if fields is not None else left)
            try:
                chunk = sock.recv(RECV_SIZE)
            except TimeoutError:
                if fields is not None:
                    return fields  # complete, and nothing more came
                continue  # the deadline check above ends it
            except OSError as exc:
                # reset: what arrived may be cut at a record boundary, even if it parses
                raise unknown(UnknownOutcomeReason.CONNECTION_LOST, fields) from exc
            if not chunk:  # the terminal closed cleanly
                if fields is not None:
                    return fields
                raise unknown(UnknownOutcomeReason.CONNECTION_LOST)
            buffer += chunk
            try:
                parsed = caisse_ap.parse(buffer)
            except caisse_ap.IncompleteRecordsError:
                fields = None
                continue
            except caisse_ap.MalformedRecordsError as exc:
                raise unknown(UnknownOutcomeReason.MALFORMED_ANSWER) from exc
            fields = parsed if Tag.RESULT in parsed else None

    def _outcome(self, fields: Mapping[str, str], order_id: str, amount_cents: int) -> Approval:
        def unknown(reason: UnknownOutcomeReason) -> PaymentOutcomeUnknownError:
            return PaymentOutcomeUnknownError(order_id, amount_cents, reason, technician_fields(fields))

        echoed = fields.get(Tag.PRIVATE_DATA)
        result = fields[Tag.RESULT]
        detail = fields.get(Tag.DETAIL, "")[:2]  # CB cards may append CB2A data
        if result == Result.NOT_DONE:
            # nothing debited; an immediate "busy" answer may not echo CF, another order's may
            if echoed is not None and echoed != order_id:
                raise unknown(UnknownOutcomeReason.ORDER_MISMATCH)
            if not detail:
                raise TerminalBusyError(order_id, detail)
            raise DECLINED_BY_DETAIL.get(detail, PaymentNotCompletedError)(order_id, detail)
        if result != Result.DONE or detail != Detail.AUTHORISED:
            raise unknown(UnknownOutcomeReason.MALFORMED_ANSWER)
        if echoed != order_id:
            raise unknown(UnknownOutcomeReason.ORDER_MISMATCH)
        try:
            authorised = caisse_ap.cents_value(fields.get(Tag.AMOUNT, ""))
        except ValueError:
            raise unknown(UnknownOutcomeReason.AMOUNT_MISMATCH) from None
        if authorised != amount_cents:
            raise unknown(UnknownOutcomeReason.AMOUNT_MISMATCH)
        authorisation = fields.get(Tag.AUTHORISATION, "").strip()
        last4 = fields.get(Tag.MASKED_CARD, "")[-4:]
        if not AUTHORISATION_RE.fullmatch(authorisation) or not CARD_LAST4_RE.fullmatch(last4):
            raise unknown(UnknownOutcomeReason.INCOMPLETE_APPROVAL)
        log.info("paiement %s : autorisé (%s)", order_id, authorisation)
        return Approval(order_id, amount_cents, authorisation, last4)
