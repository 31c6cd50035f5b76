"""Benchmark of the print path: document build, preview render, submit → completed.

Starts its own private cupsd (tests/support/cups.py) with the cups-pdf queue, so it needs the
same as the tests: root, cupsd, printer-driver-cups-pdf. Prints the figures; writes nothing
else than the private cupsd's temp dir (removed at the end).

    .venv/bin/python benchmarks/bench_print.py [--jobs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def line(name: str, values: list[float]) -> None:
    ms = [v * 1000 for v in values]
    print(f"{name:<52} n={len(ms):<3} median {statistics.median(ms):8.2f} ms   p95 {pct(ms, 95):8.2f} ms"
          f"   min {min(ms):8.2f} ms   max {max(ms):8.2f} ms")


def timed(fn: Callable[[], object], n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=20)
    args = parser.parse_args()

    from bms_kiosk.services.documents import build_attestation_pdf, build_receipt_pdf
    from tests.test_documents import CARDS_DIR, attestation_from_card, sample_receipt

    small = attestation_from_card(CARDS_DIR / "famille4.toml")
    big = attestation_from_card(CARDS_DIR / "dix_neuf.toml")
    build_attestation_pdf(small)  # fonts registered once per process
    print("== document build (reportlab, in memory)")
    line("attestation, 4 beneficiaries", timed(lambda: build_attestation_pdf(small), 50))
    line("attestation, 19 beneficiaries (2 pages)", timed(lambda: build_attestation_pdf(big), 50))
    line("créance receipt", timed(lambda: build_receipt_pdf(sample_receipt()), 50))
    pdf = build_attestation_pdf(small)

    print("== preview render (QtPdf, offscreen, 1200x860 widget)")
    from PySide6.QtWidgets import QApplication

    from bms_kiosk.screens.pdf_preview import PdfPreview

    app = QApplication.instance() or QApplication([])
    preview = PdfPreview()
    preview.resize(1200, 860)
    preview.show()
    app.processEvents()
    t = time.perf_counter()
    preview.set_pdf(pdf)
    preview.view.render_page()
    first = time.perf_counter() - t
    line("load from QBuffer + first render", [first])

    def rerender() -> None:
        preview.view._image = None  # drop the cache: a real render each time
        preview.view.render_page()

    line("render again (page on white, fitted)", timed(rerender, 50))

    def load_and_render() -> None:
        preview.set_pdf(pdf)
        preview.view.render_page()

    line("load + render (new document each time)", timed(load_and_render, 20))
    preview.clear()

    print(f"== submit → completed on the cups-pdf queue ({args.jobs} jobs each, interleaved)")
    import cups

    from bms_kiosk.hardware.cups_printer import CupsPrinter
    from tests.support.cups import start_private_cupsd

    server = start_private_cupsd()
    try:
        printer = CupsPrinter(server.pdf_queue, server=server.socket, timeout=60)
        printer.print_pdf(pdf, "attestation-droits")  # warm-up: filters, ghostscript
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "bench.pdf"  # the bare-pycups baseline needs a file
            path.write_bytes(pdf)

            def bare() -> None:
                conn = cups.Connection(host=server.socket)
                job = conn.printFile(server.pdf_queue, str(path), "attestation-droits", {})
                while conn.getJobAttributes(job, requested_attributes=["job-state"])["job-state"] != 9:
                    time.sleep(0.05)

            ours, base = [], []
            for _ in range(args.jobs):
                ours += timed(lambda: printer.print_pdf(pdf, "attestation-droits"), 1)
                base += timed(bare, 1)
        line("CupsPrinter.print_pdf (bytes API, new conn/poll)", ours)
        line("bare pycups printFile + poll job-state (50 ms)", base)
    finally:
        server.close()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.cleanup import exit_on_signals

    exit_on_signals()  # killed or interrupted, it stops its servers and removes its folders
    raise SystemExit(main())
