"""A kiosk that shuts down leaves nothing of itself in the application.

A window that was only closed stayed alive with all its screens; each later kiosk's style sheet
re-polished every one of them, so building a kiosk got slower with each one built before it.
"""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from bms_kiosk.app import build_kiosk
from bms_kiosk.flow.tasks import TASK_THREAD_PREFIX
from bms_kiosk.hardware.virtual_card import SimulatedCardSource
from bms_kiosk.settings import Config


def test_a_shut_down_kiosk_leaves_no_widget_behind(qtbot, tmp_path):
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # what earlier tests let go
    before = len(QApplication.allWidgets())
    counts = []
    for run in range(2):
        kiosk = build_kiosk(Config({"hide_cursor": False, "payment_outbox_dir": str(tmp_path / "outbox"),
                                    "audit_log_path": str(tmp_path / "audit.jsonl")}),
                            SimulatedCardSource())
        kiosk.start()
        qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=5000)
        assert len(QApplication.allWidgets()) > before
        kiosk.shutdown()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        counts.append(len(QApplication.allWidgets()))
    assert counts == [before, before]


def test_a_shut_down_kiosk_leaves_no_worker_thread_behind(qtbot, tmp_path):
    def workers() -> set[threading.Thread]:
        return {t for t in threading.enumerate() if t.name.startswith(TASK_THREAD_PREFIX)}

    before = workers()
    kiosk = build_kiosk(Config({"hide_cursor": False, "payment_outbox_dir": str(tmp_path / "outbox"),
                                "audit_log_path": str(tmp_path / "audit.jsonl")}), SimulatedCardSource())
    kiosk.start()
    qtbot.waitUntil(lambda: kiosk.journey.state == "attract", timeout=5000)
    for _ in range(3):
        kiosk.journey.tasks.run_detached(lambda: time.sleep(0.05))
    assert workers() - before, "the kiosk's tasks ran on its worker threads"
    kiosk.shutdown()
    assert not workers() - before
