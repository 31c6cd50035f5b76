"""Full-width choice rows (one answer among several), as on the BMS screens.

The rows scroll (touch drag or the wide scroll bar) when they do not fit: a card can carry
19 people, and the screen never grows past the display.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QButtonGroup, QFrame, QPushButton, QScrollArea, QScroller, QVBoxLayout, QWidget


class Rows(QScrollArea):
    """A vertical list of full-width rows that scrolls by touch when it does not fit."""

    def __init__(self, spacing: int = 16) -> None:
        super().__init__()
        self.setObjectName("choices")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        inner = QWidget()
        self.lay = QVBoxLayout(inner)
        self.lay.setContentsMargins(0, 0, 12, 0)
        self.lay.setSpacing(spacing)
        self.lay.addStretch(1)
        self.setWidget(inner)
        QScroller.grabGesture(self.viewport(), QScroller.ScrollerGestureType.TouchGesture)

    def append(self, widget: QWidget) -> None:
        self.lay.insertWidget(self.lay.count() - 1, widget)


class ChoiceList(Rows):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(lambda _id: self.changed.emit())
        self.values: list[object] = []

    def set_choices(self, choices: list[tuple[str, object]]) -> None:
        self.clear()
        for index, (text, value) in enumerate(choices):
            button = QPushButton(text)
            button.setObjectName("choice")
            button.setCheckable(True)
            button.setAccessibleName(text)
            self.group.addButton(button, index)
            self.append(button)
            self.values.append(value)

    def buttons(self) -> list[QPushButton]:
        return [self.group.button(i) for i in range(len(self.values))]

    def selected(self) -> object | None:
        index = self.group.checkedId()
        return self.values[index] if index >= 0 else None

    @property
    def has_selection(self) -> bool:
        return self.group.checkedId() >= 0

    def clear(self) -> None:
        for button in self.group.buttons():
            self.group.removeButton(button)
            button.setParent(None)
            button.deleteLater()
        self.values = []
