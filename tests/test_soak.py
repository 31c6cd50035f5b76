"""A terminal that runs for months: the leak of finished tasks, the soak runner's verdict, privacy after visits.

The soak runner itself is ``benchmarks/soak.py`` (the real stack, faults drawn from a seed); these
tests run it for a handful of visits.
"""

from __future__ import annotations

import gc
import time
import weakref

from bms_kiosk.flow.tasks import TaskRunner


class Payload:
    """Stands in for what a task's closure holds: a visit's PDF, a backend answer."""


def test_finished_tasks_release_what_they_held(qtbot):
    """Every finished task lets go of its function and what the function's closure held (a visit's
    PDF with a person's name and NIR, ~45 KB: RSS grew by ~35 KB a visit).

    The GUI thread is busy while it hands out work, as when it lays out a screen: a task may then
    finish before the hand-over has returned."""
    runner = TaskRunner()
    held: list[weakref.ref] = []
    results: list[object] = []
    for i in range(200):
        payload = Payload()
        held.append(weakref.ref(payload))
        runner.run(lambda p=payload: None, results.append, results.append)
        runner.run_detached(lambda p=payload: None)
        del payload
        if i % 3 == 0:
            busy_until = time.perf_counter() + 0.001
            while time.perf_counter() < busy_until:
                pass
    assert runner.wait_idle(5000)
    qtbot.waitUntil(lambda: len(results) == 200, timeout=10000)
    gc.collect()
    alive = sum(ref() is not None for ref in held)
    assert alive == 0, f"{alive} of 200 finished tasks still hold their closure"
