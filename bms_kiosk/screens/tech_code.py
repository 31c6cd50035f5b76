"""Technician code: a keypad like the identification screen's, no personal data on it."""

from __future__ import annotations

from bms_kiosk.flow.states import Core
from PySide6.QtCore import Qt, Signal

from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.keypad import Keypad

CODE_MAX = 12


class TechCodeScreen(Screen):
    name = Core.TECH_CODE
    display_choices = False
    code_entered = Signal(str)

    def __init__(self) -> None:
        super().__init__("ACCÈS TECHNICIEN", back=True, primary="VALIDER >")
        self.back_button.setText("< QUITTER")
        lay = self.body_layout
        lay.addWidget(label("SAISISSEZ LE CODE TECHNICIEN :", "question"))
        self.keypad = Keypad(CODE_MAX, "_ _ _ _ _ _", key_height=90)
        self.keypad.changed.connect(lambda _n: self._refresh())
        self.keys = self.keypad.keys
        lay.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignHCenter)
        self.message = label("", "status", center=True)
        self.message.hide()
        lay.addWidget(self.message)
        lay.addStretch(1)
        self.primary_button.clicked.disconnect()
        self.primary_button.clicked.connect(self._confirm)
        self._refresh()

    def type_code(self, code: str) -> None:
        self.keypad.type_code(code)

    def _refresh(self) -> None:
        self.primary_button.setEnabled(bool(self.keypad.code) and self.keypad.enabled)

    def _confirm(self) -> None:
        if not self.primary_button.isEnabled():
            return
        code = self.keypad.take()
        self.set_busy(True)
        self.code_entered.emit(code)

    def set_busy(self, busy: bool) -> None:
        self.keypad.set_enabled(not busy)
        self._refresh()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear(self) -> None:
        self.keypad.reset()
        self.show_message("")
        self.set_busy(False)
