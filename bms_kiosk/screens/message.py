"""A full screen message with a picture: errors, outcomes, printed, end."""

from __future__ import annotations

from PySide6.QtCore import Qt

from bms_kiosk.screens.base import Screen, label, picture


class MessageScreen(Screen):
    def __init__(self, name: str, title: str, text: str, icon: str = "attention", *,
                 header: str | None = None, home: bool = False, back: bool = False,
                 primary: str | None = None, help_text: str | None = None) -> None:
        self.name = name
        if help_text:
            self.help_text = help_text
        super().__init__(header, home=home, back=back, help=bool(help_text), primary=primary)
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
