"""MA COMPLÉMENTAIRE SANTÉ: the notice, the choice (two big cards per person), the confirmation, the status."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QPushButton, QWidget

from bms_kiosk.i18n import fill
from bms_kiosk.kiosk_services import oc
from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.choices import Rows
from bms_kiosk.screens.message import MessageScreen
from bms_kiosk.screens.texts import CONFIRM

CARD = QT_TRANSLATE_NOOP("services", "%1\nN° adhérent* : %2\n%3")  # name, adherent number, "Contrat du …"
CONFIRMED_CARD = QT_TRANSLATE_NOOP("services", "%1\nN° adhérent : %2\n%3")  # the confirmation: no note to call
NOTICE_TITLE = QT_TRANSLATE_NOOP("services", "Votre complémentaire santé")
VALIDATE = QT_TRANSLATE_NOOP("services", "VALIDER >")


def card_text(card: oc.OcCard, template: str = CARD) -> str:
    return fill(template, card.name, card.adherent, card.contract)


class NoticeScreen(MessageScreen):
    """SPEC's notice before the menu: PLUS TARD (the menu) or SÉLECTIONNER (the choice)."""

    def __init__(self, title: str) -> None:
        super().__init__(oc.State.NOTICE, NOTICE_TITLE, oc.NOTICE, header=title,
                         primary=oc.SELECT, help_text=oc.NOTICE_HELP)
        self.later_button = self._button(oc.LATER, "back", self.primary_requested)
        self.later_button.clicked.disconnect()
        self.later_button.clicked.connect(lambda: self.answered.emit(False))
        self.footer_row.insertWidget(0, self.later_button)
        self.primary_requested.disconnect()
        self.primary_requested.connect(lambda: self.answered.emit(True))


class PersonRow(QWidget):
    """One person: name and birth date, then the two organismes side by side; one is chosen."""

    def __init__(self, person: oc.Person) -> None:
        super().__init__()
        self.person = person
        self.setProperty("personal", True)  # speech.reading.PERSONAL: names, organismes, numbers: headset only
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(30)
        grid.addWidget(label(f"{person.name}   {person.birth}", "question"), 0, 0, 1, len(person.ocs))
        self.group = QButtonGroup(self)
        self.cards: dict[str, QPushButton] = {}
        for column, card in enumerate(person.ocs):
            button = QPushButton(card_text(card))
            button.setObjectName("choice")
            button.setCheckable(True)
            button.setMinimumHeight(170)
            button.setAccessibleName(card.name)
            self.group.addButton(button)
            self.cards[card.oc_id] = button
            grid.addWidget(button, 1, column)

    def chosen(self) -> str | None:
        return next((oc_id for oc_id, b in self.cards.items() if b.isChecked()), None)


class ChoiceScreen(Screen):
    """``show_view(ChoiceView)``; VALIDER (once every person has a choice) answers {nir: oc_id}."""

    help_text = oc.CHOICE_HELP

    def __init__(self, title: str) -> None:
        self.name = oc.State.CHOICE
        super().__init__(title, home=True, back=True, help=True, primary=VALIDATE)
        self.body_layout.setContentsMargins(80, 10, 80, 0)  # room for a person's cards in large text
        self.body_layout.setSpacing(10)
        self.body_layout.addWidget(label(oc.QUESTION, "question"))
        self.rows = Rows(spacing=16)
        self.body_layout.addWidget(self.rows, 1)
        self.note = label("", "body")
        self.body_layout.addWidget(self.note)
        self.body_layout.addWidget(label(oc.ADHERENT_NOTE, "body"))
        self.people: list[PersonRow] = []
        self.primary_requested.connect(lambda: self.answered.emit(self.chosen()))
        self._refresh()

    def show_view(self, model: object) -> None:
        view: oc.ChoiceView = model  # type: ignore[assignment]
        self.clear()
        for person in view.people:
            row = PersonRow(person)
            row.group.buttonClicked.connect(lambda _b: self._refresh())
            self.rows.append(row)
            self.people.append(row)
        self.note.setText(view.note)
        self._refresh()

    def chosen(self) -> dict[str, str]:
        return {row.person.nir: c for row in self.people if (c := row.chosen()) is not None}

    def _refresh(self) -> None:
        self.primary_button.setEnabled(bool(self.people) and len(self.chosen()) == len(self.people))

    def clear(self) -> None:
        self.rows.clear_rows()
        self.people = []
        self.note.setText("")
        self._refresh()


class ConfirmScreen(Screen):
    """"Confirmer mon choix de complémentaire": each person and the organisme chosen; CONFIRMER sends."""

    help_text = QT_TRANSLATE_NOOP("services", "Vérifiez l'organisme choisi pour chaque personne, puis touchez CONFIRMER. Touchez RETOUR pour "
                 "changer votre choix.")

    def __init__(self, title: str) -> None:
        self.name = oc.State.CONFIRM
        super().__init__(title, home=True, back=True, help=True, primary=CONFIRM)
        self.body_layout.addWidget(label(oc.CONFIRM_TITLE, "headline"))
        self.rows = Rows(spacing=24)
        self.body_layout.addWidget(self.rows, 1)
        self.note = label("", "body")
        self.body_layout.addWidget(self.note)
        self.lines: list[QWidget] = []
        self.primary_requested.connect(lambda: self.answered.emit(None))

    def show_view(self, model: object) -> None:
        view: oc.ConfirmView = model  # type: ignore[assignment]
        self.clear()
        for person, card in view.rows:
            line = QWidget()
            line.setProperty("personal", True)  # speech.reading.PERSONAL: headset only
            row = QHBoxLayout(line)
            row.setContentsMargins(0, 0, 0, 0)
            row.addWidget(label(f"{person.name}\n{person.birth}", "question"), 1)
            row.addWidget(label(card_text(card, CONFIRMED_CARD), "subline"), 1)
            self.rows.append(line)
            self.lines.append(line)
        self.note.setText(view.note)

    def clear(self) -> None:
        self.rows.clear_rows()
        self.lines = []
        self.note.setText("")


class StatusScreen(MessageScreen):
    """DEMANDE EN COURS — Demande faite le … — traitée sous 7 jours; CONTINUER (the menu)."""

    def __init__(self, title: str) -> None:
        super().__init__(oc.State.STATUS, oc.STATUS_TITLE, "", icon="demande-en-cours", header=title, home=True,
                         primary=oc.CONTINUE)

    def show_view(self, model: object) -> None:
        view: oc.StatusView = model  # type: ignore[assignment]
        self.show_message(view.title, "\n".join(view.lines))

    def clear(self) -> None:
        self.show_message(oc.STATUS_TITLE, "")


class SentScreen(MessageScreen):
    """"Votre choix a bien été envoyé !" and the status now shown; ACCUEIL, TERMINER."""

    def __init__(self, title: str) -> None:
        super().__init__(oc.State.SENT, oc.SENT_TITLE, "", icon="choix-envoye", header=title, home=True, finish=True)

    def show_view(self, model: object) -> None:
        view: oc.StatusView = model  # type: ignore[assignment]
        self.show_message(oc.SENT_TITLE, f"{view.title} — " + " — ".join(view.lines) + "\n\n" + oc.SENT_TEXT)

    def clear(self) -> None:
        self.show_message(oc.SENT_TITLE, "")


__all__ = ["ChoiceScreen", "ConfirmScreen", "NoticeScreen", "SentScreen", "StatusScreen"]
