"""Fleet metrics: what the terminal exposes to Prometheus (``metrics_address``:``metrics_port``).

Never anything personal: the labels are names the software declares (service keys, state roles,
backend call names, exception class names, CUPS reason keywords, document job titles), never a
value a person typed or a card carried; a backend call is labelled by the client's method name,
never by its URL (a path can carry a reference).

Served by prometheus_client's WSGI server on a thread of its own: a scrape never touches the GUI
thread. Every kiosk has its own registry (tests build several in one process). The process
collector gives ``process_resident_memory_bytes`` (RSS), open files, CPU seconds.

Counted from signals the core already emits (the journey's states, the card bridge, the health
monitor, ``Journey.reported``) and from two thin wrappers around the services the journey calls
(the backend client's calls, the printer's jobs): no service has to know about metrics.
"""

from __future__ import annotations

import logging
import re
import socket
import threading
import time
from typing import Any, Callable
from wsgiref.simple_server import WSGIRequestHandler, make_server

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, Info
from prometheus_client import GCCollector, PlatformCollector, ProcessCollector, make_wsgi_app
from prometheus_client.exposition import ThreadingWSGIServer

from bms_kiosk import __version__
from bms_kiosk.flow.states import Core, PrintRole, Report

log = logging.getLogger(__name__)

PREFIX = "bms_kiosk"
# the parts whose health is exposed (bms_kiosk_part_up{part=…}); the alert rules name them too
PART_READER, PART_PRINTER, PART_BACKEND, PART_PAYMENT = "reader", "printer", "backend", "payment_terminal"
PART_KIOSK = "kiosk"  # errors only: an exception that escaped a slot (the failsafe)

# How a visit of a service ended (bms_kiosk_visits_finished_total{outcome=…}).
PRINTED, PRINT_FAILED, FAILED, TIMEOUT, CARD_REMOVED, LEFT = (
    "printed", "print_failed", "failed", "timeout", "card_removed", "left")

# seconds: a card read is ~0.2–2 s through PC/SC; a backend call 5 ms – 20 s (its deadline)
CARD_READ_BUCKETS = (0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
CALL_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0)
PRINT_BUCKETS = (1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0)

_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(pdf: bytes) -> int:
    """Pages of one of our PDFs (its page objects are never compressed); 0 when none is found."""
    return len(_PAGE.findall(pdf))


def reason_keyword(reason: str) -> str:
    """A CUPS printer-state-reason without its severity: "media-empty-error" → "media-empty"."""
    for suffix in ("-error", "-warning", "-report"):
        if reason.endswith(suffix):
            return reason[: -len(suffix)]
    return reason


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - a scrape is not news
        pass


