"""A press-and-hold detector for a corner of a window (the technician's hidden gesture).

Installed on the QApplication: a press inside ``corner`` (window coordinates) starts a timer,
a release or a move out of the corner cancels it; held long enough, ``held`` is emitted.
Touch presses reach it as synthesized mouse events (Qt's default for widgets).
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QWidget


class CornerHold(QObject):
    held = Signal()

    def __init__(self, window: QWidget, delay: float, size: int = 160,
                 enabled: Callable[[], bool] = lambda: True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.window = window
        self.corner = QRect(0, 0, size, size)
        self.enabled = enabled
        self._timer = QTimer(self, singleShot=True, interval=max(1, int(delay * 1000)))
        self._timer.timeout.connect(self.held.emit)

    @property
    def pressing(self) -> bool:
        return self._timer.isActive()

    def _inside(self, event: QMouseEvent) -> bool:
        pos: QPoint = self.window.mapFromGlobal(event.globalPosition().toPoint())
        return self.corner.contains(pos)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent):
            if not self._timer.isActive() and self.enabled() and self._inside(event):
                self._timer.start()
        elif kind == QEvent.Type.MouseButtonRelease:
            self._timer.stop()
        elif kind == QEvent.Type.MouseMove and isinstance(event, QMouseEvent) and self._timer.isActive():
            if not self._inside(event):
                self._timer.stop()
        return False
