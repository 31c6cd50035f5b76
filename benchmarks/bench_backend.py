"""The reference backend under fixed-rate load: créance lookups and payment orders at 200, 500
and 1,000 requests/s, for SQLite with one process and PostgreSQL with 1, 2 and 4 workers.

Load generator: this script, one Python process with asyncio and raw HTTP/1.1 keep-alive
connections (up to --connections), open loop — request i is due at t0 + i/rate and its latency
runs from that due time, so a server that falls behind shows it (no coordinated omission). It
shares the machine's cores with the server. Errors: any answer that is not 2xx, or no answer
within 10 s. Each store is served by ``bms-backend serve`` in its own processes; PostgreSQL is a
private cluster in a temp folder (Debian's postgresql, as the tests).

Synthetic data: --accounts accounts, each with one large créance and an open session (written
straight into the database, so that the run measures the API, not the scrypt of the codes);
eligibility bounds are raised through a config file so that orders keep being accepted.

    .venv/bin/python benchmarks/bench_backend.py [--seconds 30] [--rates 200,500,1000] [--stores sqlite,pg1,pg2,pg4]
"""

from __future__ import annotations

import argparse
import asyncio
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
        for kind, maker in (("lookup", lookup_requests), ("order", order_requests)):
            for rate in args.rates:
                lat, errors, elapsed = asyncio.run(load(server.port, maker(key, accounts), rate, args.seconds,
                                                        args.connections))
                achieved = len(lat) / elapsed  # answers per second until the last one came
                rows.append(f"| {name} | {kind} | {rate:>5.0f} | {achieved:>7.0f} | {pct(lat, 50):>7.1f} | "
                            f"{pct(lat, 99):>7.1f} | {errors:>6} |")
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
    args = ap.parse_args()
    args.rates = [float(r) for r in args.rates.split(",")]
    print(f"# bench_backend: {args.seconds:g} s per line, {os.cpu_count()} cores, load generator in this process "
          "(asyncio, open loop, latency from the due time)")
    print("| store | call | rate/s | done/s | p50 ms | p99 ms | errors |")
    print("|---|---|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        config = str(Path(tmp) / "bench.toml")
        Path(config).write_text(CONFIG)
        cluster = None
        try:
            for store in args.stores.split(","):
                if store == "sqlite":
                    run_store("SQLite, 1 process", str(Path(tmp) / "bench.sqlite3"), 1, args, config)
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
    sys.exit(main())
