"""Cold start → attract screen painted, and RSS, beside a bare Qt window and a headless Chromium.

Each run is a fresh process (offscreen, 1920×1080), timed from process spawn. Prints median and p95
over --runs, then the two ratios of issue 13 (targets: kiosk ≤ 1.6 × the bare Qt window measured
in the same run; whole process ≤ 0.5 × a headless Chromium painting the same screen).

- "bare Qt window": an empty QWidget shown full screen (PySide6's own floor).
- "bare PySide6 page": the attract screen's words, picture and colours in plain widgets, no kiosk.
- "kiosk": ``bms-kiosk`` as a terminal starts (``build_kiosk(staged=True)``: the window with the
  attract screen, then the journey, card source and maintenance at the first paint); the backend
  is configured elsewhere (checked off the GUI thread).
- "demo": the same with the embedded reference backend (FastAPI import, database seeding).
- "Chromium page": ``chromium --headless --screenshot`` of an HTML page with the attract screen's
  content (Debian's ``chromium`` package: benchmark only, never a test dependency).

Three figures per kind: first paint (time to the attract screen's first paint event), whole
process (start, paint, exit asked at the first paint, process gone: teardown included), and for
the kiosk "ready" (the journey's machine running and the card source started); with the CPU time
of the whole process (user + system, its reaped children included), which a loaded machine
disturbs less than wall time. The kinds are run in turn, so each sees the same load.

Like a terminal's pip install, the sources are byte-compiled first (``compileall``): this machine
sets PYTHONDONTWRITEBYTECODE, which would otherwise recompile every module at every start.

    .venv/bin/python benchmarks/bench_startup.py --runs 10
"""

from __future__ import annotations

import argparse
import compileall
import html
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import os, sys, time, json
t0 = float(sys.argv[2]); mode = sys.argv[3]  # paint: exit at the first paint; ready: at the machine's start
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

def rss_mb():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024

report = {}

def done():
    report["rss"] = rss_mb()
    print(json.dumps(report), flush=True)
    QApplication.instance().exit(0)

class FirstPaint(QObject):
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and "t" not in report:
            report["t"] = time.time() - t0
            obj.removeEventFilter(self)
            if mode == "paint":
                done()  # the loop returns before anything queued after the paint runs
        return False

spy = FirstPaint()
kiosk = None
if sys.argv[1] == "bare":
    app = QApplication([])
    w = QWidget()
    w.installEventFilter(spy)
    w.showFullScreen()
elif sys.argv[1] == "page":
    from PySide6.QtCore import Qt
    from PySide6.QtSvgWidgets import QSvgWidget
    from PySide6.QtWidgets import QLabel, QVBoxLayout
    app = QApplication([])
    page = json.loads(sys.argv[4])
    w = QWidget()
    w.setStyleSheet(page["qss"])
    lay = QVBoxLayout(w)
    lay.addStretch(2)
    for kind, value in page["items"]:
        if kind == "svg":
            pic = QSvgWidget(value); pic.setFixedSize(360, 300)
            lay.addWidget(pic, 0, Qt.AlignmentFlag.AlignHCenter)
        else:
            lab = QLabel(value); lab.setObjectName(kind); lab.setWordWrap(True)
            lab.setAlignment(Qt.AlignmentFlag.AlignCenter)
            lay.addWidget(lab)
    lay.addStretch(3)
    w.installEventFilter(spy)
    w.showFullScreen()
else:
    from bms_kiosk.settings import Config
    from bms_kiosk.app import build_kiosk
    settings = {"card_source": "simulated", "hide_cursor": False,
                "payment_outbox_dir": sys.argv[4], "audit_log_path": sys.argv[4] + "/audit.jsonl",
                "demo_output_dir": sys.argv[4] + "/paper"}
    if sys.argv[1] == "kiosk":  # a terminal: the backend is elsewhere (only checked off the GUI thread)
        settings["backend_url"] = "http://127.0.0.1:9"
    kiosk = build_kiosk(Config(settings), staged=True)  # as bms-kiosk starts
    kiosk.window.screens["attract"].installEventFilter(spy)

    def ready():
        report["ready"] = time.time() - t0
        if mode == "ready":
            QTimer.singleShot(0, done)

    kiosk.when_ready(lambda k: k.journey.machine.started.connect(ready))
    kiosk.start()
    app = kiosk.app
