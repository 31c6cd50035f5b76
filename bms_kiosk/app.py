"""Composition root: configuration → adapters → flow → window.

In two stages: the window with the attract screen (Qt, fonts, style sheet, one screen), then the
rest (backend, journey, card source, maintenance, the other screens). ``build_kiosk`` does both at
once (tests); ``build_kiosk(staged=True)`` leaves the second stage to the first paint, so a
terminal restarted by its watchdog shows its attract screen before it imports the journey.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Callable, NoReturn

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from bms_kiosk.assets import FONTS
from bms_kiosk import i18n, look, memory
from bms_kiosk.look import NORMAL, style_sheet
from bms_kiosk.settings import Config, ConfigError
from bms_kiosk.window import KioskWindow

if TYPE_CHECKING:
    from bms_kiosk.flow.journey import Journey, Services
    from bms_kiosk.hardware.card_events import CardSource

log = logging.getLogger(__name__)

FIRST_PAINT_GRACE_MS = 5000  # staged start: the second stage runs then even if nothing was painted


def make_card_source(config: Config) -> CardSource:
    if config.card_source == "simulated":
        from bms_kiosk.hardware.virtual_card import SimulatedCardSource

        return SimulatedCardSource()
    from bms_kiosk.hardware.pcsc import PcscCardSource

    return PcscCardSource.from_config(config)


@dataclass
class Backend:
    """Where the kiosk's backend client points; the embedded reference server when none is configured."""

    url: str
    terminal_key: str
    embedded: Any = None  # bms_backend.runner.RunningServer
    workdir: Any = None  # TemporaryDirectory of the embedded server's database

    def stop(self) -> None:
        if self.embedded is not None:
            self.embedded.stop()
        if self.workdir is not None:
            self.workdir.cleanup()


def start_backend(config: Config) -> Backend:
    if config.backend_url:
        return Backend(config.backend_url, config.backend_terminal_key)
    import tempfile

    try:
        from bms_backend.runner import start_server_in_thread
    except ImportError:
        raise ConfigError("backend_url: vide, et le serveur de référence embarqué (bms-backend, "
                          "extra « demo » de bms-kiosk) n'est pas installé") from None

    workdir = tempfile.TemporaryDirectory(prefix="bms-reference-backend-")
    server = start_server_in_thread(Path(workdir.name) / "reference.sqlite3", config=config,
                                    terminal_id=config.terminal_id)
    log.warning("embedded reference backend (demo data) on %s", server.url)
    return Backend(server.url, server.terminal_key, server, workdir)


def make_services(config: Config, backend: Backend, printer: Any = None) -> Services:
    from bms_kiosk.flow.journey import Services
    from bms_kiosk.hardware.printer import make_printer

    def backend_factory() -> Any:
        # requests + urllib3 cost ~100 ms to import: paid on the worker thread of the first call
        from bms_client.client import BackendClient

        return BackendClient.from_config(config, base_url=backend.url, terminal_key=backend.terminal_key)

    return Services(backend_factory=backend_factory,
                    printer=printer if printer is not None else make_printer(config))


_FONTS_LOADED: set[str] = set()  # per process: QFontDatabase keeps them for the application


def prepare_qt(app: QApplication, config: Config) -> None:
    """Fonts and style sheet: with no font visible to fontconfig every glyph is an empty box."""
    for font in sorted(FONTS.glob("*.ttf")):
        if str(font) in _FONTS_LOADED:
            continue
        if QFontDatabase.addApplicationFont(str(font)) < 0:
            log.error("font %s could not be loaded", font.name)
        else:
            _FONTS_LOADED.add(str(font))
    # Setting an application style sheet re-polishes every widget alive: only when it changes.
    # The application's is the normal look; large text and high contrast are set per screen (look.apply).
    sheet = style_sheet(NORMAL)
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    if config.hide_cursor and config.fullscreen:
        QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)


