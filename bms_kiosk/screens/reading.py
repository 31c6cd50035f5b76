"""Lecture de la carte: progress visible while the card is read."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar

from bms_kiosk.screens import texts
from bms_kiosk.screens.base import Screen, label


class ReadingScreen(Screen):
    name = "reading"

    def __init__(self) -> None:
        super().__init__()
        lay = self.body_layout
        lay.addStretch(2)
        lay.addWidget(label(texts.READING, "headline", center=True))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # busy indicator: a card read has no known length
        self.progress.setTextVisible(False)
        self.progress.setMinimumWidth(900)
        self.progress.setAccessibleName(texts.READING)
        lay.addWidget(self.progress, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addWidget(label(texts.READING_HINT, "subline", center=True))
        lay.addStretch(3)
