"""Health of the terminal's parts, checked periodically, and the automatic out-of-service policy.

``HealthMonitor`` keeps the card source's last ReaderStatus (pushed by the CardBridge) and
checks the printer (``Printer.status()``) and the backend (``/health``) every
``health_check_delay`` seconds on its own thread pool: the GUI thread never waits. It emits
``checked(Health)`` after every result and ``changed(Health)`` when something changed.

``availability(health, manual)`` turns a Health into what the attract screen says and refuses
(one place for these French texts); ``OutOfService`` applies it to the journey.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Iterable, Mapping

from PySide6.QtCore import QObject, QTimer, Signal

from bms_kiosk.flow.tasks import TaskRunner
from bms_kiosk.hardware.card_events import ReaderState, ReaderStatus
from bms_kiosk.maintenance.diag import BackendReport, check_backend
from bms_kiosk.flow.states import Core
from bms_kiosk.screens import texts
from bms_kiosk.screens.texts import UserMessage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Health:
    reader_ok: bool = True
    printer_ok: bool = True
    backend_ok: bool = True
    details: dict[str, str] = field(default_factory=dict)

    @property
    def all_ok(self) -> bool:
        return self.reader_ok and self.printer_ok and self.backend_ok

    @property
    def nothing_ok(self) -> bool:
        return not (self.reader_ok or self.printer_ok or self.backend_ok)

    def same_state(self, other: "Health") -> bool:
        return (self.reader_ok, self.printer_ok, self.backend_ok) == (other.reader_ok, other.printer_ok,
                                                                      other.backend_ok)


@dataclass(frozen=True)
class Availability:
    block: UserMessage | None  # the whole terminal refuses cards, with this message
    notice: str  # shown on the attract screen when cards are still taken
    refused: Mapping[str, str]  # services refused in the menu → why
    reader_message: UserMessage  # what the reader_missing screen says


def availability(health: Health, manual: bool = False, printing: Iterable[str] = ()) -> Availability:
    """``printing``: the services that print (the shared print step's users), refused with the printer down."""
    reader_message = UserMessage(texts.READER_MISSING, texts.READER_MISSING_HINT)
    if manual:
        block = UserMessage(texts.OUT_OF_SERVICE, texts.MAINTENANCE_HINT)
        return Availability(block, "", {}, block)
    if health.nothing_ok or (not health.reader_ok and not health.backend_ok):
        block = UserMessage(texts.OUT_OF_SERVICE, texts.OUT_OF_SERVICE_HINT)
        return Availability(block, "", {}, block)
    if not health.backend_ok:
        return Availability(UserMessage(texts.BACKEND_DOWN, texts.BACKEND_DOWN_HINT), "", {}, reader_message)
    if not health.printer_ok:
        return Availability(None, f"{texts.PRINTER_DOWN}. {texts.PRINTER_DOWN_HINT}",
                            {key: texts.PRINTER_DOWN_REASON for key in sorted(printing)}, reader_message)
    return Availability(None, "", {}, reader_message)


_READER_TEXT = {ReaderState.READY: "prêt", ReaderState.NO_READER: "aucun lecteur",
                ReaderState.SERVICE_DOWN: "service PC/SC injoignable"}


class HealthMonitor(QObject):
    checked = Signal(object)  # Health, after every result
    changed = Signal(object)  # Health, when a part went up or down

    payments_checked = Signal(object)  # payment.exactly_once.ReplayReport, after every replay of the outbox

    def __init__(self, printer: Any, backend_factory: Callable[[], Any] | None, interval: float,
                 backend_url: str = "", parent: QObject | None = None, payment_outbox_dir: str = "") -> None:
        super().__init__(parent)
        self.payment_outbox_dir = payment_outbox_dir
        self.last_payments: Any = None  # ReplayReport
        self._outbox_recovered = False
        self.printer = printer
        self.backend_factory = backend_factory
        self.backend_url = backend_url
        self.health = Health(details={"lecteur": "en attente", "imprimante": "en attente", "serveur": "en attente"})
        self.last_backend: BackendReport | None = None
        self.last_printer: Any = None  # PrinterStatus
        self.tasks = TaskRunner(self, max_threads=2)
        self._client: Any = None
        self._in_flight: set[str] = set()
        self._timer = QTimer(self, interval=max(50, int(interval * 1000)))
        self._timer.timeout.connect(self.check_now)

    # --- control
    def start(self) -> None:
        self._timer.start()
        self.check_now()

    def stop(self) -> None:
        self._timer.stop()
        self.tasks.close(3000)
        client, self._client = self._client, None
        if client is not None and callable(getattr(client, "close", None)):
            client.close()

    def check_now(self) -> None:
        if "printer" not in self._in_flight and self.printer is not None:
            self._in_flight.add("printer")
            self.tasks.run(self.printer.status, self._on_printer, lambda e: self._on_printer_error(e))
        if "backend" not in self._in_flight and self.backend_factory is not None:
            self._in_flight.add("backend")
            self.tasks.run(self._check_backend, self._on_backend, lambda e: self._on_backend(
                BackendReport(False, self.backend_url, False, error=type(e).__name__)))

        if "payments" not in self._in_flight and self.payment_outbox_dir and self.backend_factory is not None:
            self._in_flight.add("payments")
            self.tasks.run(self._replay_payments, self._on_payments, self._on_payments_error)

    def _replay_payments(self) -> Any:  # worker thread: the outbox at start, then its replay
        from bms_kiosk.payment.outbox import Outbox
        from bms_kiosk.payment.upkeep import replay_outbox

        at_start = not self._outbox_recovered
        client = self.backend_factory()  # type: ignore[misc]
        try:
            report = replay_outbox(Outbox(self.payment_outbox_dir), client, at_start=at_start)
        finally:
            client.close()
        self._outbox_recovered = True
        return report

    def _on_payments(self, report: Any) -> None:
        self._in_flight.discard("payments")
        self.last_payments = report
        self.payments_checked.emit(report)

    def _on_payments_error(self, error: Exception) -> None:
        self._in_flight.discard("payments")
        log.warning("paiements en attente : relecture impossible (%s)", type(error).__name__)

    def _check_backend(self) -> BackendReport:  # worker thread
        if self._client is None:
            self._client = self.backend_factory()  # type: ignore[misc]
            self.backend_url = self.backend_url or str(getattr(self._client, "base_url", ""))
        return check_backend(self._client, self.backend_url)

    # --- results (GUI thread)
    def on_reader_status(self, status: ReaderStatus) -> None:
        self._update(reader_ok=status.state is ReaderState.READY,
                     detail=("lecteur", _READER_TEXT.get(status.state, status.state.value)))

    def _on_printer(self, status: Any) -> None:
        self._in_flight.discard("printer")
        self.last_printer = status
        text = status.state + (f" ({', '.join(status.reasons)})" if status.reasons else "")
        self._update(printer_ok=bool(status.ready), detail=("imprimante", text))

    def _on_printer_error(self, error: Exception) -> None:
        self._in_flight.discard("printer")
        self._update(printer_ok=False, detail=("imprimante", f"erreur {type(error).__name__}"))

    def _on_backend(self, report: BackendReport) -> None:
        self._in_flight.discard("backend")
        self.last_backend = report
        text = f"joignable ({report.latency_ms:.0f} ms)" if report.ok and report.latency_ms is not None \
            else f"injoignable ({report.error})"
        self._update(backend_ok=report.ok, detail=("serveur", text))

    def _update(self, detail: tuple[str, str], **parts: bool) -> None:
        before = self.health
        details = dict(before.details)
        details[detail[0]] = detail[1]
        self.health = replace(before, details=details, **parts)
        if not self.health.same_state(before):
            log.info("health: lecteur %s, imprimante %s, serveur %s",
                     *("ok" if ok else "EN PANNE" for ok in (self.health.reader_ok, self.health.printer_ok,
                                                             self.health.backend_ok)))
            self.changed.emit(self.health)
        self.checked.emit(self.health)


class OutOfService(QObject):
    """Applies the health (and the technician's manual mode) to the journey and the attract screen."""

    applied = Signal(object)  # Availability

    def __init__(self, monitor: HealthMonitor, journey: Any, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.monitor = monitor
        self.journey = journey
        self.manual = False
        self.current = availability(monitor.health, printing=journey.printing_services)
        monitor.checked.connect(lambda _h: self.apply())

    def set_manual(self, on: bool) -> None:
        self.manual = on
        log.info("out-of-service mode %s by the technician", "on" if on else "off")
        self.apply()

    def apply(self) -> None:
        new = availability(self.monitor.health, self.manual, self.journey.printing_services)
        if new != self.current:
            self.journey.message_shown.emit(Core.READER_MISSING, new.reader_message)
        self.current = new
        self.journey.set_availability(new.block, new.refused)
        self.applied.emit(new)
