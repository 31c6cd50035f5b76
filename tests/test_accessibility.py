"""Large text, high contrast, French and English (issue 18, items 3, 4 and 6): computed, not eyeballed.

- the contrast of every text / background and control / background pair of both palettes,
  computed from the style sheets (WCAG 2 relative luminance);
- every actionable widget of every screen of a visit, measured on the rendered window at
  1920×1080 in the normal look and in large text (≥ 80 px, ≥ 16 px apart); no text cut in large
  text;
- every screen in English has no French left (and its help, the inactivity warning), in French no
  English, in English every text fits; the catalogue is complete and the shipped .qm built from it.

The kiosk runs once for the module: simulated cards, the embedded reference backend, one visit
(famille4 logged in) so the screens hold a person's data; what that data says (names, dates,
organismes) is the same in both languages and is taken out before looking for words. The tests
that end or move the visit come last.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path
from typing import Any, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QEventLoop, QRect
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QApplication, QLabel, QPushButton, QStyle, QStyleOptionButton

from bms_client.client import SmsCodeSent
from bms_kiosk import i18n, look
from bms_kiosk.assets import STYLE_SHEET
from bms_kiosk.i18n import DEFAULT as DEFAULT_LANGUAGE, Language
from bms_kiosk.look import (BOUNDARY_CONTRAST, HIGH_CONTRAST, LARGE_TEXT_CEILING, NORMAL, TEXT_CONTRAST_HIGH,
                            TEXT_CONTRAST_NORMAL, Look, contrast_ratio, declared, generate, rules)
from tests.support.kiosk import SCREENS_DIR

TARGET_PX = 80  # EN 301 549 / kiosk practice at 1080p: 80 px ≈ 2 cm on a 22" screen
TARGET_GAP_PX = 16
SCREENS_DIR.mkdir(parents=True, exist_ok=True)
LARGE = Look(large_text=True)
CONTRAST = Look(high_contrast=True)
TECHNICIAN_SCREENS = {"maintenance", "tech_code"}  # technicians' own, not a visit's (small controls)
CONTROLS = ("QPushButton", "QProgressBar", "QTabBar::tab")


# --- contrast, from the style sheets

def _sheet(palette: Look) -> list[tuple[str, dict[str, str]]]:
    return [(sel, declared(body)) for sel, body in rules(generate(STYLE_SHEET.read_text(encoding="utf-8"),
                                                                  palette, strict=True))]


def _colour(value: str | None) -> str | None:
    """The #rrggbb of a colour or border value; None for none or a translucent rgba."""
    if not value:
        return None
    found = [w for w in value.replace(",", " ").split() if w.startswith("#") and len(w) == 7]
    return found[0].lower() if found else None


def _effective(sheet: list[tuple[str, dict[str, str]]], selector: str) -> dict[str, str]:
    """A control's declarations in cascade order: type, type:state, type#name, type#name:state."""
    import re

    last = selector.split()[-1]
    kind, name, state = re.fullmatch(r"([A-Za-z:]+?)(?:#(\w+))?(?::(\w+))?", last).groups()
    chain = [kind, f"{kind}:{state}" if state else None, f"{kind}#{name}" if name else None, last]
    merged: dict[str, str] = {}
    for wanted in dict.fromkeys(c for c in chain if c):
        for sel, decl in sheet:
            if sel.split()[-1] == wanted and (sel == wanted or sel == selector):
                merged.update(decl)
    return merged


def _surfaces(sheet: list[tuple[str, dict[str, str]]]) -> dict[str, str]:
    """What a text or a control sits on: the body, the footer band, the dialog, the header band."""
    found = {}
    for where, sel in (("body", "QWidget"), ("footer", "QWidget#footer"), ("dialog", "QFrame#dialog"),
                       ("header", "QWidget#header")):
        found[where] = _colour(dict(sheet)[sel]["background"])
    return found


