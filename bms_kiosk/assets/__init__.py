"""The files the kiosk reads at run time, shipped inside this package: fonts, style sheet, icons.

Qt and reportlab open them by file name, so they are used from the installed package folder
(a wheel installs as plain files; the kiosk is never run from a zip).
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

ASSETS = Path(str(files(__name__)))
FONTS = ASSETS / "fonts"
ICONS = ASSETS / "icons"
STYLE_SHEET = ASSETS / "kiosk.qss"


def icon(name: str) -> Path:
    return ICONS / f"{name}.svg"
