"""Benchmark of the téléservices client against the reference server on loopback.

Prints, for each client call, the median and p99 latency; the créance lookups per second the
server sustains (several client threads, fixed duration); and the p99 of créance lookups sent
at a fixed 200 requests/s (open loop, bounded count). Loopback only; a temporary database.

    .venv/bin/python benchmarks/bench_client.py [--rounds 200] [--duration 5] [--rate 200] [--count 1000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bms_backend.runner import start_server_in_thread  # noqa: E402
from bms_client.client import BackendClient  # noqa: E402

FAMILLE4 = ["184037511203367", "286071305500401", "212057511208830", "115117511209126"]
DURAND = ["275096938301276"]
REF = "1234567890123456A"


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))]


def measure(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=200)
    ap.add_argument("--duration", type=float, default=5.0)
    ap.add_argument("--threads", type=int, default=8)
    ap.add_argument("--rate", type=float, default=200.0)
    ap.add_argument("--count", type=int, default=1000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server_in_thread(Path(tmp) / "bench.sqlite3")
        try:
            run(server, args)
        finally:
            server.stop()
    return 0


def new_client(server, nirs=DURAND) -> BackendClient:
    c = BackendClient(server.url, server.terminal_key, connect_timeout=2, read_timeout=10, retries=0)
    c.open_session(nirs, "1234")
    return c


def run(server, args) -> None:
    n = args.rounds
    print(f"reference server {server.url} — {n} calls each (ms)")
    print(f"{'call':28s} {'median':>8s} {'p99':>8s}")
    rows: list[tuple[str, list[float]]] = []
    c = new_client(server, FAMILLE4)

    def session_cycle():
        x = BackendClient(server.url, server.terminal_key, retries=0)
        x.open_session(DURAND, "1234")
        x.close_session()
    rows.append(("open_session+close (scrypt)", measure(session_cycle, max(20, n // 4))))
    rows.append(("rights", measure(c.rights, n)))
    rows.append(("attestation(all, exo)", measure(lambda: c.attestation(None, True), n)))
    rows.append(("oc_overlaps", measure(c.oc_overlaps, n)))
    rows.append(("messages", measure(c.messages, n)))
    d = new_client(server, DURAND)
    rows.append(("attestation_ij", measure(d.attestation_ij, n)))
    rows.append(("releve_fiscal", measure(d.releve_fiscal, n)))
    rows.append(("creance_lookup", measure(lambda: d.creance_lookup(REF), n)))
    rows.append(("pay_creance (order)", measure(lambda: d.pay_creance(REF, [], "16.00"), n)))
    orders = [d.pay_creance(REF, [], "16.00") for _ in range(n)]
    it = iter(orders)
    rows.append(("payment_result (failed)", measure(lambda: d.payment_result(next(it).payment_id, False), n)))
    for name, values in rows:
        print(f"{name:28s} {statistics.median(values):8.2f} {pct(values, 99):8.2f}")

    # sustained throughput of créance lookups: closed loop, N threads, fixed duration
    clients = [new_client(server, DURAND) for _ in range(args.threads)]
    stop = time.monotonic() + args.duration
    counts = [0] * args.threads
    errors = [0]

    def worker(i: int) -> None:
        while time.monotonic() < stop:
            try:
                clients[i].creance_lookup(REF)
                counts[i] += 1
            except Exception:
                errors[0] += 1
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.threads)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    print(f"\ncréance lookups sustained: {sum(counts) / elapsed:.0f} req/s "
          f"({args.threads} threads, {elapsed:.1f} s, {sum(counts)} ok, {errors[0]} errors)")

    # open loop at a fixed rate: latency from the scheduled send time (no coordinated omission)
    interval = 1.0 / args.rate
    pool_clients = [new_client(server, DURAND) for _ in range(32)]
    local = threading.local()
    lat: list[float] = []
    errs = [0]
    lock = threading.Lock()
    counter = iter(range(10 ** 9))

    def one(scheduled: float) -> None:
        if not hasattr(local, "c"):
            local.c = pool_clients[next(counter) % len(pool_clients)]
        try:
            local.c.creance_lookup(REF)
            ms = (time.perf_counter() - scheduled) * 1000
            with lock:
                lat.append(ms)
        except Exception:
            with lock:
                errs[0] += 1
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=32) as pool:
        for i in range(args.count):
            due = start + i * interval
            delay = due - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(one, due)
    total = time.perf_counter() - start
    print(f"créance lookups at {args.rate:.0f} req/s: {len(lat)} ok, {errs[0]} errors in {total:.1f} s — "
          f"median {statistics.median(lat):.2f} ms, p99 {pct(lat, 99):.2f} ms")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.cleanup import exit_on_signals

    exit_on_signals()  # killed or interrupted, it stops its servers and removes its folders
    sys.exit(main())
