"""The cost of a state change on the GUI thread: ``KioskWindow.show_state``, and the frame after it.

The kiosk with the embedded reference backend and a simulated card, famille4 logged in (the
screens hold a person's data), offscreen at 1920×1080. The window goes round a cycle of screens
(menu, the code screens, the attestation's, the IJ's…) in French, in English, then in French again
(the window has translated once in this process), and prints for each the median and p95 of:

- ``show_state``: the call alone (look, the screen shown, its translation, the repaint asked);
- ``+ frame``: the call and the events after it until the event loop is idle (the frame painted,
  and in English the walk the window makes before painting);
- ``retranslate()``: the window's translation of what is shown, called alone after the frame.

    .venv/bin/python benchmarks/bench_state_change.py --rounds 30
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_screen = Path(tempfile.gettempdir()) / "bms-kiosk-offscreen-1920x1080.json"
_screen.write_text(json.dumps({"screens": [{"name": "k", "x": 0, "y": 0, "width": 1920, "height": 1080}]}))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"

from PySide6.QtCore import QEventLoop  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from bms_kiosk import i18n  # noqa: E402
from bms_kiosk.app import build_kiosk  # noqa: E402
from bms_kiosk.hardware.virtual_card import SimulatedCardSource, shipped_cards  # noqa: E402
from bms_kiosk.settings import Config  # noqa: E402

CYCLE = ("menu", "auth", "auth_sms", "att_choice", "att_preview", "ij_choice", "oc_notice", "end")


def _settle(app: QApplication, until=lambda: True, timeout: float = 20.0) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while True:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
        if until():
            return
        if time.monotonic() > deadline:
            raise TimeoutError("the kiosk did not get there")


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"median {statistics.median(ordered) * 1000:6.2f} ms  p95 {p95 * 1000:6.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30, help="times round the cycle of screens per language")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    tmp = Path(tempfile.mkdtemp(prefix="bms-bench-state-"))
    source = SimulatedCardSource()
    kiosk = build_kiosk(Config({"hide_cursor": False, "payment_outbox_dir": str(tmp / "outbox"),
                                "demo_output_dir": str(tmp / "out"), "metrics_port": 0}), source)
    kiosk.start()
    journey, window = kiosk.journey, kiosk.window
    window.show()
    _settle(app, lambda: journey.state == "attract")
    source.insert(shipped_cards()["famille4"])
    _settle(app, lambda: journey.state == "auth")
    window.auth.type_code("1234")
    window.auth.primary_button.click()
    _settle(app, lambda: journey.state not in ("auth",))
    states = [s for s in CYCLE if s in window._factories or s in window.screens]
    print(f"screens: {', '.join(states)}; {args.rounds} rounds per language")
    for language, label in ((i18n.Language.FR, "fr"), (i18n.Language.EN, "en"),
                            (i18n.Language.FR, "fr after en")):
        i18n.set_language(language)
        for state in states:  # each screen built and translated once before timing
            window.show_state(state)
            _settle(app)
        call, frame, walk = [], [], []
        for _ in range(args.rounds):
            for state in states:
                started = time.perf_counter()
                window.show_state(state)
                called = time.perf_counter()
                _settle(app)
                call.append(called - started)
                frame.append(time.perf_counter() - started)
                started = time.perf_counter()
                window.retranslate()  # what show_state asks of the translation, alone
                walk.append(time.perf_counter() - started)
        print(f"{label:>11}: show_state {_ms(call)}   + frame {_ms(frame)}   retranslate() {_ms(walk)}")
    i18n.set_language(i18n.Language.FR)
    kiosk.shutdown()


if __name__ == "__main__":
    main()
