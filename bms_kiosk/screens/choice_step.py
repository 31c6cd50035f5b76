"""A service step that asks one choice among rows (a question, the rows, CONFIRMER)."""

from __future__ import annotations

from typing import Sequence

from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.choices import ChoiceList
from bms_kiosk.screens.texts import CONFIRM


class ChoiceScreen(Screen):
    """``show_view(rows)``: rows are (text, value); CONFIRMER answers the chosen value."""

    def __init__(self, name: str, title: str, question: str, help_text: str) -> None:
        self.name = name
        self.help_text = help_text
        super().__init__(title, home=True, back=True, help=True, primary=CONFIRM)
        self.question = label(question, "question")
        self.body_layout.addWidget(self.question)
        self.choices = ChoiceList()
        self.choices.changed.connect(self._refresh)
        self.body_layout.addWidget(self.choices, 1)
        self.primary_requested.connect(lambda: self.answered.emit(self.choices.selected()))
        self._refresh()

    def show_view(self, model: object) -> None:
        rows: Sequence[tuple[str, object]] = model  # type: ignore[assignment]
        self.choices.set_choices(list(rows))
        self._refresh()

    def _refresh(self) -> None:
        self.primary_button.setEnabled(self.choices.has_selection)

    def clear(self) -> None:
        self.choices.clear()
        self._refresh()
