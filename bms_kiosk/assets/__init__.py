"""The files the kiosk reads at run time, shipped inside this package: fonts, style sheet, icons.

Qt and reportlab open them by file name, so they are used from the installed package folder
(a wheel installs as plain files; the kiosk is never run from a zip).
"""

from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).resolve().parent  # not importlib.resources: ~10 ms of the start-up for the same folder
FONTS = ASSETS / "fonts"
ICONS = ASSETS / "icons"
STYLE_SHEET = ASSETS / "kiosk.qss"


def icon(name: str) -> Path:
    return ICONS / f"{name}.svg"
