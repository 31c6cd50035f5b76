"""The frame every screen shares: header band (title, ACCUEIL), body, footer (RETOUR, AIDE, action).

Screens are dumb views: they show what they are given and emit intents; the flow decides.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtCore import Qt, Signal
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from bms_kiosk.assets import icon
from bms_kiosk.screens.footer import FooterLayout


def label(text: str = "", name: str = "body", wrap: bool = True, center: bool = False) -> QLabel:
    lab = QLabel(text)
    lab.setObjectName(name)
    lab.setWordWrap(wrap)
    if center:
        lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return lab


def picture(name: str, width: int, height: int) -> QSvgWidget:
    svg = QSvgWidget(str(icon(name)))
    svg.setFixedSize(width, height)
    return svg


class Screen(QWidget):
    """A screen with an optional header (title + ACCUEIL) and footer (RETOUR, AIDE, primary)."""

    home_requested = Signal()
    back_requested = Signal()
    help_requested = Signal()
    primary_requested = Signal()
    answered = Signal(object)  # the person confirmed this value (a service step's "accept")
    finish_requested = Signal()  # TERMINER
    help_shown = Signal(str, str)  # a help text of the screen's own (title, text), e.g. a link

    name = "screen"
    display_choices = True  # FR | EN, Aa, ◐ in the header
    display_looks = True  # Aa, ◐ (not on the technicians' screens: FR | EN only)
    help_text = QT_TRANSLATE_NOOP("screens", "Suivez les indications à l'écran. En cas de difficulté, adressez-vous à l'accueil.")

    def __init__(self, title: str | None = None, *, home: bool = False, back: bool = False,
                 help: bool = False, primary: str | None = None) -> None:
        super().__init__()
        self.setObjectName(str(self.name))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.title_label: QLabel | None = None
        self.home_button = self.back_button = self.help_button = self.primary_button = None
        self.footer_row: QHBoxLayout | None = None
        if title is not None:
            header = QWidget()
            header.setObjectName("header")
            row = QHBoxLayout(header)
            row.setContentsMargins(0, 0, 0, 0)
            self.title_label = label(title, "title")  # wraps in large text
            row.addWidget(self.title_label, 1)
            if self.display_choices:
                from bms_kiosk.screens.display_toggles import DisplayToggles

                self.display_toggles = DisplayToggles(looks=self.display_looks)
                row.addWidget(self.display_toggles)
            if home:
                self.home_button = self._button(QT_TRANSLATE_NOOP("screens", "ACCUEIL"), "home", self.home_requested)
                row.addWidget(self.home_button)
            outer.addWidget(header)
        self.body = QWidget()
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(120, 60, 120, 40)
        self.body_layout.setSpacing(28)
        outer.addWidget(self.body, 1)
        if back or help or primary:
            # RETOUR (or what stands in its place) at the left edge, AIDE at the centre, the primary
            # action at the right edge: the same places on every screen (screens.footer).
            footer = QWidget()
            footer.setObjectName("footer")
            places = FooterLayout(footer)
            places.setContentsMargins(60, 20, 60, 20)
            self.footer_row = places.left  # the left: RETOUR, TERMINER, PLUS TARD
            right = places.right
            if back:
                self.back_button = self._button(QT_TRANSLATE_NOOP("screens", "< RETOUR"), "back", self.back_requested)
                self.footer_row.insertWidget(0, self.back_button)
            if help:
                self.help_button = self._button(QT_TRANSLATE_NOOP("screens", "? AIDE"), "help", self.help_requested)
                places.set_centre(self.help_button)
            if primary:
                self.primary_button = self._button(primary, "primary", self.primary_requested)
                right.addWidget(self.primary_button)
            outer.addWidget(footer)

    def _button(self, text: str, name: str, signal: Signal) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setAccessibleName(text.strip("<>? ").capitalize())
        button.clicked.connect(signal.emit)
        return button

    def show_view(self, model: object) -> None:
        """Show what the flow gives this screen (a service step's view model)."""

    def clear(self) -> None:
        """Forget anything personal shown; called when the session ends."""

    def visible_texts(self) -> list[str]:
        """Every text a person can read on this screen (for tests and speech)."""
        texts = []
        for widget in self.findChildren(QLabel) + self.findChildren(QPushButton):
            if isinstance(widget, QLabel) and isinstance(widget.parentWidget(), QPushButton) \
                    and widget.text() in widget.parentWidget().text():
                continue  # a row's words, painted by a label: said once, as the row's text
            if widget.isVisibleTo(self) and widget.text():
                texts.append(widget.text())
        return texts
