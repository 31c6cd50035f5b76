"""A screen read the way a person reads it: its widgets in layout order (header, body, footer;
rows top to bottom, a grid row by row), its texts as parts of an utterance, its actionable widgets
as the focus chain of the keypad.

A widget shows personal data when it, or a parent below the screen, has the property
``PERSONAL`` (``mark_personal``), or when its text holds a value of the card in the reader.
"""

from __future__ import annotations

import re
from typing import Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (QAbstractButton, QGridLayout, QLabel, QLayout, QScrollArea, QStackedWidget,
                               QTabWidget, QWidget)

from bms_kiosk.speech import words
from bms_kiosk.speech.utterance import Part, PersonalValues

PERSONAL = "personal"  # dynamic property: this widget (and what it holds) shows personal data
MASKED = "masked"  # dynamic property: a masked entry (code): never its keys' digits
PAD_KEYS = frozenset({"key", "padKey", "letterKey"})  # object names of the on-screen keypads' keys
_MASK = re.compile(r"^[●•*\s]+$")
_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_EMPTY = re.compile(r"^[_\s]+$")


def mark_personal(widget: QWidget, personal: bool = True) -> QWidget:
    widget.setProperty(PERSONAL, personal)
    return widget


def is_personal(widget: QWidget, top: QWidget | None = None) -> bool:
    w: QWidget | None = widget
    while w is not None:
        if w.property(PERSONAL):
            return True
        if w is top:
            break
        w = w.parentWidget()
    return False


def is_masked(widget: QWidget) -> bool:
    w: QWidget | None = widget
    while w is not None:
        if w.property(MASKED):
            return True
        w = w.parentWidget()
    return False


_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly


def _layout_widgets(layout: QLayout, children: list[QWidget]) -> Iterator[QWidget]:
    """The widgets of ``layout`` (and of its nested layouts) in layout order; ``children``: the
    direct child widgets of the widget that holds the layout (a layout's widgets are its children).

    Indexes only (``indexOf``, ``getItemPosition``), never ``itemAt()``: a QLayoutItem is no QObject,
    and PySide6 parents the wrapper ``itemAt()`` returns to the layout's wrapper, where it outlives
    the item (a page rebuilt at every visit left ~15 dead wrappers a visit, issue 13)."""
    entries: list[tuple[int, QWidget | QLayout]] = []
    others: list[QWidget] = []  # the widgets of the nested layouts, or of none
    for child in children:
        index = layout.indexOf(child)
        if index >= 0:
            entries.append((index, child))
        else:
            others.append(child)
    if len(entries) < layout.count():  # spacers, or nested layouts
        for sub in layout.findChildren(QLayout, options=_DIRECT):
            index = layout.indexOf(sub)
            if index >= 0:
                entries.append((index, sub))
    if isinstance(layout, QGridLayout):
        entries.sort(key=lambda e: (layout.getItemPosition(e[0])[:2], e[0]))
    else:
        entries.sort(key=lambda e: e[0])
    for _, entry in entries:
        if isinstance(entry, QWidget):
            yield entry
        else:
            yield from _layout_widgets(entry, others)


def reading_order(root: QWidget) -> Iterator[QWidget]:
    """``root`` and every widget shown under it, in reading order."""
    if not root.isVisible() and root.parentWidget() is not None and not root.isVisibleTo(root.window()):
        return
    yield root
    if isinstance(root, QScrollArea):
        children = [root.widget()] if root.widget() is not None else []
    elif isinstance(root, QTabWidget):
        children = [root.tabBar(), root.currentWidget()] if root.currentWidget() is not None else []
    elif isinstance(root, QStackedWidget):
        children = [root.currentWidget()] if root.currentWidget() is not None else []
    elif root.layout() is not None:
        direct = [c for c in root.findChildren(QWidget, options=_DIRECT) if not c.isWindow()]
        children = list(_layout_widgets(root.layout(), direct))
        seen = set(map(id, children))
        children += [c for c in direct if id(c) not in seen and isinstance(c, (QLabel, QAbstractButton))]
    else:
        children = []
    for child in children:
        if child is not None and not child.isHidden():
            yield from reading_order(child)


def shown(widget: QWidget) -> bool:
    return widget.isVisible() or (widget.window() is not None and widget.isVisibleTo(widget.window()))


def actionable(root: QWidget) -> list[QAbstractButton]:
    """The focus chain: every button shown, in reading order (a disabled one too: it says why)."""
    return [w for w in reading_order(root) if isinstance(w, QAbstractButton) and not w.isHidden()
            and w.isVisibleTo(root)]


def plain(text: str) -> str:
    if _TAG.search(text):
        doc = QTextDocument()
        doc.setHtml(text)
        text = doc.toPlainText()
    return " ".join(text.replace("\u2028", " ").split())


def button_name(button: QAbstractButton) -> str:
    """The accessible name ("Retour" for "< RETOUR"), unless the text says more (an OC's card:
    its name, then the adherent's number and the contract's date)."""
    text = plain(button.text().strip("<>?› ").strip())
    name = plain(button.accessibleName())
    if not name or (name.lower() in text.lower() and len(text) > len(name) + 2):
        return text
    return name


def button_phrase(button: QAbstractButton) -> str:
    """What the focus says of a control: its name, and its state."""
    parts = [button_name(button)]
    if button.isCheckable():
        parts.append(words.say(words.SELECTED if button.isChecked() else words.NOT_SELECTED))
    if not button.isEnabled():
        parts.append(words.say(words.DISABLED))
    return ", ".join(p for p in parts if p)


def label_phrase(lab: QLabel) -> str:
    text = plain(lab.text())
    if text and _MASK.match(text):  # a masked entry's dots
        return words.say(words.CODE_TYPED, len(text.split()))
    if text and _EMPTY.match(text) and is_masked(lab):  # a masked entry's placeholder
        return words.say(words.NO_DIGIT)
    return text


def screen_parts(root: QWidget, values: PersonalValues, *, with_pad_keys: bool = False) -> list[Part]:
    """Every text of ``root`` in reading order: labels, then buttons by name and state."""
    parts: list[Part] = []
    for widget in reading_order(root):
        if not widget.isVisibleTo(root) and widget is not root:
            continue
        if isinstance(widget, QLabel):
            text = label_phrase(widget)
        elif isinstance(widget, QAbstractButton):
            if widget.objectName() in PAD_KEYS and not with_pad_keys:
                continue
            text = button_phrase(widget)
        else:
            continue
        if text:
            personal = is_personal(widget, root) or values.found_in(text)
            parts.append(Part(text, personal))
    return parts


def focus_part(button: QAbstractButton, root: QWidget, values: PersonalValues) -> Part:
    text = button_phrase(button)
    personal = (is_personal(button, root) or values.found_in(text)
                or (is_masked(button) and button.objectName() in PAD_KEYS))
    description = plain(button.accessibleDescription())
    if description:
        text = f"{text}. {description}"
    return Part(text, personal or values.found_in(text))
