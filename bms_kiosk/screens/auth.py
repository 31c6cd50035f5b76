"""Identification by the code de sécurité, typed on the on-screen keypad; or a code asked for by SMS."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Signal
from PySide6.QtWidgets import QPushButton

from bms_kiosk.flow.states import Core
from bms_kiosk.screens.base import label
from bms_kiosk.screens.code_entry import CodeEntryScreen

CODE_MIN = 4
ASK_CODE = QT_TRANSLATE_NOOP("screens", "SAISISSEZ VOTRE CODE DE SÉCURITÉ :")
ASK_SMS = QT_TRANSLATE_NOOP("screens", "Recevoir un code par SMS")


class AuthScreen(CodeEntryScreen):
    name = Core.AUTH
    help_text = QT_TRANSLATE_NOOP("screens", "Saisissez le code de sécurité de votre compte ameli avec le clavier, puis touchez CONFIRMER. "
                 "Vous n'avez pas de code ? Touchez « Recevoir un code par SMS » : un code à usage unique "
                 "est envoyé au numéro de mobile que nous connaissons.")

    sms_requested = Signal()

    def __init__(self) -> None:
        super().__init__(ASK_CODE, placeholder="_ _ _ _", min_length=CODE_MIN, back=False)
        self.sms_button = QPushButton(ASK_SMS)
        self.sms_button.setAccessibleName(ASK_SMS)
        self.sms_button.clicked.connect(self.sms_requested.emit)
        self.add_side(self.sms_button, off_while_busy=True)
        self.add_side(label(QT_TRANSLATE_NOOP("screens", "Le code de sécurité est celui de votre compte ameli. "
                                              "Il n'est jamais conservé par la borne."), "subline"))

    def no_sms(self, text: str) -> None:
        """No SMS can be sent to this person (no mobile on file): say why, keep the keypad."""
        self.sms_button.hide()
        self.show_message(text)

    def clear(self) -> None:
        self.sms_button.show()
        super().clear()
