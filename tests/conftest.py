"""Test set-up shared by every test: Qt offscreen at the kiosk's screen size, fixtures of the real stack."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

# Qt reads these when the QApplication is created: set them before anything imports Qt.
_screen = Path(tempfile.gettempdir()) / "bms-kiosk-offscreen-1920x1080.json"
_screen.write_text(json.dumps({"screens": [{"name": "kiosk", "x": 0, "y": 0, "width": 1920, "height": 1080}]}))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"
os.environ.setdefault("QT_QPA_FONTDIR", str(Path(__file__).resolve().parent.parent / "assets" / "fonts"))
os.environ.pop("BMS_KIOSK_CONFIG", None)

pytest_plugins = ["tests.support.pcsc", "tests.support.cups", "tests.support.backend", "tests.support.postgres", "tests.support.kiosk"]

from bms_kiosk.logging_setup import install_record_masking  # noqa: E402

install_record_masking()
