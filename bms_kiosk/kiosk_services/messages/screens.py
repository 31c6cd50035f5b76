"""MES MESSAGES: the list (one big row each, newest first) and one message opened."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from bms_kiosk.kiosk_services import messages
from bms_kiosk.i18n import fill
from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.choices import RowButton, Rows


class ListScreen(Screen):
    """``show_view(page)``: a tap on a message answers its index on the page (the flow opens it); the rows
    "Messages plus récents" (first) and "Messages plus anciens" (last) answer ``Turn``."""

    def __init__(self, title: str) -> None:
        self.name = messages.State.LIST
        self.help_text = fill(messages.HELP, months=6, personal=False)
        super().__init__(title, home=True, back=True, help=True)
        self.hint = label("", "question")
        self.body_layout.addWidget(self.hint)
        self.rows = Rows(spacing=20)
        self.body_layout.addWidget(self.rows, 1)
        self.buttons: list[QPushButton] = []
        self.newer_button: QPushButton | None = None
        self.older_button: QPushButton | None = None

    def show_view(self, model: object) -> None:
        page: messages.Page = model  # type: ignore[assignment]
        self.clear()
        if not page.rows:
            self.hint.setText(messages.EMPTY)
        elif page.whole:
            self.hint.setText(messages.LIST_HINT)
        else:
            self.hint.setText(fill(messages.PAGE_HINT, first=page.offset + 1, last=page.offset + len(page.rows),
                                   total=page.total))
        if page.newer:
            self.newer_button = self._turn(messages.NEWER, messages.Turn.NEWER)
        for index, row in enumerate(page.rows):
            button = RowButton(row.title, row.heading, text=f"{row.heading}\n{row.title}")
            button.setAccessibleName(row.title)
            button.clicked.connect(lambda _=False, i=index: self.answered.emit(i))
            self.rows.append(button)
            self.buttons.append(button)
        if page.older:
            self.older_button = self._turn(messages.OLDER, messages.Turn.OLDER)

    def _turn(self, text: str, turn: messages.Turn) -> QPushButton:
        button = RowButton(text)
        button.setAccessibleName(text)
        button.clicked.connect(lambda _=False: self.answered.emit(turn))
        self.rows.append(button)
        return button

    def clear(self) -> None:
        self.rows.clear_rows()
        self.buttons = []
        self.newer_button = self.older_button = None
        self.hint.setText("")


class OpenScreen(Screen):
    """One message in large type; RETOUR: the list."""

    def __init__(self, title: str) -> None:
        self.name = messages.State.OPEN
        self.help_text = messages.OPEN_HELP
        super().__init__(title, home=True, back=True, help=True)
        self.heading = label("", "question")
        self.title_text = label("", "headline")
        self.text = label("", "subline")
        for widget in (self.heading, self.title_text, self.text):
            self.body_layout.addWidget(widget)
        self.body_layout.addStretch(1)

    def show_view(self, model: object) -> None:
        row: messages.Row = model  # type: ignore[assignment]
        self.heading.setText(row.heading)
        self.title_text.setText(row.title)
        self.text.setText(row.body)

    def clear(self) -> None:
        for widget in (self.heading, self.title_text, self.text):
            widget.setText("")
