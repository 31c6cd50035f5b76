"""A dialog drawn over the current screen: help (AIDE) and the inactivity warning share it.

The dialog is sized from its wrapped text at its width (``fit``): a long help text makes it taller,
up to the window's height; past that the text scrolls (a wide bar, and by touch) and the button
stays in view.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QPushButton, QScrollArea, QScroller, QVBoxLayout, QWidget

from bms_kiosk.screens.base import label

WIDTH = 1200
MARGIN_H, MARGIN_V, SPACING = 60, 50, 30
WINDOW_MARGIN = 40  # between the dialog and the window's edges


class Overlay(QFrame):
    accepted = Signal()

    def __init__(self, parent: QWidget, name: str, button_text: str) -> None:
        super().__init__(parent)
        self.setObjectName("overlay")
        self.setProperty("overlayName", name)
        outer = QVBoxLayout(self)
        outer.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.dialog = dialog = QFrame()
        dialog.setObjectName("dialog")
        dialog.setFixedWidth(WIDTH)
        lay = QVBoxLayout(dialog)
        lay.setContentsMargins(MARGIN_H, MARGIN_V, MARGIN_H, MARGIN_V)
        lay.setSpacing(SPACING)
        self.headline = label("", "headline", center=True)
        self.text = label("", "subline", center=True)
        self.scroll = QScrollArea()
        self.scroll.setObjectName("overlayText")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(self.text)
        QScroller.grabGesture(self.scroll.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        lay.addWidget(self.headline)
        lay.addWidget(self.scroll)
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
        self.fit()
        self.raise_()
        self.show()

    def set_text(self, text: str) -> None:
        self.text.setText(text)
        self.fit()

    def fit(self) -> None:
        """Heights from the wrapped text at the dialog's width; the text scrolls past the window's."""
        self.ensurePolished()
        border = self.dialog.frameWidth()
        inner = WIDTH - 2 * MARGIN_H - 2 * border
        headline = self.headline.heightForWidth(inner)
        self.headline.setFixedHeight(headline)
        button = 0 if self.button.isHidden() else self.button.sizeHint().height()
        fixed = 2 * MARGIN_V + 2 * border + headline + button + SPACING * (2 if button else 1)
        room = max(0, self.parentWidget().height() - 2 * WINDOW_MARGIN - fixed)
        text = self.text.heightForWidth(inner)
        if text > room:  # scrolls: the label is laid out beside the scroll bar
            bar = self.scroll.verticalScrollBar().sizeHint().width()
            self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
            self.scroll.setFixedHeight(room)
            self.text.setMinimumHeight(self.text.heightForWidth(inner - bar))
        else:
            self.scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            self.scroll.setFixedHeight(text)
            self.text.setMinimumHeight(text)
        self.dialog.setFixedHeight(fixed + min(text, room))