def _pairs(palette: Look) -> Iterator[tuple[str, str, str, str, str]]:
    """(kind, selector, on, colour, background) of every pair to compute."""
    sheet = _sheet(palette)
    surfaces = _surfaces(sheet)
    for selector, decl in sheet:
        if not any(k in decl for k in ("color", "background", "border", "border-color")):
            continue
        in_header = "#home" in selector or "#headerToggle" in selector or "#title" in selector
        under = {"header": surfaces["header"]} if in_header else \
            {k: v for k, v in surfaces.items() if k != "header"}
        last = selector.split()[-1]
        is_control = last.startswith(CONTROLS) and ("::" not in last or last.startswith("QTabBar::tab"))
        if "::" in last and not is_control:
            continue  # a part drawn inside a control (a bar's chunk, a scroll handle): no text of its own
        merged = {**dict(sheet)["QWidget"], **(_effective(sheet, selector) if is_control else decl)}
        fg, bg = _colour(merged.get("color")), _colour(merged.get("background"))
        if "color" in decl or (is_control and "background" in decl):
            for on, surface in ({"own": bg} if bg else under).items():
                yield "text", selector, on, fg, surface
        if is_control:
            edge = _colour(merged.get("border-color")) or _colour(merged.get("border"))
            if merged.get("border") == "none" and "underline" in merged.get("text-decoration", ""):
                edge, bg = fg, None  # a link: its underlined text is its edge
            for on, surface in under.items():
                best = max((c for c in (edge, bg) if c), key=lambda c: contrast_ratio(c, surface))
                yield "boundary", selector, on, best, surface


@pytest.mark.parametrize("palette,text_min", [(NORMAL, TEXT_CONTRAST_NORMAL), (CONTRAST, TEXT_CONTRAST_HIGH)],
                         ids=["normal", "high-contrast"])
def test_every_contrast_pair_of_the_style_sheets(palette: Look, text_min: float) -> None:
    pairs = list(_pairs(palette))
    assert len(pairs) > 40  # the sheets were read
    low = []
    for kind, selector, on, colour, background in pairs:
        ratio = contrast_ratio(colour, background)
        if ratio < (text_min if kind == "text" else BOUNDARY_CONTRAST):
            low.append(f"{kind} {selector} on {on}: {colour} / {background} = {ratio:.2f}")
    assert not low, "\n".join(low)
    # disabled controls are counted, not exempted
    assert any(kind == "boundary" and ":disabled" in sel for kind, sel, *_ in pairs)


def test_every_colour_of_the_sheet_has_a_high_contrast_counterpart() -> None:
    generate(STYLE_SHEET.read_text(encoding="utf-8"), CONTRAST, strict=True)  # raises on a missing row
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert all(len(row) == 3 for row in HIGH_CONTRAST.values())


def test_large_text_is_at_least_one_and_a_half_times_up_to_the_headline_size() -> None:
    base = {sel: declared(b) for sel, b in rules(STYLE_SHEET.read_text(encoding="utf-8"))}
    large: dict[str, dict[str, str]] = {}
    for sel, b in rules(generate(STYLE_SHEET.read_text(encoding="utf-8"), LARGE)):
        large.setdefault(sel, {}).update(declared(b))  # a selector may come twice (the large keys)
    sizes = [(sel, d["font-size"]) for sel, d in base.items() if "font-size" in d]
    assert len(sizes) > 20
    grown = 0
    for sel, size in sizes:
        before, after = int(size.removesuffix("px")), int(large[sel]["font-size"].removesuffix("px"))
        assert after >= min(1.5 * before, LARGE_TEXT_CEILING) and after >= before, sel
        grown += after >= 1.5 * before
    assert grown >= len(sizes) - 5  # only headlines stop at the ceiling


# --- the rendered screens

