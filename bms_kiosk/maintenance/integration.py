"""Wires the technicians' parts into a built kiosk (called once by app.build_kiosk).

Everything here is additive: screens are added to the window's stack, states already exist in
the journey core (flow/states.py), and the journey is only told what is available.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

from bms_kiosk.flow.states import Core
from bms_kiosk.maintenance.health import HealthMonitor, OutOfService
from bms_kiosk.screens.message import MessageScreen

log = logging.getLogger(__name__)


@dataclass
class Maintenance:
    monitor: HealthMonitor
    out_of_service: OutOfService
    started_at: float
    technician: Any = None  # maintenance.controller.TechnicianController, when wired

    def stop(self) -> None:
        self.monitor.stop()
        if self.technician is not None:
            self.technician.stop()


def attach(kiosk: Any) -> Maintenance:
    journey, window, config = kiosk.journey, kiosk.window, kiosk.config
    services = journey.services
    monitor = HealthMonitor(services.printer if services else None,
                            services.backend_factory if services else None,
                            float(config.health_check_delay), parent=journey)
    kiosk.bridge.reader_status.connect(monitor.on_reader_status)
    oos = OutOfService(monitor, journey, parent=journey)
    screen = MessageScreen(Core.OUT_OF_SERVICE, "", "")
    window._add(screen)
    oos.applied.connect(lambda a: window.screen(Core.ATTRACT).set_notice(a.notice))
    journey.machine.started.connect(monitor.start)
    maintenance = Maintenance(monitor, oos, time.monotonic())
    from bms_kiosk.maintenance.controller import TechnicianController

    maintenance.technician = TechnicianController(kiosk, maintenance)
    return maintenance
