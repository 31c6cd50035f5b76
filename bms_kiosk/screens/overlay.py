"""A dialog drawn over the current screen: help (AIDE) and the inactivity warning share it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QVBoxLayout, QWidget

from bms_kiosk.screens.base import label


class Overlay(QFrame):
    accepted = Signal()

    def __init__(self, parent: QWidget, name: str, button_text: str) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setProperty("overlayName", name)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        dialog = QFrame()
        dialog.setObjectName("dialog")
        dialog.setFixedWidth(1200)
        dialog.setMinimumHeight(520)
        lay = QVBoxLayout(dialog)
        lay.setContentsMargins(60, 50, 60, 50)
        lay.setSpacing(30)
        self.headline = label("", "headline", center=True)
        self.text = label("", "subline", center=True)
        lay.addWidget(self.headline)
        lay.addWidget(self.text)
        self.button = QPushButton(button_text)
        self.button.setObjectName("big")
        self.button.setAccessibleName(button_text)
        self.button.clicked.connect(self.accepted.emit)
        lay.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addWidget(dialog)
        self.hide()

    def open(self, headline: str, text: str) -> None:
        self.headline.setText(headline)
        self.text.setText(text)
        self.setGeometry(self.parentWidget().rect())
        self.raise_()
        self.show()

    def set_text(self, text: str) -> None:
        self.text.setText(text)