code = app.exec()
if kiosk is not None:  # as bms-kiosk ends
    from bms_kiosk.app import exit_now
    kiosk.shutdown()
    exit_now(code)
sys.exit(code)
"""


def byte_compile() -> None:
    """What pip does at install time: a .pyc beside every module of the three distributions."""
    for name in ("bms_kiosk", "bms_client", "bms_backend"):
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                compileall.compile_dir(folder, quiet=1)


def offscreen_env() -> dict[str, str]:
    env = dict(os.environ)
    screen = Path(tempfile.gettempdir()) / "bms-kiosk-offscreen-1920x1080.json"
    screen.write_text(json.dumps({"screens": [{"name": "k", "x": 0, "y": 0, "width": 1920, "height": 1080}]}))
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={screen}"
    return env


def attract_content() -> list[tuple[str, str]]:
    """The attract screen's content, from the kiosk's own words and picture."""
    from bms_kiosk.assets import icon
    from bms_kiosk.screens import texts

    return [("subline", "Bienvenue sur la borne de l'Assurance Maladie"),
            ("svg", str(icon("carte-vitale-insertion"))),
            ("headline", texts.INSERT_CARD), ("subline", texts.INSERT_CARD_HINT)]


def page_qss() -> str:
    from bms_kiosk.assets import STYLE_SHEET

    wanted = ("QWidget {", "QLabel#headline", "QLabel#subline")
    return "\n".join(line for line in STYLE_SHEET.read_text(encoding="utf-8").splitlines() if line.startswith(wanted))


def attract_html(folder: Path) -> Path:
    """The same content as an HTML page: DejaVu Sans, the same sizes and colours, the same SVG."""
    from bms_kiosk.assets import FONTS

    parts = []
    for kind, value in attract_content():
        if kind == "svg":
            parts.append(f'<img src="{Path(value).as_uri()}" width="360" height="300" alt="">')
        else:
            parts.append(f'<p class="{kind}">{html.escape(value)}</p>')
    page = folder / "attract.html"
    page.write_text(f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Borne multi-services</title><style>
@font-face {{ font-family: "DejaVu Sans"; src: url("{(FONTS / 'DejaVuSans.ttf').as_uri()}"); }}
@font-face {{ font-family: "DejaVu Sans"; font-weight: bold; src: url("{(FONTS / 'DejaVuSans-Bold.ttf').as_uri()}"); }}
html, body {{ margin: 0; width: 1920px; height: 1080px; background: #ffffff; color: #1b1b1b;
              font-family: "DejaVu Sans"; overflow: hidden; }}
main {{ display: flex; flex-direction: column; align-items: center; justify-content: center; height: 100%; }}
p {{ margin: 12px 40px; text-align: center; }}
.headline {{ font-size: 64px; font-weight: bold; color: #1d3a6e; }}
.subline {{ font-size: 34px; color: #333333; }}
</style></head><body><main>{"".join(parts)}</main></body></html>
""", encoding="utf-8")
    return page


def _timed(argv: list[str], env: dict[str, str] | None = None) -> tuple[str, float, float]:
    """Runs a process to its end: its stdout, wall seconds from spawn to reaped, CPU seconds (it and
    the children it reaped: user + system), less sensitive than wall time to a loaded machine."""
    t0 = time.time()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.time() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{argv[:3]}… exited with {proc.returncode}")
    return out, wall, usage.ru_utime + usage.ru_stime


