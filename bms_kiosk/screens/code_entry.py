"""A code typed on the on-screen keypad to identify the person: the greeting, the question, the
keypad and, at its right, what the screen says and offers (the code de sécurité, the SMS code)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.keypad import Keypad
from bms_kiosk.screens.texts import CONFIRM, HELLO, IDENTIFICATION
from bms_kiosk.screens.translation import set_text

CODE_MAX = 8  # the longest code the keypad takes


class CodeEntryScreen(Screen):
    """``min_length`` digits at least (0: CONFIRMER stays off until the length is known),
    ``placeholder`` while none is typed. A subclass adds its own links with ``add_side``."""

    code_entered = Signal(str)

    def __init__(self, question: str, *, placeholder: str, min_length: int, back: bool) -> None:
        super().__init__(IDENTIFICATION, home=False, back=back, help=True, primary=CONFIRM)
        lay = self.body_layout
        lay.setContentsMargins(120, 40, 120, 20)
        self.greeting = label("", "subline")
        lay.addWidget(self.greeting)
        self.question = label(question, "question")
        lay.addWidget(self.question)
        row = QHBoxLayout()
        row.setSpacing(80)
        lay.addLayout(row, 1)

        self.min_length = min_length
        self.keypad = Keypad(CODE_MAX, placeholder)
        self.keypad.changed.connect(lambda _n: self._refresh())
        self.keys = self.keypad.keys
        row.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignTop)

        side = QWidget()
        self.side_layout = QVBoxLayout(side)
        self.side_layout.setContentsMargins(0, 0, 0, 0)  # the links get the whole column
        self.side_layout.setSpacing(24)
        self.message = label("", "status")
        self.message.hide()
        self.side_layout.addWidget(self.message)
        self.side_layout.addStretch(1)
        row.addWidget(side, 1)
        self._while_busy: list[QWidget] = []  # off while the code is checked or an SMS sent

        self.primary_button.clicked.disconnect()
        self.primary_button.clicked.connect(self._confirm)
        self._refresh()

    def add_side(self, widget: QWidget, *, off_while_busy: bool = False) -> None:
        """``widget`` under what is there already at the keypad's right."""
        self.side_layout.insertWidget(self.side_layout.count() - 1, widget)
        if off_while_busy:
            self._while_busy.append(widget)

    # --- view model
    def show_person(self, display_name: str) -> None:
        set_text(self.greeting, HELLO, display_name)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def wrong_code(self, text: str) -> None:
        self.show_message(text)
        self.keypad.reset()

    def set_busy(self, busy: bool) -> None:
        self.keypad.set_enabled(not busy)
        for button in self._while_busy:
            button.setEnabled(not busy)
        self._refresh()

    def clear(self) -> None:
        self.greeting.setText("")
        self.show_message("")
        self.keypad.reset()
        self.set_busy(False)

    def type_code(self, code: str) -> None:
        self.keypad.type_code(code)

    def _refresh(self) -> None:
        self.primary_button.setEnabled(self.keypad.enabled and self.min_length > 0
                                       and len(self.keypad.code) >= self.min_length)

    def _confirm(self) -> None:
        if not self.primary_button.isEnabled():
            return
        code = self.keypad.take()
        self.set_busy(True)  # one tap, one check: a second tap finds the button disabled
        self.code_entered.emit(code)
