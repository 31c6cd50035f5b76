"""The services open to this person; "Mon attestation de droits" first."""

from __future__ import annotations

from PySide6.QtCore import Signal

from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.choices import ChoiceList

SERVICES = [("attestation", "Mon attestation de droits")]


class MenuScreen(Screen):
    name = "menu"
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

    def show_services(self, display_name: str, services: list[tuple[str, str]] | None = None) -> None:
        self.greeting.setText(f"Bonjour {display_name}.")
        self.choices.set_choices([(text, key) for key, text in (services or SERVICES)])

    def clear(self) -> None:
        self.greeting.setText("")
        self.choices.clear()
