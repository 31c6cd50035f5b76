"""Technician code: a keypad like the identification screen's, no personal data on it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

from bms_kiosk.screens.base import Screen, label

CODE_MAX = 12


class TechCodeScreen(Screen):
    name = "tech_code"
    code_entered = Signal(str)

    def __init__(self) -> None:
        super().__init__("ACCÈS TECHNICIEN", back=True, primary="VALIDER >")
        self.back_button.setText("< QUITTER")
        lay = self.body_layout
        lay.addWidget(label("SAISISSEZ LE CODE TECHNICIEN :", "question"))
        pad = QWidget()
        grid = QGridLayout(pad)
        grid.setSpacing(18)
        self.digits_label = label("", "headline", wrap=False, center=True)
        self.digits_label.setAccessibleName("Code saisi")
        grid.addWidget(self.digits_label, 0, 0, 1, 3)
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(["1", "2", "3", "4", "5", "6", "7", "8", "9", "EFFACER", "0", "⌫"]):
            button = QPushButton(key)
            button.setObjectName("key")
            button.setMinimumSize(180, 90)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(button, 1 + i // 3, i % 3)
            self.keys[key] = button
        lay.addWidget(pad, 0, Qt.AlignmentFlag.AlignHCenter)
        self.message = label("", "status", center=True)
        self.message.hide()
        lay.addWidget(self.message)
        lay.addStretch(1)
        self._code = ""
        self.primary_button.clicked.disconnect()
        self.primary_button.clicked.connect(self._confirm)
        self._refresh()

    def _press(self, key: str) -> None:
        if key == "EFFACER":
            self._code = ""
        elif key == "⌫":
            self._code = self._code[:-1]
        elif len(self._code) < CODE_MAX:
            self._code += key
        self._refresh()

    def type_code(self, code: str) -> None:
        for digit in code:
            self.keys[digit].click()

    def _refresh(self) -> None:
        self.digits_label.setText(" ".join("●" for _ in self._code) if self._code else "_ _ _ _ _ _")
        self.primary_button.setEnabled(bool(self._code) and all(k.isEnabled() for k in self.keys.values()))

    def _confirm(self) -> None:
        if not self._code or not self.primary_button.isEnabled():
            return
        code, self._code = self._code, ""
        self.set_busy(True)
        self.code_entered.emit(code)

    def set_busy(self, busy: bool) -> None:
        for button in self.keys.values():
            button.setEnabled(not busy)
        self._refresh()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear(self) -> None:
        self._code = ""
        self.show_message("")
        self.set_busy(False)
