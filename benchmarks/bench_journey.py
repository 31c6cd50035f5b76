"""The attestation journey repeated with no think time; prints step times, GUI stalls and RSS.

Card: in-process simulated carte Vitale (the PC/SC path is measured by bench_card_read.py).
Backend: the reference server on loopback, in its own process (RSS is the kiosk's alone). Printer: a private cupsd with the cups-pdf queue
(``--file-printer`` for the demo file printer instead). Offscreen at 1920×1080.

    .venv/bin/python benchmarks/bench_journey.py --journeys 1000

Steps: card in → code screen; code → menu; CONFIRMER → document on screen; IMPRIMER → job
completed; the whole journey. The GUI stall is the worst lateness of a 10 ms timer.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
_screen = Path(tempfile.gettempdir()) / "bms-kiosk-offscreen-1920x1080.json"
_screen.write_text(json.dumps({"screens": [{"name": "k", "x": 0, "y": 0, "width": 1920, "height": 1080}]}))
os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_screen}"

from PySide6.QtCore import QElapsedTimer, QTimer  # noqa: E402

from bms_kiosk.app import Backend, build_kiosk  # noqa: E402
from bms_kiosk.settings import Config  # noqa: E402
from bms_kiosk.hardware.virtual_card import SimulatedCardSource, shipped_cards  # noqa: E402
from bms_kiosk.logging_setup import setup_logging  # noqa: E402
from benchmarks.cleanup import exit_on_signals, temp_dir  # noqa: E402


SERVER = r"""
import json, signal, sys, pathlib
from bms_backend.runner import start_server_in_thread
signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C: the benchmark stops it (stdin closed)
s = start_server_in_thread(pathlib.Path(sys.argv[1]) / "db.sqlite3")
print(json.dumps({"url": s.url, "key": s.terminal_key}), flush=True)
sys.stdin.read()
s.stop()
"""


def start_backend_process(folder: Path) -> tuple[subprocess.Popen[str], Backend]:
    """The reference server in its own process, so that its memory is not counted as the kiosk's; its
    database in ``folder`` (the benchmark's, removed at exit)."""
    proc = subprocess.Popen([sys.executable, "-c", SERVER, str(folder)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    info = json.loads(proc.stdout.readline())
    return proc, Backend(info["url"], info["key"])


def rss_mb() -> float:
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


class StallMeter:
    """A 10 ms timer measuring its own lateness: how long the GUI thread could not run it."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.clock = QElapsedTimer()
        self.clock.start()
        self.last = 0
        self.timer = QTimer(interval=10)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def tick(self) -> None:
        now = self.clock.elapsed()
        if self.last:
            self.worst = max(self.worst, (now - self.last - 10) / 1000)
        self.last = now


class Driver:
    def __init__(self, kiosk, source: SimulatedCardSource, journeys: int, checkpoints: set[int]) -> None:
        self.kiosk, self.source, self.left = kiosk, source, journeys
        self.checkpoints, self.done_count = checkpoints, 0
        self.times: dict[str, list[float]] = {k: [] for k in ("card→code", "code→menu", "confirmer→document",
                                                               "imprimer→imprimé", "journey")}
        self.mark = self.start = 0.0
        self.card = shipped_cards()["famille4"]
        kiosk.journey.state_entered.connect(self.on_state)

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.times[name].append(now - self.mark)
        self.mark = now

    def begin(self) -> None:
        self.start = self.mark = time.perf_counter()
        self.source.insert(self.card)

    def on_state(self, state: str) -> None:
        w = self.kiosk.window
        if state == "auth":
            self.lap("card→code")
            w.auth.type_code("1234")
            QTimer.singleShot(0, w.auth.primary_button.click)
        elif state == "oc_notice":  # an open overlap of complémentaires is shown at login: PLUS TARD
            QTimer.singleShot(0, w.screens["oc_notice"].later_button.click)
        elif state == "menu":
            self.lap("code→menu")
            QTimer.singleShot(0, lambda: w.menu.choices.buttons()[0].click())
        elif state == "att_choice":
            def choose() -> None:
                # one person with no option: straight to the document
                w.screens["att_choice"].choices.buttons()[4].click()
                self.mark = time.perf_counter()
                w.screens["att_choice"].primary_button.click()
            QTimer.singleShot(0, choose)
        elif state == "att_preview":
            self.lap("confirmer→document")
            QTimer.singleShot(0, w.screens["att_preview"].primary_button.click)
        elif state == "att_printed":
            self.lap("imprimer→imprimé")
            QTimer.singleShot(0, w.screens["att_printed"].primary_button.click)
        elif state == "end":
            QTimer.singleShot(0, self.source.pull)
        elif state == "attract" and self.start:
            self.times["journey"].append(time.perf_counter() - self.start)
            self.start = 0.0
            self.done_count += 1
            if self.done_count in self.checkpoints:
                print(f"RSS after {self.done_count:5d} journeys: {rss_mb():6.1f} MB", flush=True)
            self.left -= 1
            if self.left > 0:
                QTimer.singleShot(0, self.begin)
            else:
                QTimer.singleShot(0, lambda: self.kiosk.app.exit(0))
        elif state in ("unavailable", "att_print_failed", "att_outcome", "card_error"):
            print(f"unexpected state {state}", flush=True)
            self.kiosk.app.exit(1)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--journeys", type=int, default=1000)
    ap.add_argument("--file-printer", action="store_true")
    ap.add_argument("--log-level", default="WARNING")
    args = ap.parse_args()
    setup_logging(args.log_level)
    tmp = temp_dir("bms-bench-journey-")  # the PDFs, the spool, the backend's database: removed at exit
    os.chmod(tmp, 0o755)  # the CUPS filters run as lp
    with contextlib.ExitStack() as running:  # the servers stopped however the benchmark ends
        return run(args, tmp, running)


def run(args: argparse.Namespace, tmp: Path, running: contextlib.ExitStack) -> int:
    cupsd = printer = None
    settings: dict[str, object] = {"hide_cursor": False, "demo_output_dir": str(tmp / "paper")}
    if not args.file_printer:
        from bms_kiosk.hardware.cups_printer import CupsPrinter
        from tests.support.cups import start_private_cupsd

        cupsd = start_private_cupsd(tmp)
        running.callback(cupsd.close)
        printer = CupsPrinter(cupsd.pdf_queue, server=cupsd.socket, timeout=30)
    (tmp / "backend").mkdir()
    server, backend = start_backend_process(tmp / "backend")
    running.callback(server.communicate, "", timeout=15)
    source = SimulatedCardSource()
    kiosk = build_kiosk(Config(settings), source, backend=backend, printer=printer)
    driver = Driver(kiosk, source, args.journeys, {1, 100, 1000, args.journeys})
    stall = None

    def go() -> None:
        nonlocal stall
        stall = StallMeter()
        driver.begin()

    kiosk.journey.machine.started.connect(lambda: QTimer.singleShot(200, go))
    print(f"RSS at start: {rss_mb():.1f} MB; printer: {'cups-pdf on a private cupsd' if cupsd else 'file'}")
    kiosk.start()
    code = kiosk.app.exec()
    kiosk.shutdown()
    running.close()
    for name, values in driver.times.items():
        if values:
            print(f"{name:22s} median {statistics.median(values) * 1000:7.1f} ms   "
                  f"p95 {pct(values, 0.95) * 1000:7.1f} ms   (n={len(values)})")
    if stall is not None:
        print(f"longest GUI-thread stall: {stall.worst * 1000:.1f} ms")
    return code


if __name__ == "__main__":
    exit_on_signals()
    sys.exit(main())
