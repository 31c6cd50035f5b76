"""The on-screen digit keypad: large keys, digits masked, shared by the person's and the technician's code."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from bms_kiosk.screens.base import label

KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "EFFACER", "0", "⌫"]
# What the two erasing keys say (their ids above stay the keys' names in code and tests).
KEY_WORDS = {"EFFACER": QT_TRANSLATE_NOOP("screens", "TOUT\nEFFACER"), "⌫": QT_TRANSLATE_NOOP("screens", "⌫\nCORRIGER")}
KEY_NAMES = {"⌫": QT_TRANSLATE_NOOP("screens", "Effacer le dernier chiffre"),
             "EFFACER": QT_TRANSLATE_NOOP("screens", "Tout effacer")}


def key_button(key: str) -> QPushButton:
    """One key: its word (the erasing keys' in smaller type, on two lines), its spoken name."""
    button = QPushButton(KEY_WORDS.get(key, key))
    button.setProperty("word", key in KEY_WORDS)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    button.setAccessibleName(KEY_NAMES.get(key, key))
    return button


class Keypad(QWidget):
    changed = Signal(int)  # number of digits typed

    def __init__(self, max_length: int, placeholder: str, key_height: int = 100) -> None:
        super().__init__()
        self.max_length = max_length
        self.placeholder = placeholder
        self.code = ""
        self.setProperty("masked", True)  # speech.reading.MASKED: each key is said "étoile", never its digit
        grid = QGridLayout(self)
        grid.setSpacing(18)
        self.digits_label = label("", "headline", wrap=False, center=True)
        self.digits_label.setAccessibleName(QT_TRANSLATE_NOOP("screens", "Code saisi"))
        grid.addWidget(self.digits_label, 0, 0, 1, 3)
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(KEYS):
            button = key_button(key)
            button.setObjectName("key")
            button.setMinimumSize(180, key_height)
            button.clicked.connect(lambda _=False, k=key: self.press(k))
            grid.addWidget(button, 1 + i // 3, i % 3)
            self.keys[key] = button
        self._show()

    def press(self, key: str) -> None:
        if key == "EFFACER":
            self.code = ""
        elif key == "⌫":
            self.code = self.code[:-1]
        elif len(self.code) < self.max_length:
            self.code += key
        self._show()

    def type_code(self, code: str) -> None:
        """Keys pressed one after the other (tests and autoplay press the same buttons)."""
        for digit in code:
            self.keys[digit].click()

    def take(self) -> str:
        """The code typed, and the keypad emptied: it never keeps a code."""
        code, self.code = self.code, ""
        self._show()
        return code

    def reset(self) -> None:
        self.code = ""
        self._show()

    def set_length(self, length: int, placeholder: str) -> None:
        """A code of exactly ``length`` digits (an SMS code): no more can be typed."""
        self.max_length, self.placeholder = length, placeholder
        self.reset()

    def set_enabled(self, enabled: bool) -> None:
        for button in self.keys.values():
            button.setEnabled(enabled)

    @property
    def enabled(self) -> bool:
        return all(k.isEnabled() for k in self.keys.values())

    def _show(self) -> None:
        self.digits_label.setText(" ".join("●" for _ in self.code) if self.code else self.placeholder)
        self.changed.emit(len(self.code))
