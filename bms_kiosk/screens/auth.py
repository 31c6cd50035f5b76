"""Identification: the code de sécurité on an on-screen keypad, or a one-time code by SMS."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QWidget

from bms_kiosk.screens.base import Screen, label

CODE_MIN, CODE_MAX = 4, 8


class AuthScreen(Screen):
    name = "auth"
    help_text = ("Saisissez le code de sécurité de votre compte ameli avec le clavier, puis touchez CONFIRMER. "
                 "Vous n'avez pas de code ? Touchez « Recevoir un code par SMS » : un code à usage unique "
                 "est envoyé au numéro de mobile que nous connaissons.")

    code_entered = Signal(str)
    sms_requested = Signal()

    def __init__(self) -> None:
        super().__init__("IDENTIFICATION", home=False, back=False, help=True, primary="CONFIRMER >")
        self.setProperty("sms", False)
        lay = self.body_layout
        lay.setContentsMargins(120, 40, 120, 20)
        self.greeting = label("", "subline")
        lay.addWidget(self.greeting)
        self.question = label("SAISISSEZ VOTRE CODE DE SÉCURITÉ :", "question")
        lay.addWidget(self.question)
        row = QHBoxLayout()
        row.setSpacing(80)
        lay.addLayout(row, 1)

        left = QWidget()
        left_lay = QGridLayout(left)
        left_lay.setSpacing(18)
        self.digits_label = label("", "headline", wrap=False, center=True)
        self.digits_label.setAccessibleName("Code saisi")
        left_lay.addWidget(self.digits_label, 0, 0, 1, 3)
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "EFFACER", "0", "⌫"]
        self.keys: dict[str, QPushButton] = {}
        for i, key in enumerate(keys):
            button = QPushButton(key)
            button.setObjectName("key")
            button.setMinimumSize(180, 100)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName({"⌫": "Effacer le dernier chiffre", "EFFACER": "Tout effacer"}.get(key, key))
            button.clicked.connect(lambda _=False, k=key: self._press(k))
            left_lay.addWidget(button, 1 + i // 3, i % 3)
            self.keys[key] = button
        row.addWidget(left, 0, Qt.AlignmentFlag.AlignTop)

        right = QWidget()
        right_lay = QGridLayout(right)
        right_lay.setSpacing(24)
        self.message = label("", "status")
        self.message.hide()
        right_lay.addWidget(self.message, 0, 0)
        self.sms_button = QPushButton("Recevoir un code par SMS")
        self.sms_button.setAccessibleName("Recevoir un code par SMS")
        self.sms_button.clicked.connect(self.sms_requested.emit)
        right_lay.addWidget(self.sms_button, 1, 0)
        right_lay.addWidget(label("Le code de sécurité est celui de votre compte ameli. "
                                  "Il n'est jamais conservé par la borne.", "subline"), 2, 0)
        right_lay.setRowStretch(3, 1)
        row.addWidget(right, 1)

        self._code = ""
        self.primary_button.clicked.disconnect()
        self.primary_button.clicked.connect(self._confirm)
        self._refresh()

    # --- view model
    def show_person(self, display_name: str) -> None:
        self.greeting.setText(f"Bonjour {display_name}.")

    def ask_sms_code(self, masked_mobile: str) -> None:
        self.setProperty("sms", True)
        self.question.setText("SAISISSEZ LE CODE REÇU PAR SMS :")
        self.sms_button.hide()
        self.show_message(f"Un code vient d'être envoyé par SMS au {masked_mobile}.")
        self._reset_code()

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def wrong_code(self, text: str) -> None:
        self.show_message(text)
        self._reset_code()

    def set_busy(self, busy: bool) -> None:
        for button in [*self.keys.values(), self.sms_button]:
            button.setEnabled(not busy)
        self.primary_button.setEnabled(not busy and len(self._code) >= CODE_MIN)

    def clear(self) -> None:
        self.setProperty("sms", False)
        self.question.setText("SAISISSEZ VOTRE CODE DE SÉCURITÉ :")
        self.greeting.setText("")
        self.sms_button.show()
        self.show_message("")
        self._reset_code()
        self.set_busy(False)

    # --- keypad
    def _press(self, key: str) -> None:
        if key == "EFFACER":
            self._code = ""
        elif key == "⌫":
            self._code = self._code[:-1]
        elif len(self._code) < CODE_MAX:
            self._code += key
        self._refresh()

    def type_code(self, code: str) -> None:
        """Keys pressed one after the other (tests and autoplay press the same buttons)."""
        for digit in code:
            self.keys[digit].click()

    def _reset_code(self) -> None:
        self._code = ""
        self._refresh()

    def _refresh(self) -> None:
        shown = " ".join("●" for _ in self._code) if self._code else "_ _ _ _"
        self.digits_label.setText(shown)
        self.primary_button.setEnabled(len(self._code) >= CODE_MIN)

    def _confirm(self) -> None:
        if len(self._code) < CODE_MIN or not self.primary_button.isEnabled():
            return
        code, self._code = self._code, ""
        self.set_busy(True)  # one tap, one check: a second tap finds the button disabled
        self._refresh()
        self.primary_button.setEnabled(False)
        self.code_entered.emit(code)
