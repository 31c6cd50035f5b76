"""Identification: the code de sécurité on an on-screen keypad, or a one-time code by SMS."""

from __future__ import annotations

from bms_kiosk.flow.states import Core
from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QWidget

from bms_kiosk.screens import texts
from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.keypad import Keypad
from bms_kiosk.screens.texts import CONFIRM, HELLO
from bms_kiosk.screens.translation import set_text

CODE_MIN, CODE_MAX = 4, 8
ASK_CODE = QT_TRANSLATE_NOOP("screens", "SAISISSEZ VOTRE CODE DE SÉCURITÉ :")
ASK_SMS = QT_TRANSLATE_NOOP("screens", "Recevoir un code par SMS")


class AuthScreen(Screen):
    name = Core.AUTH
    help_text = QT_TRANSLATE_NOOP("screens", "Saisissez le code de sécurité de votre compte ameli avec le clavier, puis touchez CONFIRMER. "
                 "Vous n'avez pas de code ? Touchez « Recevoir un code par SMS » : un code à usage unique "
                 "est envoyé au numéro de mobile que nous connaissons.")

    code_entered = Signal(str)
    sms_requested = Signal()

    def __init__(self) -> None:
        super().__init__(texts.IDENTIFICATION, home=False, back=False, help=True, primary=CONFIRM)
        lay = self.body_layout
        lay.setContentsMargins(120, 40, 120, 20)
        self.greeting = label("", "subline")
        lay.addWidget(self.greeting)
        self.question = label(ASK_CODE, "question")
        lay.addWidget(self.question)
        row = QHBoxLayout()
        row.setSpacing(80)
        lay.addLayout(row, 1)

        self.keypad = Keypad(CODE_MAX, "_ _ _ _")
        self.keypad.changed.connect(lambda _n: self._refresh())
        self.keys = self.keypad.keys
        row.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignTop)

        right = QWidget()
        right_lay = QGridLayout(right)
        right_lay.setSpacing(24)
        self.message = label("", "status")
        self.message.hide()
        right_lay.addWidget(self.message, 0, 0)
        self.sms_button = QPushButton(ASK_SMS)
        self.sms_button.setAccessibleName(ASK_SMS)
        self.sms_button.clicked.connect(self.sms_requested.emit)
        right_lay.addWidget(self.sms_button, 1, 0)
        right_lay.addWidget(label(QT_TRANSLATE_NOOP("screens", "Le code de sécurité est celui de votre compte ameli. "
                                                    "Il n'est jamais conservé par la borne."), "subline"), 2, 0)
        right_lay.setRowStretch(3, 1)
        row.addWidget(right, 1)

        self.primary_button.clicked.disconnect()
        self.primary_button.clicked.connect(self._confirm)
        self._refresh()

    # --- view model
    def show_person(self, display_name: str) -> None:
        set_text(self.greeting, HELLO, display_name)

    def no_sms(self, text: str) -> None:
        """No SMS can be sent to this person (no mobile on file): say why, keep the keypad."""
        self.sms_button.hide()
        self.show_message(text)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def wrong_code(self, text: str) -> None:
        self.show_message(text)
        self._reset_code()

    def set_busy(self, busy: bool) -> None:
        self.keypad.set_enabled(not busy)
        self.sms_button.setEnabled(not busy)
        self._refresh()

    def clear(self) -> None:
        self.greeting.setText("")
        self.sms_button.show()
        self.show_message("")
        self._reset_code()
        self.set_busy(False)

    def type_code(self, code: str) -> None:
        self.keypad.type_code(code)

    def _reset_code(self) -> None:
        self.keypad.reset()

    def _refresh(self) -> None:
        self.primary_button.setEnabled(self.keypad.enabled and len(self.keypad.code) >= CODE_MIN)

    def _confirm(self) -> None:
        if not self.primary_button.isEnabled():
            return
        code = self.keypad.take()
        self.set_busy(True)  # one tap, one check: a second tap finds the button disabled
        self.code_entered.emit(code)
