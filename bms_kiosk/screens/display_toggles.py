"""The header's display choices, on every screen of a visit: FR | EN, large text (Aa), high contrast (◐).

They change how the visit is shown, never what it does: they call the two accessors
(``i18n.set_language``, ``look.set_look``) and follow them, so every screen's header shows the
same state; the session wipe resets both (``window``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from bms_kiosk import i18n, look
from bms_kiosk.screens import texts

TOGGLE = "headerToggle"  # style sheet name of these buttons
SPACING = 20  # px between two targets (≥ 16)


class DisplayToggles(QWidget):
    def __init__(self, looks: bool = True) -> None:
        super().__init__()
        self.setObjectName("displayToggles")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, SPACING, 0)
        row.setSpacing(SPACING)
        self.languages: dict[i18n.Language, QPushButton] = {}
        for language, (text, name) in texts.LANGUAGE_BUTTONS.items():
            button = self._button(text, name)
            button.clicked.connect(lambda _=False, lang=language: i18n.set_language(lang))
            self.languages[language] = button
            row.addWidget(button)
        row.addSpacing(SPACING)
        self.large_text = self._button(*texts.LARGE_TEXT_BUTTON)
        self.large_text.clicked.connect(look.toggle_large_text)
        self.high_contrast = self._button(*texts.HIGH_CONTRAST_BUTTON)
        self.high_contrast.clicked.connect(look.toggle_high_contrast)
        row.addWidget(self.large_text)
        row.addWidget(self.high_contrast)
        self.large_text.setVisible(looks)
        self.high_contrast.setVisible(looks)
        i18n.notifier().languageChanged.connect(self._sync)
        look.notifier().lookChanged.connect(self._sync)
        self._sync()

    def _button(self, text: str, accessible: str) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(TOGGLE)
        button.setCheckable(True)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setAccessibleName(accessible)
        return button

    def _sync(self, *_: object) -> None:
        current = i18n.current_language()
        for language, button in self.languages.items():
            button.setChecked(language is current)
        self.large_text.setChecked(look.current_look().large_text)
        self.high_contrast.setChecked(look.current_look().high_contrast)
