"""The last log lines, kept in memory for the maintenance screen (records are NIR-masked at creation)."""

from __future__ import annotations

import logging
from collections import deque

from bms_kiosk.logging_setup import NirMaskingFilter


class RingBufferHandler(logging.Handler):
    def __init__(self, capacity: int = 300, level: int = logging.INFO) -> None:
        super().__init__(level)
        self.lines: deque[str] = deque(maxlen=capacity)
        self.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s", "%H:%M:%S"))
        self.addFilter(NirMaskingFilter())

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.format(record).splitlines()[0])
        except Exception:  # noqa: BLE001 - logging must never raise
            self.handleError(record)

    def last(self, count: int = 100) -> list[str]:
        return list(self.lines)[-count:]
