"""The kiosk under test: the real app object, offscreen at 1920×1080, with a chosen card source."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Callable, Iterator

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication

from bms_kiosk.settings import Config

SCREENS_DIR = Path(__file__).resolve().parent.parent.parent / "build" / "screens"


@pytest.fixture
def make_kiosk(qtbot: Any, tmp_path: Path) -> Iterator[Callable[..., Any]]:
    """``make_kiosk(source, backend=None, printer=None, **settings)`` builds and starts the kiosk.

    ``backend`` None starts the embedded reference server; ``printer`` None follows the settings
    (no queue: the demo file printer into ``demo_output_dir``).
    """
    from bms_kiosk.app import build_kiosk

    built = []
    hook = sys.excepthook

    def make(source: Any, backend: Any = None, printer: Any = None, **settings: Any) -> Any:
        # never the machine's /var/lib/bms-kiosk or /var/log/bms-kiosk: each test its own
        config = Config({"hide_cursor": False, "payment_outbox_dir": str(tmp_path / "payment-outbox"),
                         "audit_log_path": str(tmp_path / "audit.jsonl"), **settings})
        kiosk = build_kiosk(config, source, backend=backend, printer=printer)
        built.append(kiosk)
        kiosk.start()
        qtbot.waitUntil(lambda: kiosk.journey.state is not None, timeout=5000)
        return kiosk

    yield make
    for kiosk in built:
        kiosk.shutdown()
    # the windows' deleteLater, now: a window left alive is re-polished by every later kiosk
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    sys.excepthook = hook


def save_screen(kiosk: Any, name: str) -> Path:
    """Render the whole window to build/screens/NAME.png (look at them)."""
    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENS_DIR / f"{name}.png"
    assert kiosk.window.grab().save(str(path))
    return path
