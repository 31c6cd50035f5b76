"""MON ATTESTATION DE DROITS: who it is for, the ticket modérateur option (wording of seed 004)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QGridLayout, QHBoxLayout, QPushButton, QWidget

from bms_kiosk.kiosk_services.attestation import ALL, TITLE
from bms_kiosk.screens.texts import CONFIRM
from bms_kiosk.screens.translation import set_text
from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.choices import ChoiceList
from bms_client.models import Beneficiary

# Why the option names only some people (after "L'ensemble des bénéficiaires", say).
ETM_ONLY_THESE = QT_TRANSLATE_NOOP("services", "Seules les personnes qui bénéficient d'une exonération du "
                                   "ticket modérateur sont concernées par cette question ; pour les "
                                   "autres, rien ne change.")
MISSING_PERSON_TITLE = QT_TRANSLATE_NOOP("services", "IL MANQUE UNE PERSONNE ?")
MISSING_PERSON = QT_TRANSLATE_NOOP("services", "Seules les personnes inscrites sur votre carte Vitale apparaissent dans la liste. "
                  "Pour ajouter une personne (naissance, mariage, changement de situation), faites la "
                  "démarche depuis votre compte ameli ou adressez-vous à un conseiller de l'accueil. "
                  "Chaque personne de plus de 16 ans peut aussi utiliser sa propre carte Vitale.")


class AttestationChoiceScreen(Screen):
    help_text = QT_TRANSLATE_NOOP("services", "Choisissez « L'ensemble des bénéficiaires » pour une attestation qui concerne toutes les "
                 "personnes de votre carte, ou une seule personne. Touchez ensuite CONFIRMER.")

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(TITLE, home=True, back=True, help=True, primary=CONFIRM)
        self.primary_requested.connect(lambda: self.answered.emit(str(self.selected())))
        self.body_layout.setContentsMargins(120, 12, 120, 4)
        self.body_layout.setSpacing(16)
        top = QHBoxLayout()  # the question and, at its right, the link: the rows get the height
        top.addWidget(label(QT_TRANSLATE_NOOP("services", "VOUS SOUHAITEZ OBTENIR UNE ATTESTATION POUR :"), "question"), 1)
        self.missing = QPushButton(QT_TRANSLATE_NOOP("services", "Il manque une personne dans la liste ?"))
        self.missing.setObjectName("link")
        self.missing.clicked.connect(lambda: self.help_shown.emit(MISSING_PERSON_TITLE, MISSING_PERSON))
        top.addWidget(self.missing)
        self.body_layout.addLayout(top)
        self.choices = ChoiceList()
        self.choices.changed.connect(self._refresh)
        self.body_layout.addWidget(self.choices, 1)
        self.not_covered = label("", "subline")  # who is not offered, and why (no open rights)
        self.not_covered.hide()
        self.body_layout.addWidget(self.not_covered)
        self._refresh()

    def show_view(self, model: object) -> None:
        """``model``: attestation.ChoiceView (the people offered, the line on the others)."""
        self.show_people(list(model.people))  # type: ignore[attr-defined]
        self.not_covered.setText(model.not_covered)  # type: ignore[attr-defined]
        self.not_covered.setVisible(bool(model.not_covered))  # type: ignore[attr-defined]

    def show_people(self, people: list[Beneficiary]) -> None:
        rows: list[tuple[str, object]] = [(QT_TRANSLATE_NOOP("services", "L'ensemble des bénéficiaires"), ALL)]
        rows += [(f"{p.display_name} {p.birth_text}", p.nir) for p in people]
        self.choices.set_choices(rows)
        self._refresh()

    def selected(self) -> object | None:
        return self.choices.selected()

    def _refresh(self) -> None:
        self.primary_button.setEnabled(self.choices.has_selection)

    def clear(self) -> None:
        self.choices.clear()
        self.not_covered.setText("")
        self.not_covered.hide()
        self._refresh()


class YesNo(QWidget):
    """NON / OUI for one person; both unanswered at first."""

    changed = Signal()

    def __init__(self, person_label: str) -> None:
        super().__init__()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(24)
        self.question = label("", "body")
        set_text(self.question, QT_TRANSLATE_NOOP("services", "Souhaitez-vous ajouter pour %1 les informations suivantes :"), person_label)
        grid.addWidget(self.question, 0, 0, 1, 3)
        grid.addWidget(label(QT_TRANSLATE_NOOP("services", "L'exonération du ticket modérateur"), "body"), 1, 0)
        self.group = QButtonGroup(self)
        self.no, self.yes = QPushButton(QT_TRANSLATE_NOOP("services", "NON")), QPushButton(QT_TRANSLATE_NOOP("services", "OUI"))
        for index, button in enumerate((self.no, self.yes)):
            button.setCheckable(True)
            button.setObjectName("answer")
            self.group.addButton(button, index)
            grid.addWidget(button, 1, 1 + index)
        self.group.idClicked.connect(lambda _i: self.changed.emit())

    @property
    def answered(self) -> bool:
        return self.group.checkedId() >= 0

    @property
    def value(self) -> bool:
        return self.group.checkedId() == 1


class AttestationOptionScreen(Screen):
    help_text = QT_TRANSLATE_NOOP("services", "L'exonération du ticket modérateur signifie que certains soins sont pris en charge à 100 %. "
                 "Répondez OUI pour que cette information figure sur l'attestation, NON sinon.")

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(TITLE, home=True, back=True, help=True, primary=CONFIRM)
        self.primary_requested.connect(lambda: self.answered.emit(self.choices()))
        self.body_layout.addWidget(label(QT_TRANSLATE_NOOP("services", "L'attestation justifie de vos droits et de votre déclaration "
                                         "d'un médecin traitant."), "question"))
        self.only_these = label(ETM_ONLY_THESE, "body")
        self.body_layout.addWidget(self.only_these)
        self.rows_widget = QWidget()
        self.rows = QGridLayout(self.rows_widget)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setVerticalSpacing(36)
        self.body_layout.addWidget(self.rows_widget)
        self.body_layout.addStretch(1)
        self.answers: dict[str, YesNo] = {}
        self._refresh()

    def show_view(self, model: object) -> None:
        self.ask(model)  # type: ignore[arg-type]

    def ask(self, people: list[tuple[str, str]]) -> None:
        """people: (nir, "NOM Prénom") of each person who has an exonération."""
        self.clear()
        for row, (nir, name) in enumerate(people):
            yes_no = YesNo(name)
            yes_no.changed.connect(self._refresh)
            self.rows.addWidget(yes_no, row, 0)
            self.answers[nir] = yes_no
        self._refresh()

    def choices(self) -> dict[str, bool]:
        return {nir: yn.value for nir, yn in self.answers.items()}

    def _refresh(self) -> None:
        self.primary_button.setEnabled(bool(self.answers) and all(a.answered for a in self.answers.values()))

    def clear(self) -> None:
        for yes_no in self.answers.values():
            yes_no.setParent(None)
            yes_no.deleteLater()
        self.answers = {}
        self._refresh()
