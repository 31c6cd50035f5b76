"""The keypad of the terminal: physical keys move a large visible focus through every actionable
widget of the screen in reading order, and activate it (EN 301 549 5.1.6.1).

The key map is said once here (``KEYS``). The digits, letters, comma and erase keys type on the
screen's own keypad, if it shows one (the code de sécurité, a créance's reference or amount).
"""

from __future__ import annotations

from enum import StrEnum

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPen
from PySide6.QtWidgets import QAbstractButton, QScrollArea, QWidget

from bms_kiosk.speech.reading import PAD_KEYS, actionable


class Command(StrEnum):
    NEXT = "next"
    PREVIOUS = "previous"
    ACTIVATE = "activate"
    BACK = "back"
    HOME = "home"
    HELP = "help"
    REPEAT = "repeat"
    LOUDER = "louder"
    SOFTER = "softer"
    FASTER = "faster"
    SLOWER = "slower"
    HEADSET = "headset"  # the headset jack (simulated: a key until the jack is wired)
    SPEECH = "speech"  # speech through the loudspeaker on or off


K = Qt.Key
KEYS: dict[int, Command] = {
    K.Key_Down: Command.NEXT, K.Key_Right: Command.NEXT, K.Key_Tab: Command.NEXT,
    K.Key_Up: Command.PREVIOUS, K.Key_Left: Command.PREVIOUS, K.Key_Backtab: Command.PREVIOUS,
    K.Key_Return: Command.ACTIVATE, K.Key_Enter: Command.ACTIVATE, K.Key_Select: Command.ACTIVATE,
    K.Key_Space: Command.ACTIVATE,
    K.Key_Escape: Command.BACK, K.Key_Back: Command.BACK,
    K.Key_Home: Command.HOME,
    K.Key_F1: Command.HELP, K.Key_Help: Command.HELP, K.Key_Question: Command.HELP,
    K.Key_F2: Command.REPEAT, K.Key_Asterisk: Command.REPEAT,  # (the demo's simulator takes F1…F9: "?" and "*")
    K.Key_Plus: Command.LOUDER, K.Key_VolumeUp: Command.LOUDER,
    K.Key_Minus: Command.SOFTER, K.Key_VolumeDown: Command.SOFTER,
    K.Key_PageUp: Command.FASTER, K.Key_PageDown: Command.SLOWER,
    K.Key_F10: Command.HEADSET, K.Key_F11: Command.SPEECH,
}
PAD_SPECIAL = {K.Key_Backspace: "⌫", K.Key_Delete: "EFFACER", K.Key_Comma: ",", K.Key_Period: ","}
FOOTER = {Command.BACK: "back", Command.HOME: "home", Command.HELP: "help"}  # a screen's buttons by object name
RING_WIDTH = 8


