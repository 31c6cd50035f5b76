"""Test set-up shared by every test: Qt offscreen at the kiosk's screen size, fixtures of the real stack."""

from __future__ import annotations

import atexit
import json
import os
import tempfile
from pathlib import Path

# Qt reads these when the QApplication is created: set them before anything imports Qt.
# One file per run: two test runs on one machine never rewrite each other's.
_screen = Path(tempfile.gettempdir()) / f"bms-kiosk-offscreen-1920x1080-{os.getpid()}.json"
atexit.register(_screen.unlink, missing_ok=True)
_screen.write_text(json.dumps({"screens": [{"name": "kiosk", "x": 0, "y": 0, "width": 1920, "height": 1080}]}))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"
from bms_kiosk.assets import FONTS  # noqa: E402  (Qt-free)

os.environ.setdefault("QT_QPA_FONTDIR", str(FONTS))
os.environ.pop("BMS_KIOSK_CONFIG", None)

pytest_plugins = ["tests.support.pcsc", "tests.support.cups", "tests.support.backend", "tests.support.kiosk",
                  "tests.support.installed", "tests.support.payment"]

from bms_kiosk.logging_setup import install_record_masking  # noqa: E402

install_record_masking()
