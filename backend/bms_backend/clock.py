"""The server's clock: real time plus an offset that tests and the demo can move forward."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone


class Clock:
    def __init__(self, offset: timedelta = timedelta(0)) -> None:
        self._offset = offset
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return datetime.now(timezone.utc) + self._offset

    def timestamp(self) -> float:
        return self.now().timestamp()

    def today(self) -> date:
        return self.now().date()

    def advance(self, days: float = 0, seconds: float = 0) -> datetime:
        with self._lock:
            self._offset += timedelta(days=days, seconds=seconds)
        return self.now()
