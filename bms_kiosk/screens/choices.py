"""Full-width choice rows (one answer among several), as on the BMS screens."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QPushButton, QVBoxLayout, QWidget


class ChoiceList(QWidget):
    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.lay.setSpacing(16)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.group.idClicked.connect(lambda _id: self.changed.emit())
        self.values: list[object] = []

    def set_choices(self, choices: list[tuple[str, object]]) -> None:
        self.clear()
        for index, (text, value) in enumerate(choices):
            button = QPushButton(f"{text}")
            button.setObjectName("choice")
            button.setCheckable(True)
            button.setAccessibleName(text)
            self.group.addButton(button, index)
            self.lay.addWidget(button)
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