class KioskMetrics:
    """The terminal's metrics in their own registry; ``serve()`` exposes them over HTTP."""

    def __init__(self, terminal_id: str) -> None:
        r = self.registry = CollectorRegistry()
        ProcessCollector(registry=r)
        PlatformCollector(registry=r)
        GCCollector(registry=r)
        Info(f"{PREFIX}_build", "Version of the kiosk software", registry=r).info(
            {"version": __version__, "terminal": terminal_id})
        self.cards = Counter(f"{PREFIX}_cards_inserted", "Cards inserted", registry=r)
        self.card_reads = Counter(f"{PREFIX}_card_reads", "Card reads by outcome (ok or the error's class)",
                                  ["outcome"], registry=r)
        self.card_read_seconds = Histogram(f"{PREFIX}_card_read_seconds", "Card inserted → read or failed",
                                           buckets=CARD_READ_BUCKETS, registry=r)
        self.sessions = Counter(f"{PREFIX}_sessions", "People authenticated (code or SMS)", registry=r)
        self.visits_started = Counter(f"{PREFIX}_visits_started", "Visits of a service started", ["service"],
                                      registry=r)
        self.visits_finished = Counter(f"{PREFIX}_visits_finished", "Visits of a service ended, by outcome",
                                       ["service", "outcome"], registry=r)
        self.print_jobs = Counter(f"{PREFIX}_print_jobs", "Print jobs by document and outcome",
                                  ["document", "outcome"], registry=r)
        self.pages = Counter(f"{PREFIX}_pages_printed", "Pages printed, by document", ["document"], registry=r)
        self.print_seconds = Histogram(f"{PREFIX}_print_seconds", "Submit → job completed",
                                       buckets=PRINT_BUCKETS, registry=r)
        self.printer_ready = Gauge(f"{PREFIX}_printer_ready", "The printer takes jobs (1) or not (0)", registry=r)
        self.printer_reason = Gauge(f"{PREFIX}_printer_reason",
                                    "CUPS printer-state-reasons now (1) or seen before (0), severity removed",
                                    ["reason"], registry=r)
        self.printer_queued = Gauge(f"{PREFIX}_printer_queued_jobs", "Jobs waiting in the printer's queue",
                                    registry=r)
        self.payments = Counter(f"{PREFIX}_payments", "Card payments by outcome (accepted, failed, unknown, error)",
                                ["outcome"], registry=r)
        self.backend_calls = Counter(f"{PREFIX}_backend_calls", "Backend calls by call and outcome "
                                     "(ok or the error's class)", ["call", "outcome"], registry=r)
        self.backend_seconds = Histogram(f"{PREFIX}_backend_call_seconds",
                                         "Backend call latency seen by the terminal, retries included",
                                         ["call"], buckets=CALL_BUCKETS, registry=r)
        self.errors = Counter(f"{PREFIX}_errors", "Errors by part and kind (the exception's class)",
                              ["part", "kind"], registry=r)
        self.part_up = Gauge(f"{PREFIX}_part_up", "Health of each part: 1 up, 0 down", ["part"], registry=r)
        self.out_of_service = Gauge(f"{PREFIX}_out_of_service", "The terminal refuses cards (1) or not (0)",
                                    registry=r)
        self._server: Any = None
        self._thread: Any = None
        self._reasons: set[str] = set()

    # --- serving (prometheus_client's thread; the GUI thread never answers a scrape)
    def serve(self, address: str, port: int) -> int:
        """Listens on ``address``:``port`` (0: a free port); returns the port, or 0 when it is taken.

        prometheus_client's WSGI server and app, in a thread of ours: its ``start_http_server``
        polls for shutdown every 0.5 s, which every kiosk's stop would wait for.
        """
        family = socket.getaddrinfo(address, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0][0]
        server_class = type("MetricsServer", (ThreadingWSGIServer,), {"address_family": family})
        try:
            self._server = make_server(address, port, make_wsgi_app(self.registry), server_class,
                                       handler_class=_QuietHandler)
        except OSError as exc:
            log.warning("metrics: cannot listen on %s:%d (%s): not exposed", address, port, exc.strerror)
            return 0
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="metrics", daemon=True)
        self._thread.start()
        bound = int(self._server.server_address[1])
        log.info("metrics on http://%s:%d/metrics", address, bound)
        return bound

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()  # ≤ one poll (50 ms)
            self._server.server_close()
            self._thread.join(1)
            self._server = None

    # --- what the parts report
    def on_health(self, health: Any) -> None:
        """maintenance.health.Health: reader, printer, backend up or down."""
        self.part_up.labels(PART_READER).set(int(health.reader_ok))
        self.part_up.labels(PART_PRINTER).set(int(health.printer_ok))
        self.part_up.labels(PART_BACKEND).set(int(health.backend_ok))

    def on_printer_status(self, status: Any) -> None:
        """hardware.printer.PrinterStatus (from the health monitor's worker: values only)."""
        if status is None:
            return
        self.printer_ready.set(int(status.ready))
        self.printer_queued.set(status.queued_jobs)
        now = {reason_keyword(r) for r in status.reasons if r and r != "none"}
        for reason in self._reasons - now:
            self.printer_reason.labels(reason).set(0)
        for reason in now:
            self.printer_reason.labels(reason).set(1)
        self._reasons |= now

    def on_unhandled(self, kind: str) -> None:
        self.errors.labels(PART_KIOSK, kind).inc()

    def on_reported(self, report: str, value: str) -> None:
        """``Journey.reported``: a card payment's outcome; whether the payment terminal answered."""
        if report == Report.PAYMENT:
            self.payments.labels(value).inc()
        elif report == Report.PAYMENT_TERMINAL:
            self.part_up.labels(PART_PAYMENT).set(int(value == "1"))


