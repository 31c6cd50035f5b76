"""Payer une créance (SPEC, seeds 001/002 — 2026 rules): the avis reference, the créance and the
other lines, the amount, the card payment terminal, the outcome, the receipt on request.

    menu → cr_reference → cr_searching → cr_creance → cr_paying → cr_accepted → [cr_preview …]
                                    ↘ cr_reference (reference not open: said under it)
                                    ↘ cr_outcome (service not eligible, remaining below minimum)
                                                            ↘ cr_failed (refused, abandoned, unknown)

The payment itself is ``payment.exactly_once.take_payment`` on a worker thread: the order is
recorded on the backend (idempotency key made once per attempt), the outbox holds the outcome
until the backend acknowledged it (docs/payment.md).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from bms_kiosk.flow.states import Core, PrintRole, Report
from bms_kiosk.flow.steps import Document, ServiceSpec, Step, outcome_screen, progress_screen
from bms_kiosk.kiosk_services.creance import words
from bms_kiosk.kiosk_services.creance.amounts import api_amount, is_reference, total_owed

log = logging.getLogger(__name__)

KEY = "creance"
PAYMENT_ERROR = "error"  # Report.PAYMENT's outcome when no payment outcome came back (the order failed)
# session.data (this visit only): the créance the backend returned, the attempt's idempotency key,
# the accepted payment (for the receipt)
CREANCE, ATTEMPT, PAID = "creance", "creance_attempt", "creance_paid"


class State(StrEnum):
    REFERENCE = "cr_reference"
    SEARCHING = "cr_searching"
    CREANCE = "cr_creance"
    PAYING = "cr_paying"
    ACCEPTED = "cr_accepted"
    FAILED = "cr_failed"
    OUTCOME = "cr_outcome"


DOCUMENT = Document(
    prefix="cr",
    job_title="recu-paiement",
    headline=QT_TRANSLATE_NOOP("services", "Voici le reçu de votre paiement."),
    preview_hint=QT_TRANSLATE_NOOP("services", "Vérifiez-le, puis touchez IMPRIMER."),
    printing_hint=QT_TRANSLATE_NOOP("services", "Votre reçu s'imprime. Il sortira dans le bac situé sous l'écran."),
    printed_title=QT_TRANSLATE_NOOP("services", "Votre reçu a été imprimé"),
    printed_hint="Récupérez-le dans le bac situé sous l'écran. " + words.THANKS,
    not_printed=QT_TRANSLATE_NOOP("services", "Votre reçu n'a pas été imprimé. L'accusé de réception de votre paiement est dans votre "
                 "messagerie ameli."),
    preview_help=QT_TRANSLATE_NOOP("services", "Voici le reçu de votre paiement. Touchez IMPRIMER pour l'obtenir sur papier."),
    back=State.ACCEPTED,
)


@dataclass(frozen=True)
class PaymentRequest:
    """What PAYER sends: the selected other lines and the amount (Decimal euros)."""

    lines: tuple[str, ...]
    amount: Decimal


@dataclass(frozen=True)
class CreanceView:
    """The créance screen's model: the backend's créance and the amount thresholds (settings)."""

    creance: Any
    payment_min: Decimal
    payment_max: Decimal


@dataclass(frozen=True)
class PayingView:
    amount: Decimal


def payment_tools(config: Any) -> tuple[Any, Any]:
    """The terminal and the outbox from the settings (built on a worker thread: the outbox makes
    its directory)."""
    from bms_kiosk.hardware.payment_terminal import PaymentTerminal
    from bms_kiosk.payment.outbox import Outbox

    return PaymentTerminal.from_config(config), Outbox(config.payment_outbox_dir)


class CreanceFlow:
    def __init__(self, ctx: Any) -> None:
        self.ctx = ctx
        self._paying = False  # PAYER tapped, the payment's result not back yet

    def start(self) -> None:
        for key in (CREANCE, ATTEMPT, PAID):
            self.ctx.session.data.pop(key, None)
        # a payment of a visit that ended meanwhile is finished by take_payment and the outbox
        self._paying = False
        self.ctx.show(State.REFERENCE, "")
        self.ctx.go(State.REFERENCE)

    # --- step 1
    def search(self, reference: object) -> None:
        if self.ctx.state != State.REFERENCE or not isinstance(reference, str):
            return
        if not is_reference(reference):
            self.ctx.show(State.REFERENCE, words.REFERENCE_FORMAT)
            return
        if not self.ctx.go(State.SEARCHING):
            return
        client = self.ctx.client()
        self.ctx.run(lambda: client.creance_lookup(reference), self._found, self._not_found)

    def _found(self, creance: Any) -> None:
        self.ctx.session.data[CREANCE] = creance
        self.ctx.session.data.pop(ATTEMPT, None)
        log.info("créance found: %d other line(s)", len(creance.others))
        config = self.ctx.config
        self.ctx.show(State.CREANCE, CreanceView(creance, config.payment_min, config.payment_max))
        self.ctx.go(State.CREANCE)

    def _not_found(self, error: Exception) -> None:
        from bms_client.errors import InvalidFieldError, NotEligibleError

        if isinstance(error, NotEligibleError) and error.reason == "reference_not_open":
            said = words.REFERENCE_NOT_OPEN
        elif isinstance(error, InvalidFieldError) and error.field == "reference":
            said = words.REFERENCE_FORMAT
        else:
            self.ctx.outcome_or_fail(error, State.OUTCOME)
            return
        self.ctx.show(State.REFERENCE, said)
        self.ctx.go(State.REFERENCE)

    # --- step 2 → 3
    def pay(self, request: object) -> None:
        """PAYER. A second tap finds the payment started and does nothing."""
        creance = self.ctx.session.data.get(CREANCE)
        if self._paying or self.ctx.state != State.CREANCE or creance is None \
                or not isinstance(request, PaymentRequest):
            return
        owed = total_owed([creance.line.remaining_amount,
                           *(o.remaining_amount for o in creance.others if o.reference in request.lines)])
        config = self.ctx.config
        if not (config.payment_min <= request.amount <= config.payment_max and request.amount <= owed):
            return  # the screen keeps PAYER disabled; the backend checks again
        data = self.ctx.session.data
        if data.get(ATTEMPT) is None or data[ATTEMPT][0] != request:
            data[ATTEMPT] = (request, str(uuid.uuid4()))
        key = data[ATTEMPT][1]
        self._paying = True
        self.ctx.show(State.PAYING, PayingView(request.amount))
        if not self.ctx.go(State.PAYING):
            self._paying = False
            return
        client, reference = self.ctx.client(), creance.line.reference

        def work() -> tuple[Any, Any]:
            from bms_kiosk.payment.exactly_once import take_payment

            terminal, outbox = payment_tools(config)
            order = client.pay_creance(reference, request.lines, api_amount(request.amount), idempotency_key=key)
            return order, take_payment(order, terminal, outbox, client)

        self.ctx.run(work, self._paid, self._pay_error)

    def _paid(self, result: tuple[Any, Any]) -> None:
        from bms_kiosk.payment.outbox import EntryStatus

        order, outcome = result
        self._paying = False
        self._report(outcome.status.value, outcome.error)
        self.ctx.session.data.pop(ATTEMPT, None)  # the next PAYER is a new order
        if outcome.status is EntryStatus.ACCEPTED:
            self.ctx.session.data[PAID] = (order, outcome)
            approval = outcome.approval
            self.ctx.message_shown.emit(State.ACCEPTED, words.accepted_message(
                order.amount, approval.authorisation, approval.card_last4))
            self.ctx.go(State.ACCEPTED)
            return
        message = words.failed_message(outcome.error) if outcome.status is EntryStatus.FAILED \
            else words.UNKNOWN_MESSAGE
        self.ctx.message_shown.emit(State.FAILED, message)
        self.ctx.go(State.FAILED)

    def _report(self, outcome: str, error: Exception | None = None) -> None:
        from bms_kiosk.hardware.payment_errors import TerminalUnreachableError

        self.ctx.reported.emit(Report.PAYMENT, outcome)
        if outcome != PAYMENT_ERROR:
            self.ctx.reported.emit(Report.PAYMENT_TERMINAL, "0" if isinstance(error, TerminalUnreachableError) else "1")

    def _pay_error(self, error: Exception) -> None:
        from bms_kiosk.payment.exactly_once import OrderNotPendingError
        from bms_kiosk.payment.outbox import OrderAlreadyStartedError
        from bms_client.errors import InvalidFieldError

        self._paying = False
        self._report(PAYMENT_ERROR)
        if isinstance(error, (OrderAlreadyStartedError, OrderNotPendingError)):
            log.warning("order %s already started: not asked again", error.order_id)
            self.ctx.session.data.pop(ATTEMPT, None)
            self.ctx.message_shown.emit(State.FAILED, words.UNKNOWN_MESSAGE)
            self.ctx.go(State.FAILED)
        elif isinstance(error, InvalidFieldError):
            from bms_kiosk.screens.texts import UserMessage

            self.ctx.message_shown.emit(State.FAILED, UserMessage(words.PAY_REFUSED_TITLE, error.message_fr))
            self.ctx.go(State.FAILED)
        else:
            self.ctx.outcome_or_fail(error, State.OUTCOME)

    # --- step 4
    def print_receipt(self, _value: object = None) -> None:
        paid = self.ctx.session.data.get(PAID)
        if self.ctx.state != State.ACCEPTED or paid is None:
            return
        order, outcome = paid
        receipt, terminal_id = self._receipt(order, outcome), self.ctx.config.terminal_id

        def work() -> tuple[bytes, tuple[str, ...]]:
            from dataclasses import replace

            from bms_kiosk.services.documents import build_receipt_pdf

            return build_receipt_pdf(replace(receipt, terminal_id=terminal_id)), words.receipt_lines(receipt)

        self.ctx.run(work, lambda built: self.ctx.show_document(KEY, *built))

    @staticmethod
    def _receipt(order: Any, outcome: Any) -> Any:
        """The backend's receipt; if its acknowledgement is still in the outbox, the terminal's data."""
        if outcome.backend_result is not None and outcome.backend_result.receipt is not None:
            return outcome.backend_result.receipt
        from bms_client.models import PaymentReceipt

        approval = outcome.approval
        return PaymentReceipt(order.amount, order.transaction_ref, order.merchant_id, approval.authorisation,
                              f"**** **** **** {approval.card_last4}",
                              datetime.now().isoformat(timespec="seconds"), tuple(order.lines))


def _reference_screen(spec: ServiceSpec) -> Any:
    from bms_kiosk.kiosk_services.creance.screens import ReferenceScreen

    return ReferenceScreen(State.REFERENCE, spec.title)


def _creance_screen(spec: ServiceSpec) -> Any:
    from bms_kiosk.kiosk_services.creance.screens import CreanceScreen

    return CreanceScreen(State.CREANCE, spec.title)


def _paying_screen(spec: ServiceSpec) -> Any:
    from bms_kiosk.kiosk_services.creance.screens import PayingScreen

    return PayingScreen(State.PAYING, spec.title)


def _accepted_screen(spec: ServiceSpec) -> Any:
    from bms_kiosk.screens.message import MessageScreen

    return MessageScreen(State.ACCEPTED, words.ACCEPTED, "", icon="document-imprime", header=spec.title,
                         home=True, finish=True, primary=words.PRINT_RECEIPT)


def _failed_screen(spec: ServiceSpec) -> Any:
    from bms_kiosk.screens.message import MessageScreen

    return MessageScreen(State.FAILED, words.FAILED, "", header=spec.title, home=True, back=True, finish=True)


SERVICE = ServiceSpec(
    key=KEY,
    label=words.LABEL,
    summary=words.SUMMARY,
    title=words.TITLE,
    order=40,
    flow=CreanceFlow,
    entries=(State.REFERENCE,),
    steps=(
        Step(State.REFERENCE, _reference_screen, moves=(State.SEARCHING,), back=Core.MENU,
             accept=CreanceFlow.search),
        Step(State.SEARCHING, progress_screen(State.SEARCHING, words.SEARCHING),
             moves=(State.CREANCE, State.REFERENCE, State.OUTCOME), guarded=False, busy=True),
        Step(State.CREANCE, _creance_screen, moves=(State.PAYING,), back=Core.MENU, accept=CreanceFlow.pay),
        # the terminal has the card: no ACCUEIL, no inactivity wipe (payment_terminal_payment_delay bounds it)
        Step(State.PAYING, _paying_screen, moves=(State.ACCEPTED, State.FAILED, State.OUTCOME),
             guarded=False, busy=True),
        Step(State.ACCEPTED, _accepted_screen, moves=(DOCUMENT.state(PrintRole.PREVIEW),),
             accept=CreanceFlow.print_receipt),
        Step(State.FAILED, _failed_screen, back=State.CREANCE),
        Step(State.OUTCOME, outcome_screen(State.OUTCOME), back=State.REFERENCE),
    ),
    document=DOCUMENT,
    outcomes=words.OUTCOMES,
    takes_payments=True,
)
