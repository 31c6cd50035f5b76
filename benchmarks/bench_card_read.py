"""Card read timings: card inserted → beneficiaries decoded, through our pcscd + vpcd.

    .venv/bin/python benchmarks/bench_card_read.py [--runs 30] [--cards famille4 dix_neuf]

Starts its own private ``pcscd --foreground`` (beside any system one, see tests/support/pcsc.py). For each card and run: a simulated
card is plugged into vpcd, a ``PcscCardSource`` (poll 0.25 s) reports it; we time insertion →
CardInserted (pcscd's presence polling, ~0.4 s period), CardInserted → CardRead (the read
itself), and the whole. Then the read alone over ``PcscConnection``, and in-process.
"""

from __future__ import annotations

import argparse
import queue
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bms_kiosk.hardware.card_events import CardInserted, CardRead, CardRemoved  # noqa: E402
from bms_kiosk.hardware.pcsc import PcscCardSource, PcscConnection  # noqa: E402
from bms_kiosk.hardware.virtual_card import (InProcessConnection, VirtualVitale, VpcdCard,  # noqa: E402
                                             as_image, shipped_cards)
from bms_kiosk.hardware.vitale import ReadStats, read_vitale  # noqa: E402
from tests.support.pcsc import READER_NAMES, Pcscd, wait_card_state  # noqa: E402


def summary(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return f"median {statistics.median(ms):8.2f} ms   p95 {p95:8.2f} ms   (n={len(ms)})"


def wait(events: "queue.Queue[tuple[float, object]]", kind: type, timeout: float = 5.0) -> float:
    deadline = time.monotonic() + timeout
    while True:
        at, event = events.get(timeout=max(0.0, deadline - time.monotonic()))
        if isinstance(event, kind):
            return at


def bench_pcsc(daemon: Pcscd, name: str, runs: int) -> None:
    path = shipped_cards()[name]
    events: queue.Queue[tuple[float, object]] = queue.Queue()
    source = PcscCardSource(READER_NAMES[0], poll_delay=0.25)
    source.start(lambda e: events.put((time.perf_counter(), e)))
    detect, read, total = [], [], []
    try:
        for _ in range(runs):
            card = VpcdCard(path, port=daemon.ports[0])
            t0 = time.perf_counter()
            card.insert()
            t_ins = wait(events, CardInserted)
            t_read = wait(events, CardRead)
            detect.append(t_ins - t0)
            read.append(t_read - t_ins)
            total.append(t_read - t0)
            card.pull()
            wait(events, CardRemoved)
    finally:
        source.stop()
    print(f"{name}: insertion → CardRead      {summary(total)}")
    print(f"{name}:   insertion → CardInserted {summary(detect)}")
    print(f"{name}:   CardInserted → CardRead  {summary(read)}")

    card = VpcdCard(path, port=daemon.ports[0])
    card.insert()
    wait_card_state(0, present=True)
    direct = []
    stats = ReadStats()
    try:
        for _ in range(runs):
            with PcscConnection.open(READER_NAMES[0]) as conn:
                t0 = time.perf_counter()
                read_vitale(conn, stats=stats)
                direct.append(time.perf_counter() - t0)
    finally:
        card.pull()
        wait_card_state(0, present=False)
    print(f"{name}:   read_vitale over PC/SC   {summary(direct)}   {stats.apdus} APDUs/read, "
          f"{summary([d / stats.apdus for d in direct]).split('   p95')[0].replace('median', 'per APDU median')}")


def bench_in_process(name: str, runs: int) -> None:
    image = as_image(shipped_cards()[name])
    times = []
    stats = ReadStats()
    for _ in range(max(runs, 200)):
        conn = InProcessConnection(VirtualVitale(image))
        t0 = time.perf_counter()
        read_vitale(conn, stats=stats)
        times.append(time.perf_counter() - t0)
    print(f"{name}: read_vitale in-process     {summary(times)}   {stats.apdus} APDUs/read")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--cards", nargs="+", default=["famille4", "dix_neuf"])
    args = parser.parse_args()
    daemon = Pcscd()
    daemon.start()
    try:
        for name in args.cards:
            bench_pcsc(daemon, name, args.runs)
    finally:
        daemon.stop()
    for name in args.cards:
        bench_in_process(name, args.runs)
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.cleanup import exit_on_signals

    exit_on_signals()  # killed or interrupted, it stops its servers and removes its folders
    raise SystemExit(main())
