"""Accueil: "Insérez votre carte Vitale"."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from bms_kiosk.flow.states import Core
from PySide6.QtCore import Qt

from bms_kiosk.screens import texts
from bms_kiosk.screens.base import Screen, label, picture


class AttractScreen(Screen):
    name = Core.ATTRACT

    def __init__(self) -> None:
        super().__init__()
        lay = self.body_layout
        lay.addStretch(2)
        lay.addWidget(label(QT_TRANSLATE_NOOP("screens", "Bienvenue sur la borne de l'Assurance Maladie"), "subline", center=True))
        lay.addWidget(picture("carte-vitale-insertion", 360, 300), 0, Qt.AlignmentFlag.AlignHCenter)
        self.headline = label(texts.INSERT_CARD, "headline", center=True)
        lay.addWidget(self.headline)
        lay.addWidget(label(texts.INSERT_CARD_HINT, "subline", center=True))
        self.notice = label("", "notice", center=True)
        self.notice.hide()
        lay.addWidget(self.notice)
        lay.addStretch(3)

    def set_notice(self, text: str) -> None:
        """What is unavailable right now (printer down…); empty: nothing to say."""
        self.notice.setText(text)
        self.notice.setVisible(bool(text))
