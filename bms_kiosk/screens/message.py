"""A full screen message with a picture: errors, outcomes, printed, end."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt

from bms_kiosk.screens import texts
from bms_kiosk.screens.base import Screen, label, picture

FINISH = QT_TRANSLATE_NOOP("screens", "TERMINER")


class MessageScreen(Screen):
    """``finish``: a TERMINER button that ends the visit; ``primary``: another action (``answered``)."""

    def __init__(self, name: str, title: str, text: str, icon: str = "attention", *,
                 header: str | None = None, home: bool = False, back: bool = False, finish: bool = False,
                 primary: str | None = None, help_text: str | None = None, help_lead: str = "") -> None:
        self.name = name
        if help_text is None and (home or back or finish or primary):  # a screen with buttons has AIDE
            help_text = texts.message_help(help_lead, back=back, home=home, finish=finish)
        if help_text:
            self.help_text = help_text
        super().__init__(header, home=home, back=back, help=bool(help_text),
                         primary=primary or (FINISH if finish else None))
        if primary is None and finish:
            self.primary_requested.connect(self.finish_requested)
        elif primary is not None:
            self.primary_requested.connect(lambda: self.answered.emit(None))
        if primary is not None and finish:  # TERMINER beside the action, at RETOUR's place
            self.finish_button = self._button(FINISH, "back", self.finish_requested)
            self.footer_row.insertWidget(1 if back else 0, self.finish_button)
        lay = self.body_layout
        lay.addStretch(2)
        big = icon != "attention"
        lay.addWidget(picture(icon, 300 if big else 200, 250 if big else 200), 0, Qt.AlignmentFlag.AlignHCenter)
        self.title_text = label(title, "headline" if big else "errorTitle", center=True)
        lay.addWidget(self.title_text)
        self.text = label(text, "subline", center=True)
        lay.addWidget(self.text)
        lay.addStretch(3)

    def show_message(self, title: str, text: str) -> None:
        self.title_text.setText(title)
        self.text.setText(text)


def outcome_screen(name: str, header: str) -> MessageScreen:
    """A service's outcome (the backend's answer in words): ACCUEIL, RETOUR, TERMINER."""
    return MessageScreen(name, "", "", header=header, home=True, back=True, finish=True)
