"""Identification by a one-time code received by SMS: its own words, one placeholder per digit of
the code the backend sent, "Renvoyer le code", and RETOUR to the code de sécurité."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QWidget

from bms_kiosk.flow.states import Core
from bms_kiosk.screens.auth import CODE_MAX
from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.keypad import Keypad
from bms_kiosk.i18n import fill
from bms_kiosk.screens.texts import CONFIRM, HELLO, IDENTIFICATION
from bms_kiosk.screens.translation import set_text

TITLE = IDENTIFICATION
QUESTION = QT_TRANSLATE_NOOP("screens", "SAISISSEZ LE CODE REÇU PAR SMS :")
RESEND = QT_TRANSLATE_NOOP("screens", "Renvoyer le code")
USE_SECURITY_CODE = QT_TRANSLATE_NOOP("screens", "Utiliser mon code de sécurité")
SENT = QT_TRANSLATE_NOOP("screens", "Un code vient d'être envoyé par SMS au %1.")
SENT_AGAIN = QT_TRANSLATE_NOOP("screens", "Un nouveau code vient d'être envoyé par SMS au %1. "
                               "Le code précédent n'est plus valable.")
VALIDITY = (QT_TRANSLATE_NOOP("screens", "Le code reçu par SMS compte %1 chiffres. Il est valable %2 minute et ne "
                              "sert qu'une fois ; il n'est jamais conservé par la borne."),
            QT_TRANSLATE_NOOP("screens", "Le code reçu par SMS compte %1 chiffres. Il est valable %2 minutes et ne "
                              "sert qu'une fois ; il n'est jamais conservé par la borne."))


def placeholder(length: int) -> str:
    return " ".join("_" * length)


def sent_text(masked_mobile: str, again: bool) -> str:
    return fill(SENT_AGAIN if again else SENT, masked_mobile)


def validity_text(length: int, seconds: int) -> str:
    minutes = max(1, round(seconds / 60))
    return fill(VALIDITY[minutes > 1], length, minutes)


class SmsCodeScreen(Screen):
    name = Core.AUTH_SMS
    help_text = QT_TRANSLATE_NOOP("screens", "Saisissez avec le clavier le code reçu par SMS sur votre téléphone mobile, puis touchez "
                 "CONFIRMER. Vous n'avez rien reçu après quelques instants ? Touchez « Renvoyer le code ». "
                 "Touchez RETOUR pour utiliser votre code de sécurité à la place.")

    code_entered = Signal(str)
    resend_requested = Signal()

    def __init__(self) -> None:
        super().__init__(TITLE, home=False, back=True, help=True, primary=CONFIRM)
        lay = self.body_layout
        lay.setContentsMargins(120, 40, 120, 20)
        self.greeting = label("", "subline")
        lay.addWidget(self.greeting)
        lay.addWidget(label(QUESTION, "question"))
        row = QHBoxLayout()
        row.setSpacing(80)
        lay.addLayout(row, 1)

        self.length = 0
        self.keypad = Keypad(CODE_MAX, "")
        self.keypad.changed.connect(lambda _n: self._refresh())
        self.keys = self.keypad.keys
        row.addWidget(self.keypad, 0, Qt.AlignmentFlag.AlignTop)

        right = QWidget()
        right_lay = QGridLayout(right)
        right_lay.setSpacing(24)
        self.message = label("", "status")
        right_lay.addWidget(self.message, 0, 0)
        self.resend_button = QPushButton(RESEND)
        self.resend_button.setAccessibleName(RESEND)
        self.resend_button.clicked.connect(self.resend_requested.emit)
        right_lay.addWidget(self.resend_button, 1, 0)
        self.security_code_button = QPushButton(USE_SECURITY_CODE)
        self.security_code_button.setObjectName("link")
        self.security_code_button.setAccessibleName(USE_SECURITY_CODE)
        self.security_code_button.clicked.connect(self.back_requested.emit)
        right_lay.addWidget(self.security_code_button, 2, 0)
        self.note = label("", "subline")
        right_lay.addWidget(self.note, 3, 0)
        right_lay.setRowStretch(4, 1)
        row.addWidget(right, 1)

        self.primary_button.clicked.disconnect()
        self.primary_button.clicked.connect(self._confirm)
        self._refresh()

    # --- view model
    def show_person(self, display_name: str) -> None:
        set_text(self.greeting, HELLO, display_name)

    def show_sent(self, sent: Any, again: bool = False) -> None:
        """``sent``: bms_client SmsCodeSent (masked mobile, validity, length of the code)."""
        self.length = sent.code_length
        self.keypad.set_length(sent.code_length, placeholder(sent.code_length))
        self.show_message(sent_text(sent.masked_mobile, again))
        self.note.setText(validity_text(sent.code_length, sent.validity_seconds))

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def wrong_code(self, text: str) -> None:
        self.show_message(text)
        self.keypad.reset()

    def set_busy(self, busy: bool) -> None:
        self.keypad.set_enabled(not busy)
        self.resend_button.setEnabled(not busy)
        self._refresh()

    def clear(self) -> None:
        self.greeting.setText("")
        self.note.setText("")
        self.show_message("")
        self.keypad.reset()
        self.set_busy(False)

    def type_code(self, code: str) -> None:
        self.keypad.type_code(code)

    def _refresh(self) -> None:
        self.primary_button.setEnabled(self.keypad.enabled and self.length > 0
                                       and len(self.keypad.code) == self.length)

    def _confirm(self) -> None:
        if not self.primary_button.isEnabled():
            return
        code = self.keypad.take()
        self.set_busy(True)  # one tap, one check
        self.code_entered.emit(code)
