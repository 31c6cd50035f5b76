"""French and English (issue 18, item 6): every screen of a visit in English has no French left,
in French no English, and in English every text still fits; the catalogue is complete and built.

The kiosk is the one of tests/test_look.py (module fixture ``visit``: famille4 logged in). What
the person's data says (names, dates, organismes' names) is the same in both languages and is
taken out before looking for words.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Iterator

import pytest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from bms_kiosk import i18n, look
from bms_kiosk.i18n import Language
from tests.support.kiosk import SCREENS_DIR
from tests.test_look import _cut_texts, _public_screens, _settle, visit  # noqa: F401 (the fixture)

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "bms_kiosk" / "translations" / "bms_kiosk_en.ts"
VENV_BIN = Path(sys.executable).parent
# the words that say a sentence is French / English (short, frequent, not shared by the two)
FRENCH = re.compile(r"[àâçéèêëîïôûùœ]|\b(?:le|la|les|des|du|de|votre|vos|vous|et|pour|une|est|sur|aux|dans|avec|"
                    r"ou|par|mes|mon|ma|qui|que|pas|touchez|carte)\b", re.IGNORECASE)
ENGLISH = re.compile(r"\b(?:the|your|you|and|for|with|tap|is|are|of|to|my|print|back|home|help|please|"
                     r"insert|remove|card)\b", re.IGNORECASE)
# Names said as such in both languages (SPEC): the card, the account, the institution.
PROPER = ("carte Vitale", "cartes Vitale", "ameli", "Assurance Maladie", "CPAM", "Avis de sommes à payer",
          "Mes paiements", "« Avis", "à payer »")


def _personal(value: Any, found: set[str]) -> set[str]:
    """Every string the session holds (the person's data), however deep."""
    if isinstance(value, str):
        if len(value) > 1:
            found.add(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            _personal(getattr(value, f.name), found)
    elif isinstance(value, dict):
        for k, v in value.items():
            _personal(k, found)
            _personal(v, found)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            _personal(v, found)
    elif hasattr(value, "__dict__"):
        _personal(vars(value), found)
    return found


def _shown(screen: Any) -> Iterator[str]:
    for widget in screen.findChildren(QLabel) + screen.findChildren(QAbstractButton):
        if widget.isVisibleTo(screen) and widget.text():
            yield widget.text()


def _words_in(text: str, words: re.Pattern[str], kiosk: Any) -> bool:
    """``words`` in ``text`` once the person's data and the proper names are taken out."""
    for item in (*sorted(_personal(kiosk.journey.session, set()), key=len, reverse=True), *PROPER):
        text = text.replace(item, " ")
    return bool(words.search(text))


def _leftovers(kiosk: Any, words: re.Pattern[str]) -> list[str]:
    found = []
    for screen in _public_screens(kiosk):
        kiosk.window.show_state(str(screen.name))
        _settle(kiosk.app)
        found += [f"{screen.name}: {text!r}" for text in _shown(screen) if _words_in(text, words, kiosk)]
    return found


def test_every_screen_in_english_has_no_french_left(qapp: QApplication, visit: Any) -> None:
    look.reset()
    i18n.set_language(Language.EN)
    try:
        left = _leftovers(visit, FRENCH)
        window = visit.window
        for screen in _public_screens(visit):  # every screen's help, then the inactivity warning
            screen.help_requested.emit()
            _settle(qapp)
            left += [f"help of {screen.name}: {t!r}" for t in _shown(window.help) if _words_in(t, FRENCH, visit)]
        window.help.hide()
        window._warn(20)
        _settle(qapp)
        left += [f"inactivity: {t!r}" for t in _shown(window.inactivity) if _words_in(t, FRENCH, visit)]
        assert "20 seconds" in window.inactivity.text.text()
        window.inactivity.hide()
        for name in ("auth", "menu", "att_choice", "oc_notice"):
            visit.window.show_state(name)
            _settle(qapp)
            assert visit.window.grab().save(str(SCREENS_DIR / f"en-{name}.png"))
    finally:
        i18n.set_language(Language.FR)
    assert not left, "\n".join(left)


def test_every_screen_in_french_has_no_english(qapp: QApplication, visit: Any) -> None:
    i18n.set_language(Language.EN)  # there and back: the French sources come back
    i18n.set_language(Language.FR)
    left = _leftovers(visit, ENGLISH)
    assert not left, "\n".join(left)


def test_english_texts_fit(qapp: QApplication, visit: Any) -> None:
    i18n.set_language(Language.EN)
    try:
        cut = []
        for screen in _public_screens(visit):
            visit.window.show_state(str(screen.name))
            _settle(qapp)
            cut += [why for *_, why in _cut_texts(screen)]
    finally:
        i18n.set_language(Language.FR)
    assert not cut, "\n".join(cut)


def test_the_switch_is_on_every_screen_and_french_comes_back_when_the_visit_ends(qapp: QApplication,
                                                                                    visit: Any) -> None:
    window = visit.window
    headed = [s for s in _public_screens(visit) if s.title_label is not None]
    assert len(headed) > 20 and all(s.display_toggles.isVisibleTo(s) for s in headed)
    window.show_state("menu")
    window.screens["menu"].display_toggles.languages[Language.EN].click()
    _settle(qapp)
    assert i18n.current_language() is Language.EN
    assert window.screens["menu"].title_label.text() == "MY SERVICES"
    assert window.screens["auth"].display_toggles.languages[Language.EN].isChecked()
    visit.journey.session_wiped.emit()
    _settle(qapp)
    assert i18n.current_language() is Language.FR
    assert window.screens["menu"].title_label.text() == "MES SERVICES"


def test_the_catalogue_is_complete_and_the_shipped_qm_is_built_from_it(tmp_path: Path) -> None:
    tree = ET.parse(TS)
    messages = list(tree.getroot().iter("message"))
    assert len(messages) > 150
    unfinished = [m.find("source").text for m in messages if m.find("translation").get("type") == "unfinished"]
    assert not unfinished, unfinished
    # every marked text of the sources is in the .ts (lupdate on a copy finds nothing new)
    copy = tmp_path / TS.name
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "bms_kiosk").rglob("*.py")
                     if "QT_TRANSLATE_NOOP" in p.read_text(encoding="utf-8")
                     or "translate(" in p.read_text(encoding="utf-8"))
    run = subprocess.run([str(VENV_BIN / "pyside6-lupdate"), "-no-obsolete", "-locations", "none", *sources,
                          "-ts", str(copy)], capture_output=True, text=True, check=True)
    assert "0 new" in run.stdout, run.stdout
    # the .qm in the package is lrelease's output for this .ts
    built = tmp_path / "en.qm"
    subprocess.run([str(VENV_BIN / "pyside6-lrelease"), "-silent", str(TS), "-qm", str(built)], check=True)
    assert built.read_bytes() == i18n.catalogue_path(Language.EN).read_bytes()


