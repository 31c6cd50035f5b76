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
    """The visit ended: back to French."""
    set_language(DEFAULT)


def translate(context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``source`` (French) in the display language; ``n`` picks a plural form (%n in the text).

    Qt's signature, so ``pyside6-lupdate`` finds the calls (``translate("texts", "…", None, n)``)."""
    return QCoreApplication.translate(context, source, disambiguation, n)


# The contexts of the texts marked with QT_TRANSLATE_NOOP(context, "…") where they are written:
# one per module that holds screen words. The screens show the French source; ``displayed``
# gives what the person reads.
CONTEXTS = ("texts", "screens", "services", "messages")


def displayed(source: str, n: int = -1) -> str:
    """A whole text as shown in the display language (itself when it is not in the catalogue)."""
    if not source:
        return source
    for context in CONTEXTS:
        shown = QCoreApplication.translate(context, source, None, n)
        if shown != source:
            return shown
    return source
