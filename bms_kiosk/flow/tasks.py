"""Blocking work (HTTP, CUPS) off the GUI thread; results come back as queued signals.

A new generation (the session was wiped: card pulled, inactivity) forgets every callback of the
tasks still running: their results are dropped when they arrive, so nothing personal comes back.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives in the GUI thread: a signal emitted from a worker reaches it queued."""

    done = Signal(int, object, object)  # task id, result, error


class _Job(QRunnable):
    def __init__(self, relay: _Relay, task_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.relay, self.task_id, self.fn = relay, task_id, fn

    def run(self) -> None:
        try:
            result, error = self.fn(), None
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, typed or not
            result, error = None, exc
        self.relay.done.emit(self.task_id, result, error)


class _Detached(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn

    def run(self) -> None:
        try:
            self.fn()
        except Exception as exc:  # noqa: BLE001 - nobody is there to tell
            log.info("detached task failed: %s", type(exc).__name__)


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._relay = _Relay(self)
        self._relay.done.connect(self._finish)
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self._next_id = 0

    @property
    def running(self) -> int:
        """Tasks of the current session still waiting for their result."""
        return len(self._callbacks)

    def new_generation(self) -> None:
        """The session ended: results of tasks still running will be dropped."""
        self._callbacks.clear()

    def run(self, fn: Callable[[], Any], on_ok: Callable[[Any], None],
            on_error: Callable[[Exception], None]) -> None:
        self._next_id += 1
        task_id = self._next_id
        self._callbacks[task_id] = (on_ok, on_error)
        self.pool.start(_Job(self._relay, task_id, fn))

    def run_detached(self, fn: Callable[[], Any]) -> None:
        """Work whose result nobody waits for (closing a finished visit's backend session)."""
        self.pool.start(_Detached(fn))

    def _finish(self, task_id: int, result: Any, error: Exception | None) -> None:
        entry = self._callbacks.pop(task_id, None)
        if entry is None:
            log.info("task result dropped: its session has ended")
            return
        on_ok, on_error = entry
        if error is not None:
            on_error(error)
        else:
            on_ok(result)

    def wait_idle(self, msecs: int = 5000) -> bool:
        return self.pool.waitForDone(msecs)
