"""Cold start → attract screen painted, and RSS, beside a bare QApplication window.

Each run is a fresh Python process (offscreen, 1920×1080), timed from process spawn to the
first paint event of the attract screen. Prints median and p95 over --runs. "kiosk" is a
terminal's start (backend configured elsewhere); "demo" also starts the embedded reference
backend (FastAPI import, database seeding) before the window.

    .venv/bin/python benchmarks/bench_startup.py --runs 10
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import os, sys, time, json
t0 = float(sys.argv[2])
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

class FirstPaint(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint:
            t = time.time() - t0
            QTimer.singleShot(0, lambda: (print(json.dumps({"t": t, "rss": rss_mb()})), QApplication.instance().exit(0)))
            obj.removeEventFilter(self)
        return False

spy = FirstPaint()
if sys.argv[1] == "bare":
    app = QApplication([])
    w = QWidget()
    w.installEventFilter(spy)
    w.showFullScreen()
else:
    from bms_kiosk.settings import Config
    from bms_kiosk.app import build_kiosk
    settings = {"card_source": "simulated"}
    if sys.argv[1] == "kiosk":  # a terminal: the backend is elsewhere (only checked off the GUI thread)
        settings["backend_url"] = "http://127.0.0.1:9"
    kiosk = build_kiosk(Config(settings))
    kiosk.window.screens["attract"].installEventFilter(spy)
    kiosk.start()
    app = kiosk.app
sys.exit(app.exec())
"""


def run(kind: str) -> dict[str, float]:
    env = dict(os.environ)
    screen = Path(tempfile.gettempdir()) / "bms-kiosk-offscreen-1920x1080.json"
    screen.write_text(json.dumps({"screens": [{"name": "k", "x": 0, "y": 0, "width": 1920, "height": 1080}]}))
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    t0 = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD, kind, repr(t0)], env=env, capture_output=True,
                         text=True, timeout=60, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    run("kiosk")  # warm the file cache once, like a terminal that has booted before
    labels = {"bare": "bare QApplication window", "kiosk": "kiosk attract screen",
              "demo": "demo (embedded backend)"}
    for kind, label in labels.items():
        results = [run(kind) for _ in range(args.runs)]
        times = [r["t"] * 1000 for r in results]
        rss = [r["rss"] for r in results]
        print(f"{label:28s} cold start → first paint: median {statistics.median(times):6.0f} ms, "
              f"p95 {p95(times):6.0f} ms; RSS median {statistics.median(rss):5.0f} MB (n={args.runs})")


if __name__ == "__main__":
    main()