class FocusRing(QWidget):
    """A thick two-colour frame (black inside yellow) drawn over the focused control: seen on any palette."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.target: QWidget | None = None
        self._watched: list[QWidget] = []
        self.hide()

    def follow(self, target: QWidget | None) -> None:
        for watched in self._watched:
            watched.removeEventFilter(self)
        self.target, self._watched = target, []
        if target is None:
            self.hide()
            return
        w: QWidget | None = target
        while w is not None and w is not self.parentWidget():  # a row scrolled moves its list's inner widget
            w.installEventFilter(self)
            self._watched.append(w)
            w = w.parentWidget()
        self.place()

    def place(self) -> None:
        target = self.target
        if target is None or not target.isVisible():
            self.hide()
            return
        top_left = target.mapTo(self.parentWidget(), target.rect().topLeft())
        m = RING_WIDTH
        self.setGeometry(QRect(top_left, target.size()).adjusted(-m, -m, m, m))
        self.raise_()
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide):
            self.place()
        return False

    def paintEvent(self, _event: object) -> None:  # noqa: N802 (Qt API)
        p = QPainter(self)
        half = RING_WIDTH // 2
        p.setPen(QPen(QColor("#ffd400"), half * 2))
        p.drawRect(self.rect().adjusted(half, half, -half, -half))
        p.setPen(QPen(QColor("#000000"), 3))
        p.drawRect(self.rect().adjusted(RING_WIDTH, RING_WIDTH, -RING_WIDTH - 1, -RING_WIDTH - 1))


class KeyNavigator(QObject):
    """Installed on the QApplication; takes the keypad's keys aimed at the kiosk window."""

    focused = Signal(object)  # the QAbstractButton under focus
    activated = Signal(object)  # a button pressed through the keypad (the screen may change)
    refused = Signal(object)  # OK on a disabled button
    command = Signal(str)  # Command: repeat, volume, rate, headset, speech (the speaker's)
    typed = Signal()  # a pad key pressed from the physical keys (which one is never said here)
    used = Signal()  # a key of the keypad was taken (activity: the inactivity guard hears it)

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.ring = FocusRing(window)
        self.current: QAbstractButton | None = None
        self.engaged = False  # a key of the keypad was used since the visit began

    # --- where the focus can go
    def context(self) -> QWidget:
        """An overlay drawn over the screen (help, inactivity) takes the focus; else the screen."""
        overlays = [c for c in self.window.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
                    if c.objectName() == "overlay" and c.isVisible()]
        return overlays[-1] if overlays else self.window.current  # type: ignore[attr-defined]

    def chain(self) -> list[QAbstractButton]:
        root = self.context()
        return actionable(root) if root is not None else []

    def initial(self) -> QAbstractButton | None:
        """Where the focus starts on a screen: the action when it has a keypad (type, then OK), else the
        first enabled control below the header."""
        chain = self.chain()
        if not chain:
            return None
        root = self.context()
        primary = getattr(root, "primary_button", None)
        if primary in chain and any(b.objectName() in PAD_KEYS for b in chain):
            return primary
        for button in chain:
            if button.isEnabled() and button.objectName() not in ("home", "help", "headerToggle") \
                    and button.objectName() not in PAD_KEYS:
                return button
        return chain[0]

    def reset(self, engage: bool | None = None) -> None:
        """A new screen or overlay: the focus goes to its starting point (shown once the keypad is used)."""
        if engage is not None:
            self.engaged = engage
        self._focus(self.initial(), announce=False)

    def focus(self, button: QAbstractButton | None) -> None:
        self._focus(button, announce=True)

    def _focus(self, button: QAbstractButton | None, announce: bool) -> None:
        self.current = button
        if button is None:
            self.ring.follow(None)
            return
        scroller = button.parentWidget()
        while scroller is not None and not isinstance(scroller, QScrollArea):
            scroller = scroller.parentWidget()
        if scroller is not None:
            scroller.ensureWidgetVisible(button, 0, 20)
        if self.engaged or announce:  # untouched keys: the screen keeps the focus (no row looks chosen)
            button.setFocus(Qt.FocusReason.OtherFocusReason)
        self.ring.follow(button if self.engaged else None)
        if announce:
            self.focused.emit(button)

    # --- keys
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt API)
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self.window:
            return False
        assert isinstance(event, QKeyEvent)
        taken = self.handle_key(event.key(), event.text())
        if taken:
            self.used.emit()
        return taken

    def handle_key(self, key: int, text: str = "") -> bool:
        command = KEYS.get(key)
        if command is None:
            pad = PAD_SPECIAL.get(key) or (text.upper() if text and text.isalnum() and len(text) == 1 else "")
            return bool(pad) and self.type_key(pad)
        self.engaged = True
        if command in (Command.NEXT, Command.PREVIOUS):
            self.move(1 if command is Command.NEXT else -1)
        elif command is Command.ACTIVATE:
            self.activate()
        elif command in FOOTER:
            self.press_named(FOOTER[command])
        else:
            self.command.emit(str(command))
        return True

    def move(self, step: int) -> None:
        chain = self.chain()
        if not chain:
            return
        if self.current in chain:
            index = (chain.index(self.current) + step) % len(chain)  # type: ignore[arg-type]
        else:
            index = 0 if step > 0 else len(chain) - 1
        self.focus(chain[index])

    def activate(self) -> None:
        button = self.current
        if button is None or button not in self.chain():
            self.focus(self.initial())
            return
        if not button.isEnabled():
            self.refused.emit(button)
            return
        button.click()
        self.activated.emit(button)

    def press_named(self, name: str) -> None:
        """RETOUR, ACCUEIL, AIDE from their keys: the screen's own button, when it has one enabled."""
        root = self.context()
        if root is not self.window.current and name == "back":  # an overlay: its button closes it
            buttons = actionable(root)
            if buttons:
                buttons[-1].click()
                self.activated.emit(buttons[-1])
            return
        for button in actionable(root):
            if button.objectName() == name and button.isEnabled():
                button.click()
                self.activated.emit(button)
                return

    def type_key(self, key: str) -> bool:
        """A digit, letter, comma or erase key: the screen's keypad key of that name, if one is shown."""
        root = self.context()
        for button in actionable(root) if root is not None else ():
            if button.objectName() in PAD_KEYS and button.text() == key:
                self.engaged = True
                if button.isEnabled():
                    button.click()
                    self.typed.emit()
                return True
        return False