@dataclass
class Kiosk:
    """The running kiosk: everything a test, the demo or the entry point needs to reach.

    ``bridge``, ``journey``, ``source``, ``activity`` and ``maintenance`` are None until the second
    stage (``complete``) ran: at once in ``build_kiosk``, at the first paint when staged.
    """

    config: Config
    app: QApplication
    window: KioskWindow
    bridge: Any = None  # flow.card_bridge.CardBridge
    journey: Any = None  # flow.journey.Journey
    source: Any = None  # hardware.card_events.CardSource
    activity: Any = None  # flow.inactivity.ActivityFilter
    backend: Backend | None = None  # the one this kiosk started (embedded reference server), stopped with it
    maintenance: Any = None  # maintenance.integration.Maintenance: health, out of service, technicians
    metrics: Any = None  # maintenance.metrics.KioskMetrics, served on metrics_address:metrics_port (0: none)
    access: Any = None  # speech.integration.Accessibility: speech, headset, the keypad's focus
    _parts: tuple[Any, Any, Any] = (None, None, None)  # source, backend, printer given to build_kiosk
    _ready: list[Callable[["Kiosk"], None]] = field(default_factory=list)

    def complete(self) -> None:
        """The second stage: backend, journey, card source, maintenance; the screens stay lazy."""
        if self.journey is not None:
            return
        from bms_kiosk.flow.card_bridge import CardBridge
        from bms_kiosk.flow.inactivity import ActivityFilter
        from bms_kiosk.flow.journey import Journey
        from bms_kiosk.hardware.printer import allow_titles
        from bms_kiosk.maintenance.integration import attach

        config, window = self.config, self.window
        source, backend, printer = self._parts
        if backend is None:
            backend = self.backend = start_backend(config)
        self.bridge = CardBridge()
        journey = Journey(config, self.bridge, make_services(config, backend, printer))
        allow_titles(spec.document.job_title for spec in journey.catalogue if spec.document is not None)
        window.attach(journey)
        self.activity = ActivityFilter()
        self.activity.activity.connect(journey.guard.on_activity)
        self.app.installEventFilter(self.activity)
        self.source = source or make_card_source(config)
        self.bridge.source_read_again = getattr(self.source, "read_again", None)
        self.journey = journey
        journey.state_entered.connect(self._on_state)
        if config.metrics_port:
            from bms_kiosk.maintenance import metrics

            self.metrics = metrics.attach(self)  # before maintenance: it wraps the printer and the backend
        self.maintenance = attach(self)
        from bms_kiosk.speech.integration import attach as attach_speech

        self.access = attach_speech(self)  # speech, headset, the keypad's focus: with the journey
        if self.metrics is not None:
            metrics.watch_maintenance(self.metrics, self.maintenance)
        _install_failsafe(journey, self.metrics)
        ready, self._ready = self._ready, []
        for callback in ready:
            callback(self)

    def _on_state(self, state: str) -> None:
        from bms_kiosk.flow.states import Core

        if state == Core.ATTRACT:  # a visit is over: what it freed goes back to the system (off the GUI thread)
            self.journey.tasks.run_detached(memory.release_free_memory)

    def when_ready(self, callback: Callable[["Kiosk"], None]) -> None:
        """``callback(kiosk)`` once the second stage has run (now if it has), before the journey starts."""
        if self.journey is not None:
            callback(self)
        else:
            self._ready.append(callback)

    def start(self) -> None:
        """Shows the window; the journey starts now, or right after the first paint when staged."""
        if self.journey is not None:
            self._run()
        else:
            self.window.first_painted.connect(self._complete_and_run, Qt.ConnectionType.QueuedConnection)
            # a window never exposed (no compositor yet) must not keep the terminal from its cards
            QTimer.singleShot(FIRST_PAINT_GRACE_MS, self.window, self._complete_and_run)
        if self.config.fullscreen:
            self.window.showFullScreen()
        else:
            self.window.resize(1600, 900)
            self.window.show()

    def _complete_and_run(self) -> None:
        if self.journey is not None:  # the first paint or the grace delay, whichever came first
            return
        try:
            self.complete()
        except ConfigError as exc:
            print(f"bms-kiosk: configuration refusée : {exc}", file=sys.stderr)
            self.app.exit(2)
            return
        except Exception:  # noqa: BLE001 - a kiosk left on its attract screen without a journey would
            # ignore every card forever: end the process instead (systemd starts it again)
            log.exception("the second stage of the start failed")
            self.app.exit(1)
            return
        self._run()

    def _run(self) -> None:
        # The machine starts on the event loop: start the card source only once it runs, so no
        # reader or card event arrives before a state can take it.
        self.journey.machine.started.connect(lambda: self.source.start(self.bridge.on_event))
        # the other screens in idle slices once the attract screen is on the glass
        if self.window.painted:
            QTimer.singleShot(0, self.window, self.window.build_pending)
        else:
            self.window.first_painted.connect(self.window.build_pending, Qt.ConnectionType.QueuedConnection)
        self.journey.start()

    def shutdown(self) -> None:
        if self.access is not None:
            self.access.stop()
        if self.metrics is not None:
            self.metrics.stop()
        if self.maintenance is not None:
            self.maintenance.stop()
        if self.source is not None:
            self.source.stop()
        if self.journey is not None:
            self.journey.stop()
            self.journey.tasks.close(5000)
        if self.backend is not None:
            self.backend.stop()
        if self.activity is not None:  # nothing installed on the application outlives the window
            self.app.removeEventFilter(self.activity)
        self.window.detach()  # no journey signal reaches the window (nor its lambdas) once released
        self.window.allow_close = True
        self.window.close()
        self.window.deleteLater()  # a closed window is only hidden: release it and its screens
        if self.config.hide_cursor and self.config.fullscreen:
            QApplication.restoreOverrideCursor()


def build_kiosk(config: Config, source: CardSource | None = None, backend: Backend | None = None,
                printer: Any = None, *, staged: bool = False) -> Kiosk:
    """``backend`` None: the configured one (or the embedded reference server); ``printer`` None: from config.

    ``staged``: only the window with the attract screen now; the rest at its first paint (``start``).
    """
    memory.limit_arenas()  # before Qt's and the kiosk's threads
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    prepare_qt(app, config)
    i18n.reset()  # a new kiosk starts in French, in the normal look
    look.reset()
    window = KioskWindow(fullscreen=config.fullscreen)
    kiosk = Kiosk(config, app, window, _parts=(source, backend, printer))
    if not staged:
        kiosk.complete()
    return kiosk


def exit_now(code: int) -> NoReturn:
    """Ends the process once the kiosk is shut down (``Kiosk.shutdown``: every thread, socket, file
    and child it holds is closed): Python's own teardown of a Qt process, module by module and
    wrapper by wrapper, costs ~150 ms of CPU (about a second on a loaded machine) for nothing."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _install_failsafe(journey: Journey, metrics: Any = None) -> None:
    """An exception escaping a slot: log it with its traceback, show "service indisponible"."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("unhandled %s:\n%s", kind.__name__, "".join(traceback.format_exception(kind, value, tb)))
        if metrics is not None:
            metrics.on_unhandled(kind.__name__)
        try:
            journey.fail(kind.__name__)
        except Exception:  # noqa: BLE001 - the failsafe itself must never raise
            log.exception("failsafe could not switch screens")

    sys.excepthook = hook
