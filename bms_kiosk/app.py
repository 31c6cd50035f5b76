"""Composition root: configuration → adapters → flow → window."""

from __future__ import annotations

import logging
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from bms_kiosk.assets import FONTS, STYLE_SHEET
from bms_kiosk.settings import Config, ConfigError
from bms_kiosk.flow.card_bridge import CardBridge
from bms_kiosk.flow.inactivity import ActivityFilter
from bms_kiosk.flow.journey import Journey, Services
from bms_kiosk.hardware.card_events import CardSource
from bms_kiosk.window import KioskWindow

log = logging.getLogger(__name__)


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
    from bms_kiosk.hardware.printer import make_printer
    from bms_client.client import BackendClient

    return Services(
        backend_factory=lambda: BackendClient.from_config(config, base_url=backend.url,
                                                          terminal_key=backend.terminal_key),
        printer=printer if printer is not None else make_printer(config),
    )


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
    sheet = STYLE_SHEET.read_text(encoding="utf-8")
    if app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    if config.hide_cursor and config.fullscreen:
        QApplication.setOverrideCursor(Qt.CursorShape.BlankCursor)


@dataclass
class Kiosk:
    """The running kiosk: everything a test, the demo or the entry point needs to reach."""

    config: Config
    app: QApplication
    bridge: CardBridge
    journey: Journey
    window: KioskWindow
    source: CardSource
    activity: ActivityFilter
    backend: Backend | None = None
    maintenance: Any = None  # maintenance.integration.Maintenance: health, out of service, technicians
    access: Any = None  # speech.integration.Accessibility: speech, headset, the keypad's focus

    def start(self) -> None:
        # The machine starts on the event loop: start the card source only once it runs, so no
        # reader or card event arrives before a state can take it.
        self.journey.machine.started.connect(lambda: self.source.start(self.bridge.on_event))
        self.journey.start()
        if self.config.fullscreen:
            self.window.showFullScreen()
        else:
            self.window.resize(1600, 900)
            self.window.show()

    def shutdown(self) -> None:
        if self.access is not None:
            self.access.stop()
        if self.maintenance is not None:
            self.maintenance.stop()
        self.source.stop()
        self.journey.stop()
        self.journey.tasks.wait_idle(5000)
        if self.backend is not None:
            self.backend.stop()
        self.window.allow_close = True
        self.window.close()
        self.window.deleteLater()  # a closed window is only hidden: release it and its screens
        self.app.removeEventFilter(self.activity)
        if self.config.hide_cursor and self.config.fullscreen:
            QApplication.restoreOverrideCursor()


def build_kiosk(config: Config, source: CardSource | None = None, backend: Backend | None = None,
                printer: Any = None) -> Kiosk:
    """``backend`` None: the configured one (or the embedded reference server); ``printer`` None: from config."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    prepare_qt(app, config)
    owned_backend = backend is None
    backend = backend or start_backend(config)
    bridge = CardBridge()
    journey = Journey(config, bridge, make_services(config, backend, printer))
    from bms_kiosk.hardware.printer import allow_titles

    allow_titles(spec.document.job_title for spec in journey.catalogue if spec.document is not None)
    window = KioskWindow(journey, fullscreen=config.fullscreen)
    activity = ActivityFilter()
    activity.activity.connect(journey.guard.on_activity)
    app.installEventFilter(activity)
    kiosk = Kiosk(config, app, bridge, journey, window, source or make_card_source(config), activity,
                  backend if owned_backend else None)
    from bms_kiosk.maintenance.integration import attach

    kiosk.maintenance = attach(kiosk)
    from bms_kiosk.speech.integration import attach as attach_speech

    kiosk.access = attach_speech(kiosk)
    _install_failsafe(journey)
    return kiosk


def _install_failsafe(journey: Journey) -> None:
    """An exception escaping a slot: log it with its traceback, show "service indisponible"."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("unhandled %s:\n%s", kind.__name__, "".join(traceback.format_exception(kind, value, tb)))
        try:
            journey.fail(kind.__name__)
        except Exception:  # noqa: BLE001 - the failsafe itself must never raise
            log.exception("failsafe could not switch screens")

    sys.excepthook = hook
