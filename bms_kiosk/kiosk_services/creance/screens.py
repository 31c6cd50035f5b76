"""The créance's own screens (dumb views): the reference pads, the créance with the amount pad,
the card payment terminal's prompt."""

from __future__ import annotations

import string
from decimal import Decimal
from typing import Any

from bms_client.models import french_date
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from bms_kiosk.kiosk_services.creance import words
from bms_kiosk.kiosk_services.creance.amounts import (
    DECIMAL_MARK,
    AmountCheck,
    AmountProblem,
    REFERENCE_DIGITS,
    check_amount,
    total_owed,
    type_key,
)
from bms_kiosk.i18n import fill
from bms_kiosk.screens.base import Screen, label
from bms_kiosk.screens.keypad import key_button
from bms_kiosk.services.amounts import format_amount

DIGIT_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "EFFACER", "0", "⌫"]
AMOUNT_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", DECIMAL_MARK, "0", "⌫"]
KEY_NAMES = {"⌫": "Effacer le dernier caractère", "EFFACER": "Tout effacer", DECIMAL_MARK: "Virgule"}
LETTERS = string.ascii_uppercase
LETTER_COLUMNS = 7


def _key(text: str, style: str) -> QPushButton:
    button = key_button(text)
    button.setObjectName(style)  # its size is in the style sheet
    button.setAccessibleName(KEY_NAMES.get(text, text))
    return button


