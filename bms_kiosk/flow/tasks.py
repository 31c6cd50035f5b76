"""Blocking work (HTTP, CUPS) off the GUI thread; results come back as queued signals.

A new generation (the session was wiped: card pulled, inactivity) forgets every callback of the
tasks still running: their results are dropped when they arrive, so nothing personal comes back.

The threads are Python's (``concurrent.futures``), not a ``QThreadPool`` of ``QRunnable`` subclasses:
PySide6 (6.11) makes a started runnable a child of the pool's wrapper, and when the runnable ran
and was deleted by Qt before ``start()`` had returned, that child is never let go. A quarter of the
visits' tasks stayed alive that way with their closures: a print task holds the visit's PDF
(~45 KB, with the person's name and NIR), so the kiosk grew by ~35 KB a visit and kept personal
data in memory (issue 13).
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)


TASK_THREAD_PREFIX = "bms-task"


class _Relay(QObject):
    """Lives in the GUI thread: a signal emitted from a worker reaches it queued."""

    done = Signal(int, object, object)  # task id, result, error


class TaskRunner(QObject):
    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self.pool = ThreadPoolExecutor(max_workers=max_threads, thread_name_prefix=TASK_THREAD_PREFIX)
        self._pending: set[Future[Any]] = set()
        self._pending_lock = threading.Lock()
        self._relay = _Relay(self)
        self._relay.done.connect(self._finish)
        self._callbacks: dict[int, tuple[Callable[[Any], None], Callable[[Exception], None]]] = {}
        self._next_id = 0
        self._closed = False

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
        self._submit(self._job, task_id, fn)

    def run_detached(self, fn: Callable[[], Any]) -> None:
        """Work whose result nobody waits for (closing a finished visit's backend session)."""
        self._submit(self._detached, fn)

    def _submit(self, work: Callable[..., None], *args: Any) -> None:
        if self._closed:  # a late timer of a stopped kiosk: nothing is there to take the result
            log.info("task dropped: the kiosk is stopping")
            return
        future = self.pool.submit(work, *args)
        with self._pending_lock:
            self._pending.add(future)
        future.add_done_callback(self._forget)

    def _forget(self, future: "Future[Any]") -> None:
        with self._pending_lock:
            self._pending.discard(future)

    def _job(self, task_id: int, fn: Callable[[], Any]) -> None:
        """On a worker thread: the result (or error) goes to the GUI thread, queued."""
        try:
            result, error = fn(), None
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, typed or not
            result, error = None, exc
        del fn
        self._relay.done.emit(task_id, result, error)

    @staticmethod
    def _detached(fn: Callable[[], Any]) -> None:
        try:
            fn()
        except Exception as exc:  # noqa: BLE001 - nobody is there to tell
            log.info("detached task failed: %s", type(exc).__name__)

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
        """True once every task started so far has finished (within ``msecs``)."""
        with self._pending_lock:
            pending = set(self._pending)
        return not wait(pending, timeout=msecs / 1000).not_done

    def close(self, msecs: int = 5000) -> None:
        """The kiosk stops: results are dropped, the tasks started get ``msecs`` to finish, no new
        task is taken, and the worker threads end once their task (if any) is done."""
        self.new_generation()
        self.wait_idle(msecs)
        self._closed = True
        self.pool.shutdown(wait=False, cancel_futures=True)