class VisitWatcher:
    """Visits started and ended, from the journey's states and what its declarations say of them."""

    def __init__(self, journey: Any, metrics: KioskMetrics) -> None:
        self.journey, self.metrics = journey, metrics
        self._service: str | None = None  # the service of the visit under way
        self._last_role: PrintRole | None = None
        self._expired = False
        self._inserted_at: float | None = None
        self._previous = ""

    def on_state(self, name: str) -> None:
        spec = self.journey.step_service.get(name)
        previous, self._previous = self._previous, name
        if name == Core.READING:
            self.metrics.cards.inc()
        elif previous == Core.AUTH and (name == Core.MENU or spec is not None):
            self.metrics.sessions.inc()  # the menu, or a service's step right after login
        if spec is not None and spec.key != self._service:
            if self._service is not None:
                self._finish(LEFT)
            self._service, self._last_role, self._expired = spec.key, None, False
            self.metrics.visits_started.labels(spec.key).inc()
        elif spec is None and self._service is not None:
            if self._expired:
                outcome = TIMEOUT
            elif name == Core.UNAVAILABLE:
                outcome = FAILED
            elif self._last_role is PrintRole.PRINTED:
                outcome = PRINTED
            elif self._last_role is PrintRole.FAILED:
                outcome = PRINT_FAILED
            elif name == Core.ATTRACT:
                outcome = CARD_REMOVED
            else:
                outcome = LEFT
            self._finish(outcome)
        if spec is not None:
            step = self.journey.steps.get(name)
            if step is not None and step.role is not None:
                self._last_role = step.role

    def _finish(self, outcome: str) -> None:
        self.metrics.visits_finished.labels(self._service, outcome).inc()
        self._service, self._last_role, self._expired = None, None, False

    def on_expired(self) -> None:
        self._expired = True

    # --- the card bridge
    def on_inserted(self, _event: Any) -> None:
        self._inserted_at = time.monotonic()

    def _read_done(self, outcome: str) -> None:
        if self._inserted_at is not None:
            self.metrics.card_read_seconds.observe(time.monotonic() - self._inserted_at)
            self._inserted_at = None
        self.metrics.card_reads.labels(outcome).inc()

    def on_read(self, _card: Any) -> None:
        self._read_done("ok")

    def on_failed(self, error: Any) -> None:
        kind = type(error).__name__
        self._read_done(kind)
        self.metrics.errors.labels(PART_READER, kind).inc()


class MeteredClient:
    """A backend client whose public calls are timed and counted (call = the method's name)."""

    def __init__(self, client: Any, metrics: KioskMetrics) -> None:
        self._client, self._metrics = client, metrics

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._client, name)
        if name.startswith("_") or not callable(value) or name == "close":
            return value
        metrics = self._metrics

        def call(*args: Any, **kw: Any) -> Any:
            start = time.monotonic()
            try:
                result = value(*args, **kw)
            except Exception as exc:
                kind = type(exc).__name__
                metrics.backend_calls.labels(name, kind).inc()
                metrics.errors.labels(PART_BACKEND, kind).inc()
                raise
            finally:
                metrics.backend_seconds.labels(name).observe(time.monotonic() - start)
            metrics.backend_calls.labels(name, "ok").inc()
            return result

        return call


class MeteredPrinter:
    """The printer, its jobs counted by document (the job title: a generic name) and pages."""

    def __init__(self, printer: Any, metrics: KioskMetrics) -> None:
        self._printer, self._metrics = printer, metrics

    def __getattr__(self, name: str) -> Any:
        return getattr(self._printer, name)

    def print_pdf(self, data: bytes, title: str) -> Any:
        m = self._metrics
        try:
            result = self._printer.print_pdf(data, title)
        except Exception as exc:
            m.print_jobs.labels(title, type(exc).__name__).inc()
            m.errors.labels(PART_PRINTER, type(exc).__name__).inc()
            raise
        m.print_jobs.labels(title, "ok").inc()
        m.pages.labels(title).inc(getattr(result, "pages", None) or pdf_pages(data))
        m.print_seconds.observe(getattr(result, "seconds", 0.0))
        return result


def metered_factory(factory: Callable[[], Any], metrics: KioskMetrics) -> Callable[[], Any]:
    return lambda: MeteredClient(factory(), metrics)


def attach(kiosk: Any) -> KioskMetrics | None:
    """Before maintenance is attached (it keeps the printer and the backend factory it is given)."""
    config = kiosk.config
    if not config.metrics_port:
        return None
    journey = kiosk.journey
    metrics = KioskMetrics(config.terminal_id)
    services = journey.services
    if services is not None:
        services.backend_factory = metered_factory(services.backend_factory, metrics)
        if services.printer is not None:
            services.printer = MeteredPrinter(services.printer, metrics)
    visits = VisitWatcher(journey, metrics)
    journey.state_entered.connect(visits.on_state)
    journey.guard.expired.connect(visits.on_expired)
    journey.reported.connect(metrics.on_reported)
    kiosk.bridge.card_inserted.connect(visits.on_inserted)
    kiosk.bridge.card_read.connect(visits.on_read)
    kiosk.bridge.card_failed.connect(visits.on_failed)
    metrics.visits = visits  # type: ignore[attr-defined]  # kept alive with the metrics
    metrics.port = metrics.serve(config.metrics_address, config.metrics_port)  # type: ignore[attr-defined]
    return metrics


def watch_maintenance(metrics: KioskMetrics, maintenance: Any) -> None:
    monitor = maintenance.monitor
    monitor.checked.connect(metrics.on_health)
    monitor.checked.connect(lambda _health: metrics.on_printer_status(monitor.last_printer))
    maintenance.out_of_service.applied.connect(lambda a: metrics.out_of_service.set(int(a.block is not None)))
