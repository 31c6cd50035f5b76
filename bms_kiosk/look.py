"""How the screens look for this visit: large text and high contrast (the header's "Aa" and ◐ toggles).

One style sheet, ``assets/kiosk.qss``, is written in the normal palette. The other looks are
generated from it, so a rule added there exists in every look:

- high contrast: every colour is replaced through ``HIGH_CONTRAST`` (one row per colour of the
  sheet: what it becomes as text, as a background, as a border); a rule whose text would then sit
  under 7:1 on its own background takes black or white, whichever reads better;
- large text: every ``font-size`` × ``LARGE_TEXT_SCALE`` up to ``LARGE_TEXT_CEILING`` (headlines
  already that large stay as they are), and the header may grow to take a
  title on two lines.

Both are kept for the visit and dropped when it ends (``reset()`` on the session wipe).
``tests/test_accessibility.py`` computes every contrast pair of both palettes (WCAG 2 relative luminance).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from bms_kiosk.assets import STYLE_SHEET

log = logging.getLogger(__name__)

LARGE_TEXT_SCALE = 1.5  # EN 301 549 5.1.4: 0.7° at arm's length; 1.5× our 28–40 px body text
LARGE_TEXT_CEILING = 72  # px: a headline already that large grows no further (it must still fit)
HEADER_GROWTH = 2  # large text: the header may grow to twice its height (a title on two lines)
TEXT_CONTRAST_HIGH = 7.0  # WCAG 1.4.6 (AAA)
TEXT_CONTRAST_NORMAL = 4.5  # WCAG 1.4.3 (AA)
BOUNDARY_CONTRAST = 3.0  # WCAG 1.4.11: a control's edge against what it sits on
BLACK, WHITE = "#000000", "#ffffff"

# normal colour: (as text, as background, as border) in high contrast; None: not used that way
HIGH_CONTRAST: dict[str, tuple[str | None, str | None, str | None]] = {
    "#1b1b1b": ("#ffffff", None, None),
    "#ffffff": ("#ffffff", "#000000", "#000000"),
    "#1d3a6e": ("#ffff00", "#ffff00", "#ffff00"),  # the kiosk's blue: yellow on black
    "#eef1f6": (None, "#000000", None),
    "#333333": ("#ffffff", None, None),
    "#a4161a": ("#ff9e9e", "#ff9e9e", "#ff9e9e"),
    "#5a1e00": ("#ffff00", None, None),
    "#fff3cd": (None, "#000000", None),
    "#dce4f2": (None, "#404040", None),
    "#6b6b6b": ("#d0d0d0", None, None),
    "#767676": (None, None, "#d0d0d0"),
    "#f0f0f0": (None, "#000000", None),
    "#1d6e3a": ("#7dff7d", "#ffff00", "#ffff00"),
    "#5c5c5c": ("#d0d0d0", None, None),
    "#d9d9d9": (None, "#000000", None),
    "#d0d7e2": (None, None, "#d0d0d0"),
}
TEXT, BACKGROUND, BORDER = 0, 1, 2
_KIND = {"color": TEXT, "background": BACKGROUND, "background-color": BACKGROUND,
         "border": BORDER, "border-color": BORDER, "border-bottom": BORDER, "border-top": BORDER,
         "border-left": BORDER, "border-right": BORDER}
HEX = re.compile(r"#[0-9a-fA-F]{6}\b")
RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
FONT_SIZE = re.compile(r"(font-size:\s*)(\d+)px")
# large text: keys sized for one character that also carry a word (EFFACER) grow with their text,
# choice rows give their text the room of their left margin
LARGE_TEXT_EXTRA = ("QPushButton#padKey { min-width: 250px; max-width: 250px; }\n"
                    "QPushButton#choice { padding-left: 12px; }\n")  # two organismes side by side
HEADER = re.compile(r"(QWidget#header\s*\{[^}]*)")
HEADER_MAX = re.compile(r"(max-height:\s*)(\d+)px")


@dataclass(frozen=True)
class Look:
    large_text: bool = False
    high_contrast: bool = False


NORMAL = Look()
_APPLIED = "bmsLook"  # the look a widget was last styled for


class UnmappedColourError(KeyError):
    """A colour of kiosk.qss has no high-contrast counterpart for that use: add a row to HIGH_CONTRAST."""


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours (1 to 21)."""
    la, lb = relative_luminance(a), relative_luminance(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def relative_luminance(colour: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _high_contrast_colour(colour: str, kind: int) -> str:
    row = HIGH_CONTRAST.get(colour.lower())
    if row is None or row[kind] is None:
        raise UnmappedColourError(f"{colour} as {('text', 'background', 'border')[kind]}")
    return row[kind]  # type: ignore[return-value]


def _high_contrast_rule(body: str, strict: bool) -> str:
    out = []
    for decl in body.split(";"):
        prop, sep, value = decl.partition(":")
        kind = _KIND.get(prop.strip())
        if sep and kind is not None:
            def swap(m: re.Match[str], kind: int = kind) -> str:
                try:
                    return _high_contrast_colour(m.group(0), kind)
                except UnmappedColourError:
                    if strict:
                        raise
                    log.error("high contrast: %s has no counterpart, kept", m.group(0))
                    return m.group(0)
            value = HEX.sub(swap, value)
        out.append(f"{prop}{sep}{value}")
    declarations = declared(";".join(out))
    fg, bg = declarations.get("color"), declarations.get("background")
    if fg and bg and HEX.fullmatch(fg) and HEX.fullmatch(bg) and contrast_ratio(fg, bg) < TEXT_CONTRAST_HIGH:
        best = max((BLACK, WHITE), key=lambda c: contrast_ratio(c, bg))
        out = [re.sub(r"(^\s*color:\s*)#[0-9a-fA-F]{6}", rf"\g<1>{best}", d) for d in out]
    return ";".join(out)


def declared(body: str) -> dict[str, str]:
    """A rule's declarations as {property: value}."""
    found = {}
    for decl in body.split(";"):
        prop, sep, value = decl.partition(":")
        if sep:
            found[prop.strip()] = value.strip()
    return found


def rules(sheet: str) -> list[tuple[str, str]]:
    """(selector, body) of every rule, comments dropped."""
    sheet = re.sub(r"/\*.*?\*/", "", sheet, flags=re.S)
    return [(sel.strip(), body) for sel, body in RULE.findall(sheet)]


def generate(base: str, look: Look, *, strict: bool = False) -> str:
    """The style sheet of ``look`` from the normal one; ``strict``: an unmapped colour raises."""
    sheet = re.sub(r"/\*.*?\*/", "", base, flags=re.S)
    if look.high_contrast:
        sheet = RULE.sub(lambda m: f"{m.group(1)}{{{_high_contrast_rule(m.group(2), strict)}}}", sheet)
    if look.large_text:
        sheet = FONT_SIZE.sub(lambda m: f"{m.group(1)}{large_size(int(m.group(2)))}px", sheet)
        sheet = HEADER.sub(lambda m: HEADER_MAX.sub(
            lambda h: f"{h.group(1)}{int(h.group(2)) * HEADER_GROWTH}px", m.group(1)), sheet)
        sheet += LARGE_TEXT_EXTRA
    return sheet


def large_size(px: int) -> int:
    """A font size in large text: 1.5×, up to the ceiling; a larger one is kept."""
    return max(px, min(round(px * LARGE_TEXT_SCALE), LARGE_TEXT_CEILING))


@lru_cache(maxsize=4)
def style_sheet(look: Look = NORMAL) -> str:
    return generate(STYLE_SHEET.read_text(encoding="utf-8"), look)


class LookNotifier(QObject):
    lookChanged = Signal(object)  # noqa: N815 (Qt naming) — the new Look


_state: dict[str, object] = {"look": NORMAL, "notifier": None}


def notifier() -> LookNotifier:
    if _state["notifier"] is None:
        _state["notifier"] = LookNotifier()
    return _state["notifier"]  # type: ignore[return-value]


def current_look() -> Look:
    return _state["look"]  # type: ignore[return-value]


def set_look(look: Look) -> None:
    """Show ``look`` from now on; emits ``lookChanged`` (the window restyles what is visible)."""
    if look == current_look():
        return
    _state["look"] = look
    log.info("look: large text %s, high contrast %s", look.large_text, look.high_contrast)
    notifier().lookChanged.emit(look)


def apply(widget: QWidget) -> None:
    """Give ``widget`` the current look (its own style sheet over the application's normal one).

    Restyling the whole application takes about 2 s on the kiosk's 2 cores (every widget of
    every screen); one screen takes a few tens of ms, so the window restyles the screen it shows
    and the others when they are shown."""
    current = current_look()
    applied = widget.property(_APPLIED)
    if applied == repr(current) or (applied is None and current == NORMAL):
        return  # (never restyled: it has the application's normal sheet; setting "" would repolish it)
    widget.setStyleSheet("" if current == NORMAL else style_sheet(current))
    widget.setProperty(_APPLIED, repr(current))


def toggle_large_text() -> None:
    set_look(replace(current_look(), large_text=not current_look().large_text))


def toggle_high_contrast() -> None:
    set_look(replace(current_look(), high_contrast=not current_look().high_contrast))


def reset() -> None:
    """The visit ended: the normal look."""
    set_look(NORMAL)
