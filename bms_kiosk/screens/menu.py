"""The services open to this person, in the journey's order, each with a short line saying what it gives.

A service that cannot be used now (printer down) stays in the list, greyed, with the reason in
place of its line: nothing disappears without a word, and no tap leads to a dead end.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from bms_kiosk.screens import texts
from bms_kiosk.screens.translation import set_text
from typing import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton

from bms_kiosk.flow.states import Core
from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.choices import RowButton, Rows


class ServiceList(Rows):
    """One row per service: its label and, under it in smaller type, its line or why it is refused."""

    chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.values: list[str] = []

    def set_entries(self, entries: Sequence[object]) -> None:
        """entries: flow.journey.MenuEntry (key, label, summary, refused)."""
        self.clear()
        for entry in entries:
            key, text, summary, refused = (entry.key, entry.label, entry.summary,  # type: ignore[attr-defined]
                                           entry.refused)  # type: ignore[attr-defined]
            button = RowButton(text, refused or summary)
            button.setEnabled(not refused)
            button.clicked.connect(lambda _=False, k=key: self.chosen.emit(k))
            self.append(button)
            self.values.append(key)

    def buttons(self) -> list[QPushButton]:
        return list(self.items)  # type: ignore[arg-type]

    def show_entry(self, key: str) -> None:
        """The page that holds the service ``key``."""
        self.show_item(self.items[self.values.index(key)])

    def clear(self) -> None:
        self.clear_rows()
        self.values = []


class MenuScreen(Screen):
    name = Core.MENU
    help_text = QT_TRANSLATE_NOOP("screens", "Touchez le service que vous souhaitez utiliser. Un service grisé n'est pas disponible pour "
                 "le moment : la raison est écrite dessous. Pour partir, retirez votre carte Vitale.")
    service_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__(QT_TRANSLATE_NOOP("screens", "MES SERVICES"), help=True)
        self.body_layout.setContentsMargins(120, 24, 120, 16)
        self.body_layout.setSpacing(16)
        self.greeting = label("", "subline")
        self.body_layout.addWidget(self.greeting)
        self.body_layout.addWidget(label(QT_TRANSLATE_NOOP("screens", "QUE SOUHAITEZ-VOUS FAIRE ?"), "question"))
        self.choices = ServiceList()
        self.choices.chosen.connect(self.service_chosen)
        self.body_layout.addWidget(self.choices, 1)
        self.leave_hint = label(QT_TRANSLATE_NOOP("screens", "Pour terminer, retirez votre carte Vitale."), "subline")
        self.body_layout.addWidget(self.leave_hint)

    def show_services(self, display_name: str, entries: Sequence[object]) -> None:
        set_text(self.greeting, texts.HELLO, display_name)
        self.choices.set_entries(entries)

    def clear(self) -> None:
        self.greeting.setText("")
        self.choices.clear()
