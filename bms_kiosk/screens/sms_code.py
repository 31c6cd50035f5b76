"""Identification by a one-time code received by SMS: its own words, one placeholder per digit of
the code the backend sent, "Renvoyer le code", and RETOUR to the code de sécurité."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QPushButton

from bms_kiosk.flow.states import Core
from bms_kiosk.i18n import fill
from bms_kiosk.screens.base import label
from bms_kiosk.screens.code_entry import CodeEntryScreen

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


class SmsCodeScreen(CodeEntryScreen):
    name = Core.AUTH_SMS
    help_text = QT_TRANSLATE_NOOP("screens", "Saisissez avec le clavier le code reçu par SMS sur votre téléphone mobile, puis touchez "
                 "CONFIRMER. Vous n'avez rien reçu après quelques instants ? Touchez « Renvoyer le code ». "
                 "Touchez RETOUR pour utiliser votre code de sécurité à la place.")

    resend_requested = Signal()

    def __init__(self) -> None:
        # the length (backend setting sms_code_length) comes with the code sent: show_sent
        super().__init__(QUESTION, placeholder="", min_length=0, back=True)
        self.resend_button = QPushButton(RESEND)
        self.resend_button.setAccessibleName(RESEND)
        self.resend_button.clicked.connect(self.resend_requested.emit)
        self.add_side(self.resend_button, off_while_busy=True)
        self.security_code_button = QPushButton(USE_SECURITY_CODE)
        self.security_code_button.setObjectName("link")
        self.security_code_button.setAccessibleName(USE_SECURITY_CODE)
        self.security_code_button.clicked.connect(self.back_requested.emit)
        self.add_side(self.security_code_button)
        self.note = label("", "fineprint")  # small print: the rules of the code, under what to do
        self.add_side(self.note)

    @property
    def length(self) -> int:
        """The number of digits of the code sent (0 before one is)."""
        return self.min_length

    def show_sent(self, sent: Any, again: bool = False) -> None:
        """``sent``: bms_client SmsCodeSent (masked mobile, validity, length of the code)."""
        self.min_length = sent.code_length
        self.keypad.set_length(sent.code_length, placeholder(sent.code_length))
        self.show_message(sent_text(sent.masked_mobile, again))
        self.note.setText(validity_text(sent.code_length, sent.validity_seconds))

    def clear(self) -> None:
        self.note.setText("")
        super().clear()
