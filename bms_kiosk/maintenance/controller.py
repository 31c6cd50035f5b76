"""The technician's part of the running kiosk: gesture → code → maintenance screen → actions.

Every hardware call and the (slow) code check run on this controller's thread pool; results
come back as queued signals. Every access and action goes to the audit log.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer

from bms_kiosk import __version__, i18n
from bms_kiosk.flow.tasks import TaskRunner
from bms_kiosk.maintenance import diag
from bms_kiosk.flow.states import GESTURE_STATES, TECHNICIAN, Core
from bms_kiosk.maintenance.access import AccessResult, AuditLog, Outcome, TechnicianAccess
from bms_kiosk.maintenance.counters import JourneyCounters
from bms_kiosk.maintenance import words
from bms_kiosk.maintenance.logbuffer import RingBufferHandler
from bms_kiosk.maintenance.testpage import build_test_page
from bms_kiosk.screens.hold import CornerHold
from bms_kiosk.screens.maintenance import MaintenanceScreen
from bms_kiosk.screens.tech_code import TechCodeScreen

log = logging.getLogger(__name__)

class TechnicianController(QObject):
    def __init__(self, kiosk: Any, maintenance: Any) -> None:
        super().__init__(kiosk.journey)
        self.kiosk, self.maintenance = kiosk, maintenance
        journey, window, config = kiosk.journey, kiosk.window, kiosk.config
        self.journey, self.window, self.config = journey, window, config
        self.audit = AuditLog(config.audit_log_path, config.terminal_id)
        self.access = TechnicianAccess(config.technician_code_hash, config.technician_max_attempts,
                                       config.technician_lockout_delay)
        self.tasks = TaskRunner(self, max_threads=3)
        self.counters = JourneyCounters(journey)
        journey.state_entered.connect(self.counters.on_state)
        self.log_buffer = RingBufferHandler()
        logging.getLogger().addHandler(self.log_buffer)

        self.code_screen = TechCodeScreen()
        self.screen = MaintenanceScreen()
        window._add(self.code_screen)
        window._add(self.screen)
        self.gesture = CornerHold(window, float(config.technician_gesture_delay),
                                  enabled=lambda: journey.state in GESTURE_STATES, parent=self)
        kiosk.app.installEventFilter(self.gesture)
        self.gesture.held.connect(self.open_keypad)

        self.code_screen.code_entered.connect(self.check_code)
        self.code_screen.back_requested.connect(lambda: self.leave("cancelled"))
        self.screen.primary_requested.connect(lambda: self.leave("quit"))
        self.screen.action_requested.connect(self.act)
        self.screen.out_of_service_toggled.connect(self.set_out_of_service)
        journey.state_entered.connect(self._on_state)

        self._idle = QTimer(self, singleShot=True, interval=int(float(config.maintenance_idle_delay) * 1000))
        self._idle.timeout.connect(lambda: self.leave("inactivity"))
        kiosk.activity.activity.connect(self._on_activity)
        self._refresh_timer = QTimer(self, interval=max(1000, int(float(config.health_check_delay) * 1000)))
        self._refresh_timer.timeout.connect(self.refresh)
        self._pending: set[str] = set()

    def stop(self) -> None:
        self._idle.stop()
        self._refresh_timer.stop()
        self.kiosk.app.removeEventFilter(self.gesture)
        logging.getLogger().removeHandler(self.log_buffer)
        self.tasks.close(5000)
        self.audit.close()

    # --- access
    def open_keypad(self) -> None:
        if self.journey.state not in GESTURE_STATES:
            return
        self.audit.record("access_requested")
        self.code_screen.clear()
        if self.journey.go(Core.TECH_CODE):
            locked = self.access.locked_seconds()
            if locked:
                self.code_screen.show_message(*words.access_message(AccessResult(Outcome.LOCKED, 0, locked)))

    def check_code(self, code: str) -> None:
        if self.journey.state != Core.TECH_CODE:
            return
        self.tasks.run(lambda: self.access.check(code), self._on_checked,
                       lambda e: self._on_checked(AccessResult(Outcome.NOT_CONFIGURED)))

    def _on_checked(self, result: AccessResult) -> None:
        self.audit.record("access", outcome=result.outcome.value, attempts_left=result.attempts_left,
                          locked_seconds=result.locked_seconds)
        log.info("technician access: %s", result.outcome.value)
        if self.journey.state != Core.TECH_CODE:
            return
        self.code_screen.set_busy(False)
        if result.outcome is Outcome.GRANTED:
            self.code_screen.clear()
            self.journey.go(Core.MAINTENANCE)
        else:
            self.code_screen.show_message(*words.access_message(result))

    def leave(self, why: str) -> None:
        state = self.journey.state
        if state not in TECHNICIAN:
            return
        if state == Core.MAINTENANCE:
            self.audit.record("maintenance_closed", result=why)
        i18n.reset()  # a technician's English is not the next person's
        self.journey.go(Core.ATTRACT)

    def _on_state(self, name: str) -> None:
        if name in TECHNICIAN:
            self._idle.start()
        else:
            self._idle.stop()
        if name == Core.MAINTENANCE:
            self.audit.record("maintenance_opened")
            self.screen.set_out_of_service(self.maintenance.out_of_service.manual)
            self.refresh()
            self._refresh_timer.start()
        else:
            self._refresh_timer.stop()

    def _on_activity(self) -> None:
        if self._idle.isActive():
            self._idle.start()

    # --- what the screen shows
    def refresh(self) -> None:
        if self.journey.state != Core.MAINTENANCE:
            return
        config, services = self.config, self.journey.services
        printer = services.printer if services else None
        self._background("reader", lambda: diag.check_readers(config.reader_name), self.screen.show_reader)
        self._background("printer", lambda: diag.check_printer(config, printer), self.screen.show_printer)
        if services is not None:
            def backend() -> diag.BackendReport:
                client = services.backend_factory()
                try:
                    return diag.check_backend(client, str(getattr(client, "base_url", "")))
                finally:
                    client.close()
            self._background("backend", backend, self.screen.show_backend)
        outbox_dir = self.maintenance.monitor.payment_outbox_dir
        if outbox_dir:
            def payments() -> list[list[str]]:
                from bms_kiosk.payment.outbox import Outbox
                from bms_kiosk.payment.upkeep import technician_lines

                return [technician_lines(entry) for entry in Outbox(outbox_dir).unknown()]
            self._background("payments", payments, self.screen.show_payments)
        uptime = timedelta(seconds=int(time.monotonic() - self.maintenance.started_at))
        self.screen.show_terminal([(words.TERMINAL_ID, config.terminal_id), (words.SOFTWARE, f"bms-kiosk {__version__}"),
                                   (words.UP_SINCE, str(uptime)), (words.CONFIGURATION, config.source),
                                   (words.OUT_OF_SERVICE_MODE,
                                    words.YES if self.maintenance.out_of_service.manual else words.NO)])
        self.screen.show_counters(self.counters.rows())
        self.screen.show_settings(config.shown())
        self.screen.show_log(self.log_buffer.last(200))

    def _background(self, key: str, fn: Callable[[], Any], show: Callable[[Any], None]) -> None:
        if key in self._pending:
            return
        self._pending.add(key)

        def done(result: Any) -> None:
            self._pending.discard(key)
            if self.journey.state == Core.MAINTENANCE:
                show(result)

        def failed(error: Exception) -> None:
            self._pending.discard(key)
            log.warning("maintenance: %s check failed: %s", key, type(error).__name__)

        self.tasks.run(fn, done, failed)

    # --- actions
    def act(self, action: str) -> None:
        if self.journey.state != Core.MAINTENANCE:
            return
        if action == "refresh":
            self.maintenance.monitor.check_now()
            self.refresh()
            return
        printer = self.journey.services.printer if self.journey.services else None
        if printer is None:
            return
        work: dict[str, Callable[[], Any]] = {
            "test_print": lambda: printer.print_pdf(build_test_page(self.config.terminal_id), "page-de-test"),
            "resume": printer.resume,
            "cancel_jobs": printer.cancel_all_jobs,
        }
        if action not in work:
            return
        self.screen.set_busy(True)
        self.screen.show_result(words.BUSY)
        self.tasks.run(work[action], lambda r: self._done(action, r), lambda e: self._failed(action, e))

    def _done(self, action: str, result: Any) -> None:
        if action == "test_print":
            self.audit.record("action", action=action, result="ok", job_id=getattr(result, "job_id", None))
            message: tuple[str, ...] = (words.TEST_PAGE_PRINTED, str(getattr(result, "job_id", "?")))
        elif action == "resume":
            self.audit.record("action", action=action, result="ok")
            message = (words.RESUMED,)
        else:
            self.audit.record("action", action=action, result="ok", jobs=int(result))
            message = (words.CANCELLED, str(int(result)))
        self._after_action(*message)

    def _failed(self, action: str, error: Exception) -> None:
        reasons = ", ".join(getattr(error, "printer_reasons", ()) or getattr(error, "reasons", ()) or ())
        self.audit.record("action", action=action, result="failed", error=type(error).__name__, reasons=reasons)
        log.warning("maintenance action %s failed: %s", action, type(error).__name__)
        self._after_action(*words.action_failed(error))

    def _after_action(self, *message: str) -> None:
        self.screen.set_busy(False)
        self.screen.show_result(*message)
        self.maintenance.monitor.check_now()
        self.refresh()

    def set_out_of_service(self, on: bool) -> None:
        self.audit.record("action", action="out_of_service", mode="on" if on else "off")
        self.maintenance.out_of_service.set_manual(on)
        self.refresh()
