"""Where the shipped files are: font, style sheet, icons."""

from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).resolve().parent.parent / "assets"
FONTS = ASSETS / "fonts"
ICONS = ASSETS / "icons"
STYLE_SHEET = ASSETS / "kiosk.qss"


def icon(name: str) -> Path:
    return ICONS / f"{name}.svg"