def _pad(keys: list[str], columns: int, style: str, press) -> tuple[QWidget, dict[str, QPushButton]]:
    box = QWidget()
    grid = QGridLayout(box)
    grid.setSpacing(16)  # targets ≥ 16 px apart (tests/test_accessibility.py)
    grid.setContentsMargins(0, 0, 0, 0)
    buttons = {}
    for i, key in enumerate(keys):
        button = _key(key, style)
        button.clicked.connect(lambda _=False, k=key: press(k))
        grid.addWidget(button, i // columns, i % columns)
        buttons[key] = button
    return box, buttons


def _spaced(reference: str) -> str:
    """"1234567890123456A" shown as "1234 5678 9012 3456 A", with blanks still to type."""
    digits, letter = reference[:REFERENCE_DIGITS].ljust(REFERENCE_DIGITS, "_"), reference[REFERENCE_DIGITS:]
    return " ".join(digits[i:i + 4] for i in range(0, REFERENCE_DIGITS, 4)) + " " + (letter or "_")


class ReferenceScreen(Screen):
    """16 digits on the digit pad, then 1 letter on the A–Z pad; RECHERCHER answers the reference.
    ``show_view(error)``: the words to show under the reference ("" for none); the typed
    reference is kept (bad input loses nothing)."""

    def __init__(self, name: str, title: str) -> None:
        self.name = name
        self.help_text = words.REFERENCE_HELP
        super().__init__(title, home=True, back=True, help=True, primary=words.SEARCH)
        self.body_layout.setContentsMargins(100, 16, 100, 8)
        self.body_layout.setSpacing(6)
        self.reference = ""
        self.body_layout.addWidget(label(words.INTRO, "body"))
        where = QPushButton(words.WHERE_LINK)
        where.setObjectName("link")
        where.clicked.connect(lambda: self.help_shown.emit(words.WHERE_LINK, words.WHERE_TEXT))
        self.where_button = where
        self.body_layout.addWidget(where, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.addWidget(label(words.REFERENCE_LABEL, "question", wrap=False))
        self.shown = label("", "headline", wrap=False)
        self.shown.setProperty("personal", True)  # speech.reading.PERSONAL: the reference, headset only
        self.shown.setAccessibleName("Référence saisie")
        row.addWidget(self.shown, 1)
        self.body_layout.addLayout(row)
        self.error = label("", "error")
        self.error.hide()  # takes no room until there is something to say (large text needs it)
        self.body_layout.addWidget(self.error)
        pads = QHBoxLayout()
        pads.setSpacing(60)
        digits_box = QVBoxLayout()
        digits_box.setSpacing(8)  # not the 60 px between the pads, inherited
        digits_box.addWidget(label(words.DIGITS_HINT, "body"))
        digits, self.digit_keys = _pad(DIGIT_KEYS, 3, "padKey", self.press)
        digits_box.addWidget(digits)
        pads.addLayout(digits_box)
        letters_box = QVBoxLayout()
        letters_box.setSpacing(8)
        letters_box.addWidget(label(words.LETTER_HINT, "body"))
        letters, self.letter_keys = _pad(list(LETTERS), LETTER_COLUMNS, "letterKey", self.press)
        letters_box.addWidget(letters)
        pads.addLayout(letters_box)
        pads.addStretch(1)
        self.body_layout.addLayout(pads)
        self.body_layout.addStretch(1)
        self.primary_requested.connect(lambda: self.answered.emit(self.reference))
        self._refresh()

    def press(self, key: str) -> None:
        if key == "EFFACER":
            self.reference = ""
        elif key == "⌫":
            self.reference = self.reference[:-1]
        elif key.isdigit() and len(self.reference) < REFERENCE_DIGITS:
            self.reference += key
        elif key in LETTERS and len(self.reference) == REFERENCE_DIGITS:
            self.reference += key
        self.error.setText("")
        self.error.setVisible(False)
        self._refresh()

    def type_reference(self, reference: str) -> None:
        """Keys pressed one after the other (tests and autoplay press the same buttons)."""
        for key in reference:
            (self.digit_keys if key.isdigit() else self.letter_keys)[key].click()

    def show_view(self, model: object) -> None:
        self.error.setText(str(model or ""))
        self.error.setVisible(bool(model))

    def _refresh(self) -> None:
        self.shown.setText(_spaced(self.reference))
        full_digits = len(self.reference) >= REFERENCE_DIGITS
        for key, button in self.digit_keys.items():
            button.setEnabled(not full_digits or not key.isdigit())
        for button in self.letter_keys.values():
            button.setEnabled(len(self.reference) == REFERENCE_DIGITS)
        self.primary_button.setEnabled(len(self.reference) == REFERENCE_DIGITS + 1)

    def clear(self) -> None:
        self.reference = ""
        self.error.setText("")
        self._refresh()


class CreanceScreen(Screen):
    """``show_view(creance)``: the créance, the other lines with check boxes, the total, the amount
    pad. PAYER is enabled once the amount keeps the rules (words said under it before)."""

    def __init__(self, name: str, title: str) -> None:
        self.name = name
        self.help_text = words.CREANCE_HELP
        super().__init__(title, home=True, back=True, help=True, primary=words.PAY)
        self.back_button.setText(words.ABANDON)
        self.back_button.setAccessibleName("Abandonner")
        self.body_layout.setContentsMargins(80, 20, 80, 10)
        self.body_layout.setSpacing(10)
        self.creance: Any = None
        self.rules: Any = None
        self.amount_text = ""
        self.checks: dict[str, QPushButton] = {}
        columns = QHBoxLayout()
        columns.setSpacing(50)
        left = QVBoxLayout()
        left.setSpacing(8)
        self.heading = label("", "question")
        self.caisse, self.initial, self.remaining = label(), label(), label()
        for widget in (self.heading, self.caisse, self.initial, self.remaining):
            left.addWidget(widget)
        self.others_title = label(words.OTHERS, "question")
        self.others_found = label("", "body")
        left.addWidget(self.others_title)
        left.addWidget(self.others_found)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(8)
        left.addLayout(self.rows_box)
        self.selected = label("", "body")
        self.total = label("", "question")
        left.addWidget(self.selected)
        left.addWidget(self.total)
        left.addStretch(1)
        columns.addLayout(left, 3)
        right = QVBoxLayout()
        right.setSpacing(4)
        right.addWidget(label(words.AMOUNT_LABEL, "question", wrap=False))
        self.amount_label = label("", "headline", wrap=False)
        self.amount_label.setAccessibleName("Montant saisi")
        right.addWidget(self.amount_label)
        pad, self.amount_keys = _pad(AMOUNT_KEYS, 3, "padKey", self.press)
        right.addWidget(pad)
        self.rule = label("", "body")
        self.problem = label("", "error")
        for wrapped in (self.rule, self.problem):  # two lines each: wrapped labels in nested layouts get one
            wrapped.setMinimumHeight(90)
        right.addWidget(self.rule)
        right.addWidget(self.problem)
        right.addStretch(1)
        columns.addLayout(right, 2)
        self.body_layout.addLayout(columns, 1)
        self.primary_requested.connect(self._pay)
        self._refresh()

    # --- the créance
    def show_view(self, model: object) -> None:
        self.clear()
        self.rules = model  # CreanceView: the créance and the thresholds
        self.creance = model.creance  # type: ignore[attr-defined]
        line = self.creance.line
        self.heading.setText(fill(words.CREANCE_HEADING, reference=line.reference))
        self.caisse.setText(fill(words.CAISSE, caisse=line.caisse))
        self.initial.setText(fill(words.INITIAL, amount=format_amount(line.initial_amount)))
        self.remaining.setText(fill(words.REMAINING, amount=format_amount(line.remaining_amount)))
        others = self.creance.others
        self.others_found.setText(fill(words.OTHERS_FOUND, n=len(others)))
        for other in others:
            box = QPushButton("☐  " + fill(words.OTHER_ROW, 
                reference=other.reference, issued=french_date(other.issued_on),
                initial=format_amount(other.initial_amount), remaining=format_amount(other.remaining_amount)))
            box.setObjectName("choice")
            box.setCheckable(True)
            box.setAccessibleName(fill(words.ALSO_PAY, other.reference))
            box.toggled.connect(lambda on, b=box: (b.setText(("☑" if on else "☐") + b.text()[1:]), self._refresh()))
            self.rows_box.addWidget(box)
            self.checks[other.reference] = box
        self._refresh()

    def check(self, reference: str) -> QPushButton:
        return self.checks[reference]

    def selected_lines(self) -> tuple[str, ...]:
        return tuple(ref for ref, box in self.checks.items() if box.isChecked())

    def owed(self) -> Decimal:
        if self.creance is None:
            return Decimal("0")
        chosen = set(self.selected_lines())
        return total_owed([self.creance.line.remaining_amount,  # type: ignore[attr-defined]
                           *(o.remaining_amount for o in self.creance.others  # type: ignore[attr-defined]
                             if o.reference in chosen)])

    # --- the amount
    def press(self, key: str) -> None:
        self.amount_text = type_key(self.amount_text, key)
        self._refresh()

    def type_amount(self, text: str) -> None:
        for key in text:
            self.amount_keys[key].click()

    def _check(self) -> tuple[AmountCheck, Any]:
        rules = self.rules
        if rules is None or self.creance is None:
            return AmountCheck(None, AmountProblem.EMPTY), None
        return check_amount(self.amount_text, self.owed(), rules.payment_min, rules.payment_max), rules

    def _refresh(self) -> None:
        n = len(self.selected_lines())
        self.selected.setText(fill(words.SELECTED, n=n))
        self.total.setText(fill(words.TOTAL, amount=format_amount(self.owed())))
        self.amount_label.setText(fill(words.AMOUNT_VALUE, amount=self.amount_text or "…"))
        checked, config = self._check()
        self.rule.setText(words.amount_rule(config) if config is not None else "")
        self.problem.setText(words.amount_problem(checked.problem, config, self.owed()) if config else "")
        self.primary_button.setEnabled(checked.payable)

    def _pay(self) -> None:
        from bms_kiosk.kiosk_services.creance import PaymentRequest

        checked, _ = self._check()
        if checked.payable:
            self.answered.emit(PaymentRequest(self.selected_lines(), checked.amount))

    def clear(self) -> None:
        self.creance = self.rules = None
        self.amount_text = ""
        for box in self.checks.values():
            self.rows_box.removeWidget(box)
            box.deleteLater()
        self.checks = {}
        for widget in (self.heading, self.caisse, self.initial, self.remaining):
            widget.setText("")
        self._refresh()


class PayingScreen(Screen):
    """The card payment terminal has the amount: no button (the terminal's red key abandons)."""

    def __init__(self, name: str, title: str) -> None:
        self.name = name
        super().__init__(title)
        lay = self.body_layout
        lay.addStretch(2)
        lay.addWidget(label(words.PRESENT, "headline", center=True))
        self.amount = label("", "amount", wrap=False, center=True)
        self.amount.setAccessibleName("Montant à payer")
        lay.addWidget(self.amount)
        lay.addWidget(label(words.PRESENT_HINT, "subline", center=True))
        lay.addStretch(3)

    def show_view(self, model: object) -> None:
        self.amount.setText(format_amount(model.amount))  # type: ignore[attr-defined]

    def clear(self) -> None:
        self.amount.setText("")
