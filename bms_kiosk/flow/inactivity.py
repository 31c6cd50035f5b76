"""Inactivity: an application-wide event filter, a warning with a countdown, then expiry.

A person who is slow must still get through: the warning leaves at least 20 s to answer and
"Continuer" can be used at least 10 times (both are settings).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

_ACTIVITY = {
    QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease, QEvent.Type.KeyPress,
    QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate, QEvent.Type.Wheel,
}


class ActivityFilter(QObject):
    """Installed on the QApplication; reports every touch, click or key without consuming it."""

    activity = Signal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in _ACTIVITY:
            self.activity.emit()
        return False


class InactivityGuard(QObject):
    warn = Signal(int)  # seconds left to answer; emitted at the start and every second
    resumed = Signal()  # "Continuer" accepted
    expired = Signal()  # nobody answered: the session ends

    def __init__(self, idle_delay: float, answer_delay: float, max_extensions: int,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.idle_delay = idle_delay
        self.answer_delay = int(answer_delay)
        self.max_extensions = max_extensions
        self.extensions = 0
        self.warning = False
        self.second_ms = 1000  # the length of a second (tests shorten the physical world's clock)
        self._delay = idle_delay  # before the warning, on the current screen
        self._idle = QTimer(self, singleShot=True, interval=int(idle_delay * 1000))
        self._idle.timeout.connect(self._start_warning)
        self._tick = QTimer(self, interval=1000)
        self._tick.timeout.connect(self._count_down)
        self._left = 0
        self.armed = False

    def arm(self, idle_delay: float | None = None) -> None:
        """Start watching (a person is using the terminal); ``idle_delay``: this screen's own delay
        before the warning (a screen the person reads once), else the inactivity delay."""
        self.armed = True
        self._delay = self.idle_delay if idle_delay is None else idle_delay
        self._stop_warning()
        self._idle.setInterval(int(self._delay * self.second_ms))
        self._idle.start()

    def set_second(self, milliseconds: int) -> None:
        """Change the clock's speed; a running delay starts again at the new speed."""
        self.second_ms = milliseconds
        self._idle.setInterval(int(self._delay * milliseconds))
        self._tick.setInterval(milliseconds)
        for timer in (self._idle, self._tick):
            if timer.isActive():
                timer.start()

    def disarm(self) -> None:
        self.armed = False
        self.extensions = 0
        self._idle.stop()
        self._stop_warning()

    def on_activity(self) -> None:
        if self.armed and not self.warning:
            self._idle.start()

    def extend(self) -> None:
        """The person pressed "Continuer"."""
        if not self.warning:
            return
        self.extensions += 1
        self._stop_warning()
        self._idle.start()
        self.resumed.emit()

    @property
    def can_extend(self) -> bool:
        return self.extensions < self.max_extensions

    def _start_warning(self) -> None:
        if not self.armed:
            return
        self.warning = True
        self._left = self.answer_delay
        self._tick.start()
        self.warn.emit(self._left)

    def _count_down(self) -> None:
        self._left -= 1
        if self._left <= 0:
            self._stop_warning()
            self.armed = False
            self.expired.emit()
        else:
            self.warn.emit(self._left)

    def _stop_warning(self) -> None:
        self.warning = False
        self._tick.stop()
