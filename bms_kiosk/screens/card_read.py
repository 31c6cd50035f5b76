"""Placeholder after a successful read: the beneficiaries on the card.

The authentication and services replace this step; it keeps the journey visible end to end.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QListWidget, QScroller

from bms_kiosk.screens.base import Screen, label
from bms_kiosk.services.models import VitaleCard


class CardReadScreen(Screen):
    name = "card_read"
    help_text = "Voici les personnes inscrites sur votre carte Vitale. Retirez votre carte pour terminer."

    def __init__(self) -> None:
        super().__init__("MA CARTE VITALE", home=False, help=True)
        lay = self.body_layout
        lay.addWidget(label("LES BÉNÉFICIAIRES DE VOTRE CARTE VITALE :", "question"))
        self.people = QListWidget()
        self.people.setAccessibleName("Bénéficiaires de la carte")
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.people.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        QScroller.grabGesture(self.people.viewport(), QScroller.ScrollerGestureType.TouchGesture)
        lay.addWidget(self.people, 1)
        self.hint = label("Retirez votre carte Vitale pour terminer.", "subline")
        lay.addWidget(self.hint)

    def show_card(self, card: VitaleCard) -> None:
        self.people.clear()
        for person in card.beneficiaries:
            self.people.addItem(f"{person.display_name}   {person.birth_text}")

    def lines(self) -> list[str]:
        return [self.people.item(i).text() for i in range(self.people.count())]

    def clear(self) -> None:
        self.people.clear()