def test_an_attestation_visit_in_english_says_the_paper_is_french(qapp: QApplication, visit: Any) -> None:
    """The visit goes on in English: the option, the document on screen, printed, the end."""
    window, journey = visit.window, visit.journey
    journey.home()
    _settle(qapp, lambda: journey.state == "menu")
    journey.choose_service("attestation")
    _settle(qapp, lambda: journey.state == "att_choice")
    window.screens["att_choice"].display_toggles.languages[Language.EN].click()
    seen, left = [], []

    def check() -> None:
        _settle(qapp)
        screen = window.current
        seen.append(str(screen.name))
        left.extend(f"{screen.name}: {text!r}" for text in _shown(screen) if _words_in(text, FRENCH, visit))

    window.screens["att_choice"].choices.buttons()[0].click()
    window.screens["att_choice"].primary_button.click()
    _settle(qapp, lambda: journey.state in ("att_option", "att_preview"), timeout=20)
    if journey.state == "att_option":
        check()
        for answer in window.screens["att_option"].answers.values():
            answer.yes.click()
        window.screens["att_option"].primary_button.click()
        _settle(qapp, lambda: journey.state == "att_preview", timeout=20)
    check()
    preview = window.screens["att_preview"]
    assert preview.in_french.isVisibleTo(preview) and "French" in preview.in_french.text()
    assert window.grab().save(str(SCREENS_DIR / "en-att_preview.png"))
    preview.primary_button.click()
    _settle(qapp, lambda: journey.state == "att_printed", timeout=30)
    check()
    assert i18n.current_language() is Language.EN  # kept for the whole visit
    assert seen[-2:] == ["att_preview", "att_printed"]
    assert not left, "\n".join(left)
