"""The reference backend under fixed-rate load: créance lookups and payment orders at 200, 500
and 1,000 requests/s, for SQLite with one process and PostgreSQL with 1, 2 and 4 workers.

Load generator: --generators processes of this script (default 2), each with asyncio and raw
HTTP/1.1 keep-alive connections (up to --connections in all), open loop — each sends its share
of the rate, request i due at t0 + i/rate, and its latency runs from that due time, so a server
that falls behind shows it (no coordinated omission). The generators share the machine's cores
with the server: the table gives the CPU time each side spent per request (server: all its
processes, from /proc; generator: its processes' own), so that a generator short of CPU shows.
Errors: any answer that is not 2xx, or no answer within 10 s. Each store is served by
``bms-backend serve`` in its own processes; PostgreSQL is a private cluster in a temp folder
(Debian's postgresql, as the tests).

Synthetic data: --accounts accounts, each with one large créance and an open session (written
straight into the database, so that the run measures the API, not the scrypt of the codes);
eligibility bounds are raised through a config file so that orders keep being accepted.

    .venv/bin/python benchmarks/bench_backend.py [--seconds 30] [--rates 200,500,1000]
        [--stores sqlite,pg1,pg2,pg4] [--calls lookup,order] [--generators 2]

Stores: ``sqlite`` (one process), ``sqliteN`` (N worker processes on one SQLite file), ``pgN``.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bms_backend.store import open_store, token_hash  # noqa: E402

CONFIG = 'creance_eligibility_max = "10000000"\nauth_session_delay = 86400\npayment_order_delay = 86400\n'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(db: str, accounts: int) -> tuple[str, list[tuple[str, str]]]:
    """Terminal key, and (session token, créance reference) per synthetic account."""
    store = open_store(db)
    key = store.issue_terminal("BMS-BENCH-0001", "2026-01-01T00:00:00+00:00")
    out = []
    with store.tx() as c:
        for i in range(accounts):
            nir = f"1{i:014d}"
            ref = f"{i:016d}Z"
            token = secrets.token_urlsafe(32)
            c.execute("INSERT INTO accounts (assure_nir, code_salt, code_hash, mobile, code_regime, caisse_code,"
                      " caisse_name, address_known) VALUES (?,?,?,?,?,?,?,?)",
                      (nir, b"s", b"h", "0600000000", "01", "751", "CPAM de Paris", 1))
            c.execute("INSERT INTO creances (reference, assure_nir, caisse, issued_on, initial, remaining)"
                      " VALUES (?,?,?,?,?,?)", (ref, nir, "CPAM de Paris", "2026-01-01", 10 ** 9, 10 ** 9))
            c.execute("INSERT INTO sessions VALUES (?,?,?,?,?)",
                      (token_hash(token), nir, f'["{nir}"]', "BMS-BENCH-0001", time.time() + 10 ** 6))
            out.append((token, ref))
    store.close()
    return key, out


class Server:
    def __init__(self, db: str, workers: int, config: str) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen([sys.executable, "-m", "bms_backend.cli", "--config", config, "serve",
                                      "--db", db, "--port", str(self.port), "--workers", str(workers)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)


async def _roundtrip(conn: tuple[asyncio.StreamReader, asyncio.StreamWriter], request: bytes) -> int:
    reader, writer = conn
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def load(port: int, make_request, rate: float, seconds: float,
               connections: int) -> tuple[list[float], int, float]:
    idle: asyncio.Queue = asyncio.Queue()
    opened = 0
    latencies: list[float] = []
    errors = 0

    async def one(i: int, due: float) -> None:
        nonlocal opened, errors
        if idle.empty() and opened < connections:
            opened += 1
            idle.put_nowait(await asyncio.open_connection("127.0.0.1", port))
        conn = await idle.get()
        try:
            status = await asyncio.wait_for(_roundtrip(conn, make_request(i)), 10)
            if not 200 <= status < 300:
                errors += 1
            idle.put_nowait(conn)
        except (asyncio.TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            errors += 1
            conn[1].close()
            opened -= 1
        latencies.append((time.perf_counter() - due) * 1000)

    loop_start = time.perf_counter() + 0.05
    tasks = []
    for i in range(int(rate * seconds)):
        due = loop_start + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    return latencies, errors, time.perf_counter() - loop_start


def process_cpu(pids: list[int]) -> float:
    """CPU seconds (user + system) spent so far by these processes and their finished children."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(f) for f in fields[11:13])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def server_pids(root: int) -> list[int]:
    """The server's process and its children (uvicorn's workers)."""
    pids = [root]
    for child in Path("/proc").glob("[0-9]*"):
        try:
            if int((child / "stat").read_text().rsplit(")", 1)[1].split()[1]) == root:
                pids.append(int(child.name))
        except (OSError, ValueError, IndexError):
            continue
    return pids