def run_qt(kind: str, mode: str, extra: str) -> dict[str, float]:
    t0 = time.time()
    out, wall, cpu = _timed([sys.executable, "-c", CHILD, kind, repr(t0), mode, extra], offscreen_env())
    result = json.loads(out.strip().splitlines()[-1])
    result["whole"], result["cpu"] = wall, cpu
    return result


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def run_chromium(browser: str, page: Path, profile: Path, shot: Path) -> dict[str, float]:
    _, wall, cpu = _timed([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                           "--no-first-run", f"--user-data-dir={profile}", "--window-size=1920,1080",
                           f"--screenshot={shot}", page.as_uri()])
    return {"whole": wall, "cpu": cpu}


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def line(label: str, what: str, values_ms: list[float], rss: list[float] | None = None) -> str:
    text = f"{label:28s} {what:22s} median {statistics.median(values_ms):6.0f} ms, p95 {p95(values_ms):6.0f} ms"
    if rss:
        text += f"; RSS median {statistics.median(rss):5.0f} MB"
    return text


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--no-demo", action="store_true", help="skip the demo (embedded backend)")
    ap.add_argument("--screenshot", help="keep Chromium's screenshot of the page here (PNG)")
    args = ap.parse_args()
    byte_compile()
    from benchmarks.cleanup import remove_at_exit

    work = remove_at_exit(tempfile.mkdtemp(prefix="bms-bench-startup-"))  # however the benchmark ends
    page_json = json.dumps({"qss": page_qss(), "items": attract_content()})
    extra = {"bare": "", "page": page_json, "kiosk": str(work / "state"), "demo": str(work / "state")}
    run_qt("kiosk", "paint", extra["kiosk"])  # warm the file cache once, like a terminal that has booted before
    labels = {"bare": "bare Qt window", "page": "bare PySide6 page", "kiosk": "kiosk attract screen",
              "demo": "demo (embedded backend)"}
    if args.no_demo:
        del labels["demo"]
    browser = chromium()
    page = attract_html(work)
    profile = work / "chromium-profile"
    shot = Path(args.screenshot) if args.screenshot else work / "attract.png"
    if browser is not None:
        run_chromium(browser, page, profile, shot)  # a profile that exists, like a kiosk browser's
    print(f"n={args.runs} per figure, offscreen 1920x1080, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} (kinds interleaved: each run of each kind sees the same load)")
    runs: dict[tuple[str, str], list[dict[str, float]]] = {}
    plan = [(kind, "paint") for kind in labels] + [(kind, "ready") for kind in labels if kind in ("kiosk", "demo")]
    for _ in range(args.runs):
        for kind, mode in plan:
            runs.setdefault((kind, mode), []).append(run_qt(kind, mode, extra[kind]))
        if browser is not None:
            runs.setdefault(("chromium", "whole"), []).append(run_chromium(browser, page, profile, shot))
    med: dict[str, dict[str, float]] = {}
    for kind, label in labels.items():
        paint = runs[(kind, "paint")]
        first, whole, cpu = ([r[k] * 1000 for r in paint] for k in ("t", "whole", "cpu"))
        med[kind] = {"paint": statistics.median(first), "whole": statistics.median(whole),
                     "cpu": statistics.median(cpu)}
        print(line(label, "cold start → paint", first, [r["rss"] for r in paint]))
        print(line(label, "start, paint, exit", whole) + f"; CPU median {statistics.median(cpu):5.0f} ms")
        if (kind, "ready") in runs:
            ready = runs[(kind, "ready")]
            print(line(label, "start → ready", [r["ready"] * 1000 for r in ready], [r["rss"] for r in ready]))
    if browser is None:
        print("Chromium page: no chromium here (apt-get install --no-install-recommends chromium)")
    else:
        whole = [r["whole"] * 1000 for r in runs[("chromium", "whole")]]
        cpu = [r["cpu"] * 1000 for r in runs[("chromium", "whole")]]
        med["chromium"] = {"whole": statistics.median(whole), "cpu": statistics.median(cpu)}
        print(line("Chromium page (headless)", "start, paint, exit", whole)
              + f"; CPU median {statistics.median(cpu):5.0f} ms")
    k = med["kiosk"]
    print(f"kiosk / bare Qt window, cold start → paint: {k['paint'] / med['bare']['paint']:.2f}× (target ≤ 1.6×)")
    if "chromium" in med:
        print(f"kiosk / Chromium page, start, paint, exit: {k['whole'] / med['chromium']['whole']:.2f}× "
              f"wall, {k['cpu'] / med['chromium']['cpu']:.2f}× CPU (target ≤ 0.5×)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.cleanup import exit_on_signals

    exit_on_signals()  # killed or interrupted, it stops its servers and removes its folders
    main()
