"""Benchmark of a card payment: our side beside the simulated terminal's own time.

Two parts, each over ``--rounds`` payments (medians and p95, in ms), the simulator in its own
process on loopback, a cardholder who answers at once:
1. the Caisse-AP adapter alone (``PaymentTerminal.debit``), answer in one segment and split in 8:
   total time, the simulator's own time (request read → answer sent), and the difference —
   our adapter's overhead (connect, send, reading until complete, checks; loopback included);
2. the whole exactly-once path with the reference backend over HTTP and the outbox on disk:
   order recorded (``pay_creance``), PAYER → terminal asked (outbox ``in_flight`` fsync),
   terminal time, terminal answered → outcome recorded (fsync) → result acknowledged (HTTP post,
   entry removed).

    .venv/bin/python benchmarks/bench_payment.py [--rounds 200]
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bms_backend.runner import start_server_in_thread  # noqa: E402
from bms_kiosk.hardware.payment_terminal import PaymentTerminal  # noqa: E402
from bms_kiosk.hardware.payment_terminal_sim import SimulatorProcess  # noqa: E402
from bms_kiosk.payment.exactly_once import Step, take_payment  # noqa: E402
from bms_kiosk.payment.outbox import Outbox  # noqa: E402
from bms_client.client import BackendClient  # noqa: E402

DURAND = ["275096938301276"]
REF = "1234567890123456A"
TILL_ID = "BMSKIOSK0001"


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def row(name: str, values_ms: list[float]) -> None:
    print(f"  {name:<44} median {statistics.median(values_ms):8.2f} ms   p95 {pct(values_ms, 95):8.2f} ms")


def adapter_part(sim: SimulatorProcess, terminal: PaymentTerminal, rounds: int, segments: int) -> None:
    totals = []
    first = len(sim.control.timings())
    for i in range(rounds):
        sim.control.push(cardholder_delay=0.0, segments=segments, amount_width=12)
        t = time.perf_counter()
        terminal.debit(2550, f"bench-{segments}-{i}")
        totals.append((time.perf_counter() - t) * 1000)
    sim_ms = [s * 1000 for s in sim.control.timings()[first:]]
    print(f"adapter alone, answer in {segments} segment(s), {rounds} payments:")
    row("total (debit called → approval)", totals)
    row("simulator's own time", sim_ms)
    row("our overhead (total − simulator)", [a - b for a, b in zip(totals, sim_ms)])


def full_part(sim: SimulatorProcess, terminal: PaymentTerminal, rounds: int, tmp: Path) -> None:
    server = start_server_in_thread(tmp / "bench.sqlite3")
    try:
        client = BackendClient(server.url, server.terminal_key, terminal_id="BMS-BENCH-0001")
        client.open_session(DURAND, "1234")
        outbox = Outbox(tmp / "outbox")
        phases: dict[str, list[float]] = {k: [] for k in ("order", "asked", "terminal", "sim", "recorded", "posted")}
        first = len(sim.control.timings())
        for _ in range(rounds):
            with sqlite3.connect(server.db_path) as db:  # the temp db only: keep the créance payable
                db.execute("UPDATE creances SET remaining=initial WHERE reference=?", (REF,))
            marks: dict[Step, float] = {}
            t0 = time.perf_counter()
            order = client.pay_creance(REF, [], "16.00")
            t1 = time.perf_counter()
            sim.control.push(cardholder_delay=0.0, segments=4, amount_width=12)
            outcome = take_payment(order, terminal, outbox, client, lambda s: marks.setdefault(s, time.perf_counter()))
            assert outcome.acknowledged
            phases["order"].append((t1 - t0) * 1000)
            phases["asked"].append((marks[Step.TERMINAL_ASKED] - t1) * 1000)
            phases["terminal"].append((marks[Step.TERMINAL_ANSWERED] - marks[Step.TERMINAL_ASKED]) * 1000)
            phases["recorded"].append((marks[Step.OUTCOME_RECORDED] - marks[Step.TERMINAL_ANSWERED]) * 1000)
            phases["posted"].append((marks[Step.RESULT_POSTED] - marks[Step.OUTCOME_RECORDED]) * 1000)
        phases["sim"] = [s * 1000 for s in sim.control.timings()[first:]]
        print(f"exactly-once path, reference backend over HTTP, outbox on {tmp}, {rounds} payments:")
        row("order recorded on the backend (pay_creance)", phases["order"])
        row("PAYER → terminal asked (outbox in_flight)", phases["asked"])
        row("terminal asked → answered", phases["terminal"])
        row("  of which the simulator's own time", phases["sim"])
        row("  our overhead (answered − simulator)", [a - b for a, b in zip(phases["terminal"], phases["sim"])])
        row("answered → outcome recorded (fsync)", phases["recorded"])
        row("recorded → acknowledged (HTTP post, removed)", phases["posted"])
        row("terminal answered → result", [a + b for a, b in zip(phases["recorded"], phases["posted"])])
        client.close()
    finally:
        server.stop()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=200)
    args = ap.parse_args()
    if args.rounds < 100:
        ap.error("--rounds: at least 100")
    with tempfile.TemporaryDirectory() as tmp:
        sim = SimulatorProcess(debit_log=Path(tmp) / "debits.jsonl")
        try:
            terminal = PaymentTerminal("127.0.0.1", sim.port, till_protocol_id=TILL_ID)
            adapter_part(sim, terminal, args.rounds, 1)
            adapter_part(sim, terminal, args.rounds, 8)
            full_part(sim, terminal, args.rounds, Path(tmp))
        finally:
            sim.stop()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.cleanup import exit_on_signals

    exit_on_signals()  # killed or interrupted, it stops its servers and removes its folders
    sys.exit(main())