def _generator(port: int, kind: str, key: str, accounts, rate: float, seconds: float, connections: int,
               offset: int, start_at: float, out) -> None:
    """One generator process: its share of the rate, from a common start time."""
    delay = start_at - time.time()
    if delay > 0:
        time.sleep(delay)
    maker = (lookup_requests if kind == "lookup" else order_requests)(key, accounts[offset:] + accounts[:offset])
    cpu0 = time.process_time()
    lat, errors, elapsed = asyncio.run(load(port, maker, rate, seconds, connections))
    out.put((lat, errors, elapsed, time.process_time() - cpu0))


def run_load(server: "Server", kind: str, key: str, accounts, rate: float, args) -> tuple[list[float], int, float,
                                                                                           float, float]:
    """latencies, errors, elapsed, server CPU s and generator CPU s for one line of the table."""
    n = args.generators
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    start_at = time.time() + 0.5
    procs = [ctx.Process(target=_generator, args=(server.port, kind, key, accounts, rate / n, args.seconds,
                                                  max(1, args.connections // n), i * len(accounts) // n,
                                                  start_at, out)) for i in range(n)]
    pids = server_pids(server.proc.pid)
    cpu0 = process_cpu(pids)
    for p in procs:
        p.start()
    parts = [out.get() for _ in procs]
    for p in procs:
        p.join()
    server_cpu = process_cpu(pids) - cpu0
    lat = [x for part in parts for x in part[0]]
    return (lat, sum(part[1] for part in parts), max(part[2] for part in parts), server_cpu,
            sum(part[3] for part in parts))


def lookup_requests(key: str, accounts: list[tuple[str, str]]):
    def make(i: int) -> bytes:
        token, ref = accounts[i % len(accounts)]
        return (f"GET /v1/creances/{ref} HTTP/1.1\r\nHost: b\r\nX-Terminal-Key: {key}\r\n"
                f"X-Session-Token: {token}\r\n\r\n").encode()
    return make


def order_requests(key: str, accounts: list[tuple[str, str]]):
    def make(i: int) -> bytes:
        token, ref = accounts[i % len(accounts)]
        body = f'{{"reference":"{ref}","lines":[],"amount":"16.00"}}'.encode()
        return (f"POST /v1/creances/payments HTTP/1.1\r\nHost: b\r\nX-Terminal-Key: {key}\r\n"
                f"X-Session-Token: {token}\r\nIdempotency-Key: {uuid.uuid4()}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode() + body
    return make


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100 * (len(s) - 1))))] if s else float("nan")


def run_store(name: str, db: str, workers: int, args, config: str) -> list[str]:
    key, accounts = prepare(db, args.accounts)
    server = Server(db, workers, config)
    rows = []
    try:
        time.sleep(1)  # the workers' start-up is over
        for kind in args.calls:
            for rate in args.rates:
                lat, errors, elapsed, server_cpu, gen_cpu = run_load(server, kind, key, accounts, rate, args)
                achieved = len(lat) / elapsed  # answers per second until the last one came
                rows.append(f"| {name} | {kind} | {rate:>5.0f} | {achieved:>7.0f} | {pct(lat, 50):>7.1f} | "
                            f"{pct(lat, 99):>7.1f} | {errors:>6} | {server_cpu / len(lat) * 1e6:>5.0f} | "
                            f"{gen_cpu / len(lat) * 1e6:>5.0f} |")
                print(rows[-1], flush=True)
    finally:
        server.stop()
    return rows


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--rates", default="200,500,1000")
    ap.add_argument("--stores", default="sqlite,pg1,pg2,pg4")
    ap.add_argument("--accounts", type=int, default=200)
    ap.add_argument("--connections", type=int, default=128)
    ap.add_argument("--generators", type=int, default=2, help="load generator processes")
    ap.add_argument("--calls", default="lookup,order")
    args = ap.parse_args()
    args.rates = [float(r) for r in args.rates.split(",")]
    args.calls = args.calls.split(",")
    load1, load5, _ = os.getloadavg()
    print(f"# bench_backend: {args.seconds:g} s per line, {os.cpu_count()} cores (load average {load1:.1f} / "
          f"{load5:.1f} at start), load generator: {args.generators} process(es) of this script (asyncio, open "
          "loop, latency from the due time); CPU µs/req: server (all its processes) and generator")
    print("| store | call | rate/s | done/s | p50 ms | p99 ms | errors | server CPU µs/req | generator CPU µs/req |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        config = str(Path(tmp) / "bench.toml")
        Path(config).write_text(CONFIG)
        cluster = None
        try:
            for store in args.stores.split(","):
                if store.startswith("sqlite"):
                    workers = int(store[6:] or 1)
                    run_store(f"SQLite, {workers} process(es)", str(Path(tmp) / f"bench{workers}.sqlite3"), workers,
                              args, config)
                    continue
                if cluster is None:
                    from tests.support.postgres import PgCluster
                    cluster = PgCluster()
                workers = int(store[2:])
                run_store(f"PostgreSQL, {workers} worker(s)", cluster.new_database(), workers, args, config)
        finally:
            if cluster is not None:
                cluster.stop()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.cleanup import exit_on_signals

    exit_on_signals()  # killed or interrupted, it stops its servers and removes its folders
    sys.exit(main())
