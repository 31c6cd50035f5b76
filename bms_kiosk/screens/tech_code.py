"""Technician code: a keypad like the identification screen's, no personal data on it."""

from __future__ import annotations

from bms_kiosk.flow.states import Core
from PySide6.QtCore import Qt, Signal

from bms_kiosk import i18n
from bms_kiosk.maintenance import words
from bms_kiosk.maintenance.words import tr
from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.keypad import Keypad

CODE_MAX = 12


class TechCodeScreen(Screen):
    name = Core.TECH_CODE
    display_looks = False  # FR | EN only
    code_entered = Signal(str)

    def __init__(self) -> None:
        super().__init__(words.TITLE_ACCESS, back=True, primary=words.VALIDATE)
        self.back_button.setText(words.QUIT_BACK)
        self.back_button.setAccessibleName(words.QUIT_BACK.strip("< ").capitalize())
        self._message: tuple[str, ...] = ()
        lay = self.body_layout
        lay.addWidget(label(words.CODE_QUESTION, "question"))
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
        i18n.notifier().languageChanged.connect(self._language_changed)  # (a method: let go with the screen)
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

    def _language_changed(self, _language: str) -> None:
        self.show_message(*self._message)

    def show_message(self, *message: str) -> None:
        """A template of maintenance.words and its values (nothing: hidden), in the display language."""
        self._message = message
        text = tr(*message) if message else ""
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear(self) -> None:
        self.keypad.reset()
        self.show_message()
        self.set_busy(False)
