"""The Qt binding itself must not leak or steal references in what the kiosk does all day.

PySide6 6.12.0 decremented True's reference count on every ``Signal.emit()``: a kiosk aborted
("bool_dealloc") after a few hundred visits. This pins the fix: a binding that steals
references again fails here, not at a terminal.
"""

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    flag = Signal(bool)
    text = Signal(str)


def test_emitting_signals_keeps_true_and_false_alive(qapp):
    emitter = _Emitter()
    emitter.plain.connect(lambda: None)
    emitter.flag.connect(lambda _v: None)
    emitter.text.connect(lambda _t: None)
    before = sys.getrefcount(True), sys.getrefcount(False)
    for _ in range(5000):
        emitter.plain.emit()
        emitter.flag.emit(False)
        emitter.text.emit("menu")
    after = sys.getrefcount(True), sys.getrefcount(False)
    assert after[0] >= before[0] - 50 and after[1] >= before[1] - 50, (before, after)
