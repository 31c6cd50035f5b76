"""Wires the technicians' parts into a built kiosk (called once by app.build_kiosk).

Everything here is additive: screens are added to the window's stack, states already exist in
the journey's MOVES table, and the journey is only told what is available.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import Any

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


def _menu_without_refused(window: Any, journey: Any, display_name: str) -> None:
    """Services that cannot be done now (printer down) are not offered: no dead-end tap."""
    if not journey.refused_services:
        return
    from bms_kiosk.screens.menu import SERVICES

    from bms_kiosk.maintenance.health import PRINTER_DOWN

    offered = [s for s in SERVICES if s[0] not in journey.refused_services]
    if offered:
        window.menu.show_services(display_name, offered)
    else:  # show_services([]) would mean "the default list"
        window.menu.choices.set_choices([])
        window.menu.greeting.setText(f"Bonjour {display_name}. {PRINTER_DOWN} : "
                                     "aucun service ne peut être proposé pour le moment.")


def attach(kiosk: Any) -> Maintenance:
    journey, window, config = kiosk.journey, kiosk.window, kiosk.config
    services = journey.services
    monitor = HealthMonitor(services.printer if services else None,
                            services.backend_factory if services else None,
                            float(config.health_check_delay), parent=journey)
    kiosk.bridge.reader_status.connect(monitor.on_reader_status)
    oos = OutOfService(monitor, journey, parent=journey)
    screen = MessageScreen("out_of_service", "", "")
    window._add(screen)
    oos.applied.connect(lambda a: window.screens["attract"].set_notice(a.notice))
    journey.menu_shown.connect(lambda name: _menu_without_refused(window, journey, name))  # after the window's
    journey.machine.started.connect(monitor.start)
    maintenance = Maintenance(monitor, oos, time.monotonic())
    from bms_kiosk.maintenance.controller import TechnicianController

    maintenance.technician = TechnicianController(kiosk, maintenance)
    return maintenance