def _lay_out() -> None:
    """The layouts of what was just shown or restyled, without painting (a walk measures, it does not look)."""
    for _ in range(3):  # a layout's request can post its parent's
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def _settle(app: QApplication, until: Any = lambda: True, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if until():
            return
        assert time.monotonic() < deadline, "timed out"


@pytest.fixture(scope="module")
def visit(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The kiosk after famille4 logged in: the screens hold a person's data."""
    from bms_kiosk.app import build_kiosk
    from bms_kiosk.hardware.virtual_card import SimulatedCardSource, shipped_cards
    from bms_kiosk.settings import Config

    tmp = tmp_path_factory.mktemp("look")
    source = SimulatedCardSource()
    kiosk = build_kiosk(Config({"hide_cursor": False, "payment_outbox_dir": str(tmp / "outbox"),
                                "demo_output_dir": str(tmp / "out")}), source)
    kiosk.start()
    journey, window = kiosk.journey, kiosk.window
    _settle(qapp, lambda: journey.state == "attract")
    source.insert(shipped_cards()["famille4"])
    _settle(qapp, lambda: journey.state == "auth")
    window.auth.type_code("1234")
    window.auth.primary_button.click()
    _settle(qapp, lambda: journey.state == "oc_notice")
    window.screens["oc_notice"].primary_button.click()  # the choice of organisme, with the people
    _settle(qapp, lambda: journey.state == "oc_choice")
    journey.home()
    _settle(qapp, lambda: journey.state == "menu")
    window.menu.choices.buttons()[window.menu.choices.values.index("attestation")].click()
    _settle(qapp, lambda: journey.state == "att_choice")
    # the SMS code screen as it is after a code was sent: its message and its note shown
    window.screens["auth_sms"].show_sent(SmsCodeSent("06 ** ** ** 78", validity_seconds=300, code_length=6))
    yield kiosk
    look.reset()
    i18n.reset()
    kiosk.shutdown()


def _public_screens(kiosk: Any) -> list[Any]:
    """Every screen of a visit: those not built yet too (the window builds them in idle turns of the
    event loop, so a walk over the ones built so far covered more or fewer screens from run to run)."""
    kiosk.window.build_all()
    return [s for name, s in kiosk.window.screens.items() if name not in TECHNICIAN_SCREENS]


def _show(qapp: QApplication, kiosk: Any, screen: Any) -> None:
    look.apply(screen)
    kiosk.window.stack.setCurrentWidget(screen)
    _settle(qapp)


def _rect(widget: Any, window: Any) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def _gap(a: QRect, b: QRect) -> int:
    dx = max(b.left() - a.right() - 1, a.left() - b.right() - 1)
    dy = max(b.top() - a.bottom() - 1, a.top() - b.bottom() - 1)
    return max(dx, dy)


def _targets(kiosk: Any, screen: Any) -> list[tuple[str, QRect]]:
    window = kiosk.window
    found = []
    for widget in screen.findChildren(QAbstractButton):
        if widget.isVisibleTo(window) and widget.isEnabled():
            rect = _rect(widget, window).intersected(window.rect())
            viewport = widget.visibleRegion().boundingRect()
            if not rect.isEmpty() and not viewport.isEmpty() and viewport.height() == widget.height():
                found.append((f"{screen.name}: {widget.text() or widget.accessibleName()!r}", rect))
    return found


def _clipped(kiosk: Any, screen: Any) -> list[str]:
    """Buttons cut by the edge of what holds them (outside a scrolling list, where that is the point)."""
    bad = []
    for widget in screen.findChildren(QAbstractButton):
        inside_list = any(isinstance(p, QAbstractScrollArea) for p in _parents(widget, screen))
        if widget.isVisibleTo(kiosk.window) and not inside_list \
                and widget.visibleRegion().boundingRect().size() != widget.size():
            bad.append(f"{screen.name}: {widget.text() or widget.accessibleName()!r} is cut: "
                       f"{widget.visibleRegion().boundingRect().width()}×"
                       f"{widget.visibleRegion().boundingRect().height()} of {widget.width()}×{widget.height()}")
    return bad


def _parents(widget: Any, top: Any) -> Iterator[Any]:
    parent = widget.parentWidget()
    while parent is not None and parent is not top:
        yield parent
        parent = parent.parentWidget()


def _measure(kiosk: Any, screen: Any) -> list[str]:
    bad = _clipped(kiosk, screen)
    targets = _targets(kiosk, screen)
    for what, rect in targets:
        if rect.height() < TARGET_PX or rect.width() < TARGET_PX:
            bad.append(f"{what} {rect.width()}×{rect.height()} px")
    for (wa, ra), (wb, rb) in combinations(targets, 2):
        if _gap(ra, rb) < TARGET_GAP_PX:
            bad.append(f"{wa} and {wb}: {_gap(ra, rb)} px apart")
    return bad


def _cut_texts(screen: Any) -> list[tuple[str, str, str]]:
    """Labels and buttons whose text does not fit the room they were given."""
    cut = []
    for lab in screen.findChildren(QLabel):
        if not (lab.isVisibleTo(screen) and lab.text()) or lab.textFormat() != lab.textFormat().PlainText \
                and "<" in lab.text():
            continue
        room = lab.contentsRect()
        if lab.wordWrap():
            need = lab.heightForWidth(lab.width())
            if need > lab.height() + 1:
                cut.append((str(screen.name), lab.text(),
                            f"{screen.name}: {lab.text()[:40]!r} needs {need} px high, has {lab.height()}"))
        elif lab.fontMetrics().horizontalAdvance(lab.text()) > room.width() + 1:
            cut.append((str(screen.name), lab.text(), f"{screen.name}: {lab.text()[:40]!r} needs "
                        f"{lab.fontMetrics().horizontalAdvance(lab.text())} px wide, has {room.width()}"))
    for button in screen.findChildren(QPushButton):
        if not (button.isVisibleTo(screen) and button.text()):
            continue
        option = QStyleOptionButton()
        button.initStyleOption(option)
        room = button.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, button)
        need = max(button.fontMetrics().horizontalAdvance(line) for line in button.text().splitlines())
        if need > room.width() + 1:
            cut.append((str(screen.name), button.text().splitlines()[0],
                        f"{screen.name}: button {button.text()!r} needs {need} px wide, has {room.width()}"))
    return cut


LARGE_HC = Look(large_text=True, high_contrast=True)
SHOTS = ("auth", "menu", "att_choice", "oc_choice", "cr_reference")  # saved to build/screens to look at
_walks: dict[tuple[Look, Language], dict[str, Any]] = {}


def _walk(qapp: QApplication, kiosk: Any, palette: Look, language: Language) -> dict[str, Any]:
    """Every screen of the visit shown once in ``palette`` and ``language``: its targets, its cut
    texts, its texts, and in English its help; kept for the module (each walk is a few seconds)."""
    key = (palette, language)
    if key in _walks:
        return _walks[key]
    look.set_look(palette)
    i18n.set_language(language)
    window = kiosk.window
    walked: dict[str, Any] = {"targets": [], "cut": [], "texts": [], "help": [], "measured": 0}
    try:
        for screen in _public_screens(kiosk):
            window.show_state(str(screen.name))
            _lay_out()
            walked["measured"] += len(_targets(kiosk, screen))
            walked["targets"] += _measure(kiosk, screen)
            walked["cut"] += _cut_texts(screen)
            walked["texts"] += [(str(screen.name), t) for t in _shown(screen)]
            if screen.name in SHOTS and key != (NORMAL, DEFAULT_LANGUAGE):  # the others save the normal ones
                mode = "-".join(filter(None, ("large" if palette.large_text else "",
                                              "contrast" if palette.high_contrast else "",
                                              "en" if language is Language.EN else ""))) or "normal"
                assert window.grab().save(str(SCREENS_DIR / f"{mode}-{screen.name}.png"), "PNG", 100)  # fast
            if language is not DEFAULT_LANGUAGE and screen.help_button is not None:
                if not walked["help"]:  # the overlay once, then what it would show
                    screen.help_requested.emit()
                    walked["help"] += [(f"help of {screen.name}", t) for t in _shown(window.help)]
                    window.help.hide()
                walked["help"].append((f"help of {screen.name}", i18n.displayed(screen.help_text)))
        window.help.open("AIDE", "Suivez les indications à l'écran.")
        look.apply(window.help)
        _settle(qapp)
        walked["targets"] += _measure_one(window, window.help.button, "help overlay button")
        window.help.hide()
        if language is not DEFAULT_LANGUAGE:
            window._warn(20)
            _settle(qapp)
            walked["help"] += [("inactivity", t) for t in _shown(window.inactivity)]
            walked["inactivity"] = window.inactivity.text.text()
            window.inactivity.hide()
    finally:
        look.set_look(NORMAL)
        i18n.set_language(DEFAULT_LANGUAGE)
    _walks[key] = walked
    return walked


def _measure_one(window: Any, widget: Any, what: str) -> list[str]:
    rect = _rect(widget, window)
    return [f"{what} {rect.width()}×{rect.height()}"] if rect.height() < TARGET_PX or rect.width() < TARGET_PX else []


@pytest.mark.parametrize("palette", [NORMAL, LARGE_HC], ids=["normal", "large"])
def test_every_target_is_large_and_apart(qapp: QApplication, visit: Any, palette: Look) -> None:
    walked = _walk(qapp, visit, palette, DEFAULT_LANGUAGE)
    assert walked["measured"] > 100  # every screen's buttons were found
    assert not walked["targets"], "\n".join(walked["targets"])


def test_large_text_fits_every_screen(qapp: QApplication, visit: Any) -> None:
    cut = _walk(qapp, visit, LARGE_HC, DEFAULT_LANGUAGE)["cut"]
    assert not cut, "\n".join(why for _name, _text, why in cut)


# --- French and English

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


def _words_in(text: str, words: re.Pattern[str], data: list[str]) -> bool:
    """``words`` in ``text`` once the person's data and the proper names are taken out."""
    for item in (*data, *PROPER):
        text = text.replace(item, " ")
    return bool(words.search(text))


def _data(kiosk: Any) -> list[str]:
    return sorted(_personal(kiosk.journey.session, set()), key=len, reverse=True)


def test_every_screen_in_english_has_no_french_left(qapp: QApplication, visit: Any) -> None:
    walked, data = _walk(qapp, visit, NORMAL, Language.EN), _data(visit)
    left = [f"{where}: {text!r}" for where, text in walked["texts"] + walked["help"]
            if _words_in(text, FRENCH, data)]
    assert "20 seconds" in walked["inactivity"]
    assert len(walked["help"]) > 15  # every screen's help was read
    assert not left, "\n".join(left)


def test_every_screen_in_french_has_no_english(qapp: QApplication, visit: Any) -> None:
    _walk(qapp, visit, NORMAL, Language.EN)  # there and back: the French sources come back
    walked, data = _walk(qapp, visit, NORMAL, DEFAULT_LANGUAGE), _data(visit)
    left = [f"{where}: {text!r}" for where, text in walked["texts"] if _words_in(text, ENGLISH, data)]
    assert len(walked["texts"]) > 200
    assert not left, "\n".join(left)


def test_english_texts_fit(qapp: QApplication, visit: Any) -> None:
    cut = [why for *_, why in _walk(qapp, visit, NORMAL, Language.EN)["cut"]]
    assert not cut, "\n".join(cut)


def test_a_screen_is_translated_again_only_when_its_texts_or_the_language_changed(qapp: QApplication,
                                                                                  visit: Any) -> None:
    """The window's walk (every state change, every frame in English) is skipped when nothing was
    written since the last one; a text written since, or the other language, is walked."""
    from bms_kiosk.screens import texts
    from bms_kiosk.screens.translation import retranslate_changed

    window, screen = visit.window, visit.window.screens["end"]
    i18n.set_language(Language.EN)
    try:
        window.show_state("end")
        _settle(qapp)
        assert not retranslate_changed(screen)  # walked when shown, nothing written since
        screen.show_message(texts.UNAVAILABLE, texts.UNAVAILABLE_HINT)  # French, written during the visit
        assert retranslate_changed(screen)
        assert screen.title_text.text() == i18n.displayed(texts.UNAVAILABLE) != texts.UNAVAILABLE
        assert not retranslate_changed(screen)
        i18n.set_language(DEFAULT_LANGUAGE)  # the window walks the screen shown
        assert screen.title_text.text() == texts.UNAVAILABLE and not retranslate_changed(screen)
    finally:
        i18n.set_language(DEFAULT_LANGUAGE)
        screen.show_message(texts.REMOVE_CARD, texts.THANKS)


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



# --- last: these move or end the visit

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
        data = _data(visit)
        left.extend(f"{screen.name}: {text!r}" for text in _shown(screen) if _words_in(text, FRENCH, data))

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


def test_the_look_is_kept_for_the_visit_and_reset_when_it_ends(qapp: QApplication, visit: Any) -> None:
    look.reset()
    window = visit.window
    _show(qapp, visit, window.screens["att_choice"])
    toggles = window.screens["att_choice"].display_toggles
    title_px = window.screens["att_choice"].title_label.font().pixelSize()
    toggles.large_text.click()
    toggles.high_contrast.click()
    _settle(qapp)
    assert look.current_look() == Look(True, True)
    assert window.screens["att_choice"].title_label.font().pixelSize() >= 1.5 * title_px
    assert window.screens["menu"].display_toggles.high_contrast.isChecked()  # every header says so
    visit.journey.session_wiped.emit()
    _settle(qapp)
    assert look.current_look() == NORMAL
    assert not toggles.large_text.isChecked() and not toggles.high_contrast.isChecked()


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
    window.screens["att_printed"].title_label.text()  # a screen not shown now, translated earlier
    visit.journey.session_wiped.emit()
    _settle(qapp)
    assert i18n.current_language() is Language.FR
    assert window.screens["menu"].title_label.text() == "MES SERVICES"
    # every screen is French again, and the walk kept nothing of the visit on the widgets
    assert window.screens["att_printed"].title_label.text() == "MON ATTESTATION DE DROITS"
    kept = [w.property("bmsSource") for s in window.screens.values()
            for w in s.findChildren(QLabel) + s.findChildren(QAbstractButton) if w.property("bmsSource")]
    assert not [k for k in kept if "MARTIN" in k], kept
