"""What the person reads, in the display language: the screens keep writing French.

A screen sets a label's or a button's text as it always did (a French text marked for the
catalogue where it is written, see ``bms_kiosk/i18n.py``). Before the window paints, and when
the language changes, ``retranslate`` walks the visible screen: a text it has not seen is taken as
the French source and replaced by its translation; switching back shows the sources again. A text
built from data (a name, a number) is made with ``i18n.fill(template, …)`` (or set with
``set_text``) so it is translated as a template and filled again in the new language.

The walk looks up every text in the catalogue; ``retranslate_changed`` skips it when the root's
texts and the language are what the last walk left (a look at the texts is ~6× cheaper).
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from bms_kiosk import i18n

SOURCE = "bmsSource"  # the French text of a widget
SHOWN = "bmsShown"  # what the walk last put there
NAME_SOURCE, NAME_SHOWN = "bmsNameSource", "bmsNameShown"  # the same for the accessible name
DESCRIPTION_SOURCE, DESCRIPTION_SHOWN = "bmsDescriptionSource", "bmsDescriptionShown"  # a row's line, said
WALKED = "bmsWalked"  # on a root: the language and a hash of the texts its last walk left


def spoken_name(text: str) -> str:
    """A button's accessible name from its text, as ``Screen._button`` makes it."""
    return text.strip("<>? ").capitalize()


def set_text(widget: QLabel | QAbstractButton, template: str, *args: object, **fields: object) -> None:
    """``widget`` shows ``template`` (French, marked for the catalogue) filled with data."""
    widget.setText(i18n.fill(template, *args, **fields))
    if i18n.current_language() is not i18n.DEFAULT:
        retranslate(widget)


def forget(root: QWidget) -> None:
    """The visit ended: drop the texts the walk kept on the widgets (a name may be among them)."""
    for widget in [root, *root.findChildren(QLabel), *root.findChildren(QAbstractButton)]:
        for name in (SOURCE, SHOWN, NAME_SOURCE, NAME_SHOWN, DESCRIPTION_SOURCE, DESCRIPTION_SHOWN, WALKED):
            if widget.property(name) is not None:
                widget.setProperty(name, None)


def _texts(root: QWidget) -> list[QLabel | QAbstractButton]:
    own = [root] if isinstance(root, (QLabel, QAbstractButton)) else []
    return [*own, *root.findChildren(QLabel), *root.findChildren(QAbstractButton)]


def _walked(widgets: list[QLabel | QAbstractButton]) -> str:
    """The display language and a hash of every text, spoken name and description (no text kept)."""
    shown = hash(tuple((w.text(), w.accessibleName(), w.accessibleDescription()) for w in widgets))
    return f"{i18n.current_language().value}:{shown}"


def retranslate_changed(root: QWidget) -> bool:
    """``retranslate(root)`` unless nothing was written under it, nor the language changed, since
    the last one; True when it walked."""
    if root.property(WALKED) == _walked(_texts(root)):
        return False
    retranslate(root)
    root.setProperty(WALKED, _walked(_texts(root)))  # what the walk left
    return True


def retranslate(root: QWidget) -> None:
    """Every label and button under ``root`` in the display language."""
    widgets: list[QWidget] = [root, *root.findChildren(QLabel), *root.findChildren(QAbstractButton)]
    if not widgets:
        return
    for widget in widgets:
        if not isinstance(widget, (QLabel, QAbstractButton)):
            continue
        text = widget.text()
        if text != widget.property(SHOWN):  # the screen wrote it since: a new French source
            widget.setProperty(SOURCE, text)
        shown = i18n.displayed(widget.property(SOURCE) or "")
        if shown != text:
            widget.setText(shown)
        widget.setProperty(SHOWN, shown)
        name = widget.accessibleName()
        if name and name != widget.property(NAME_SHOWN):
            widget.setProperty(NAME_SOURCE, name)
        if widget.property(NAME_SOURCE):
            source = widget.property(NAME_SOURCE)
            spoken = i18n.displayed(source)
            if spoken == source and source == spoken_name(widget.property(SOURCE) or ""):
                spoken = spoken_name(shown)  # a button named after its text ("< RETOUR": "Retour")
            if spoken != name:
                widget.setAccessibleName(spoken)
            widget.setProperty(NAME_SHOWN, spoken)
        description = widget.accessibleDescription()
        if description != (widget.property(DESCRIPTION_SHOWN) or ""):  # the screen wrote it since (or cleared it)
            widget.setProperty(DESCRIPTION_SOURCE, description)
        if widget.property(DESCRIPTION_SOURCE):
            spoken = i18n.displayed(widget.property(DESCRIPTION_SOURCE))
            if spoken != description:
                widget.setAccessibleDescription(spoken)
            widget.setProperty(DESCRIPTION_SHOWN, spoken)
