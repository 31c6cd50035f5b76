"""The display language of the visit: one accessor for screens, speech and tests.

French is the kiosk's language; English is chosen on the header's FR | EN switch for one visit
and dropped when the visit ends (``reset()`` on the session wipe). Texts are marked where
they are written (``QT_TRANSLATE_NOOP(context, "…")``, ``translate(context, "… %n …", None, n)``
for a text built with a number): Qt's translation tools
(``pyside6-lupdate`` extracts the sources into ``bms_kiosk/translations/*.ts``,
``pyside6-lrelease`` builds the ``.qm`` the kiosk loads from the installed package).

    from bms_kiosk import i18n
    i18n.current_language()            # Language.FR
    i18n.notifier().languageChanged.connect(slot)   # slot(str): "fr" or "en"
    i18n.set_language(i18n.Language.EN)
"""

from __future__ import annotations

import logging
import re
from enum import StrEnum
from importlib.resources import files
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QTranslator, Signal

log = logging.getLogger(__name__)

TRANSLATIONS = Path(str(files("bms_kiosk") / "translations"))
CATALOGUE = "bms_kiosk"  # translations/bms_kiosk_<lang>.ts / .qm


class Language(StrEnum):
    FR = "fr"  # the source language: no translator
    EN = "en"


DEFAULT = Language.FR


class MissingTranslationError(RuntimeError):
    """The .qm of a language is not built (scripts/setup.sh, or the wheel's build, makes it)."""


class LanguageNotifier(QObject):
    languageChanged = Signal(str)  # noqa: N815 (Qt naming)


_state: dict[str, object] = {"language": DEFAULT, "translator": None, "notifier": None}


def notifier() -> LanguageNotifier:
    """The one object whose ``languageChanged(str)`` says the display language changed."""
    if _state["notifier"] is None:
        _state["notifier"] = LanguageNotifier()
    return _state["notifier"]  # type: ignore[return-value]


def current_language() -> Language:
    return _state["language"]  # type: ignore[return-value]


def catalogue_path(language: Language) -> Path:
    return TRANSLATIONS / f"{CATALOGUE}_{language.value}.qm"


def set_language(language: Language | str) -> None:
    """Show the texts in ``language`` from now on; emits ``languageChanged`` when it changes."""
    language = Language(language)
    if language is current_language():
        return
    app = QCoreApplication.instance()
    old = _state["translator"]
    if old is not None and app is not None:
        QCoreApplication.removeTranslator(old)  # type: ignore[arg-type]
    _state["translator"] = None
    if language is not DEFAULT:
        translator = QTranslator()
        path = catalogue_path(language)
        if not translator.load(str(path)):
            raise MissingTranslationError(f"{path}: not built (pyside6-lrelease, scripts/setup.sh)")
        QCoreApplication.installTranslator(translator)
        _state["translator"] = translator
    _state["language"] = language
    log.info("display language: %s", language.value)
    notifier().languageChanged.emit(language.value)


def reset() -> None:
    """The visit ended: back to French, and its texts forgotten."""
    forget()
    set_language(DEFAULT)


def translate(context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``source`` (French) in the display language; ``n`` picks a plural form (%n in the text).

    Qt's signature, so ``pyside6-lupdate`` finds the calls (``translate("texts", "…", None, n)``)."""
    return QCoreApplication.translate(context, source, disambiguation, n)


# The contexts of the texts marked with QT_TRANSLATE_NOOP(context, "…") where they are written:
# one per module that holds screen words. The screens show the French source; ``displayed``
# gives what the person reads.
CONTEXTS = ("texts", "screens", "services", "messages", "maintenance", "speech")  # messages: bms_client/messages.py


def displayed(source: str, n: int = -1) -> str:
    """A text as shown in the display language: a catalogue text, a text made by ``fill`` (its
    template translated, filled again), or sentences of those put together; else itself (data)."""
    if not source:
        return source
    for context in CONTEXTS:
        shown = QCoreApplication.translate(context, source, None, n)
        if shown != source:
            return shown
    if current_language() is DEFAULT:
        return source
    made = _filled.get(source) or _kept.get(source)
    if made is not None:
        template, args, fields = made
        return _fill(displayed(template), tuple(displayed(a) for a in args),
                     {k: displayed(v) if isinstance(v, str) else v for k, v in fields.items()})
    lead = LEAD.match(source)  # "☐  " before a text: the text
    if lead and lead.end() < len(source):
        return lead.group(0) + displayed(source[lead.end():])
    if "\n" in source:  # lines put together
        return "\n".join(displayed(line) for line in source.split("\n"))
    sentences = SENTENCE_END.split(source)
    if len(sentences) > 1:
        return " ".join(displayed(sentence) for sentence in sentences)
    return source


LEAD = re.compile(r"[^\w«“(<>?€*]+")
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_filled: dict[str, tuple[str, tuple[str, ...], dict[str, object]]] = {}  # the visit's texts made by fill()
_kept: dict[str, tuple[str, tuple[str, ...], dict[str, object]]] = {}  # made by fill(…, personal=False)


def _fill(template: str, args: tuple[str, ...], fields: dict[str, object]) -> str:
    text = template.format(**fields) if fields else template
    for index, value in enumerate(args, start=1):
        text = text.replace(f"%{index}", value)
    return text


def fill(template: str, *args: object, personal: bool = True, **fields: object) -> str:
    """``template`` (French, marked) filled with ``args`` (%1, %2…) or ``fields`` ({name}): the
    French text, remembered so the screen can show it in another language: for the visit, or for
    good when nothing in it is personal (``personal=False``: a setting, a countdown)."""
    str_args = tuple(str(a) for a in args)
    text = _fill(template, str_args, fields)  # a field keeps its type: "{maximum:g}" formats a number
    (_filled if personal else _kept)[text] = (template, str_args, fields)
    return text


def forget() -> None:
    """The visit ended: the texts made with its data are dropped (they may hold a name)."""
    _filled.clear()
