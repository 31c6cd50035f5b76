"""The services open to this person, as the journey lists them (flow.journey.MenuEntry)."""

from __future__ import annotations

from bms_kiosk.flow.states import Core
from typing import Sequence

from PySide6.QtCore import Signal

from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.choices import ChoiceList

class MenuScreen(Screen):
    name = Core.MENU
    help_text = "Touchez le service que vous souhaitez utiliser. Pour partir, retirez votre carte Vitale."
    service_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__("MES SERVICES", help=True)
        self.greeting = label("", "subline")
        self.body_layout.addWidget(self.greeting)
        self.body_layout.addWidget(label("QUE SOUHAITEZ-VOUS FAIRE ?", "question"))
        self.choices = ChoiceList()
        self.choices.changed.connect(lambda: self.service_chosen.emit(str(self.choices.selected())))
        self.body_layout.addWidget(self.choices, 1)
        self.body_layout.addWidget(label("Pour terminer, retirez votre carte Vitale.", "subline"))

    def show_services(self, display_name: str, entries: Sequence[object]) -> None:
        """entries: MenuEntry (key, label, summary, refused)."""
        self.greeting.setText(f"Bonjour {display_name}.")
        self.choices.set_choices([(e.label, e.key) for e in entries if not e.refused])  # type: ignore[attr-defined]

    def clear(self) -> None:
        self.greeting.setText("")
        self.choices.clear()
