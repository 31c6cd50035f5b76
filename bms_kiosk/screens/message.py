"""A full screen message with a picture: card errors, reader missing, service unavailable, end."""

from __future__ import annotations

from PySide6.QtCore import Qt

from bms_kiosk.screens.base import Screen, label, picture


class MessageScreen(Screen):
    def __init__(self, name: str, title: str, text: str, icon: str = "attention", *,
                 home: bool = False) -> None:
        self.name = name
        super().__init__(title=None, primary="ACCUEIL" if home else None)
        lay = self.body_layout
        lay.addStretch(2)
        lay.addWidget(picture(icon, 300 if icon != "attention" else 200, 250 if icon != "attention" else 200),
                      0, Qt.AlignmentFlag.AlignHCenter)
        self.title_text = label(title, "errorTitle" if icon == "attention" else "headline", center=True)
        lay.addWidget(self.title_text)
        self.text = label(text, "subline", center=True)
        lay.addWidget(self.text)
        lay.addStretch(3)

    def show_message(self, title: str, text: str) -> None:
        self.title_text.setText(title)
        self.text.setText(text)
