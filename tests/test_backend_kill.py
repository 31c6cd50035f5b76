"""The backend killed with SIGKILL in the middle of parallel payment orders and results, then
restarted on the same database: money accepted never exceeds what was owed, no accepted result
is lost, and every reservation is accounted for (issue 12).

A real ``bms-backend serve`` process (SQLite file, or a database of the private PostgreSQL
cluster), requests over HTTP from threads; the kill comes once several results were answered,
while others are in flight. After the restart the terminals replay the results they never heard
back about (as the kiosk's payment outbox does).
"""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest
import requests

from tests.support.backend import read_rows
from tests.test_backend_attack import DURAND, DURAND_BALANCE, REF_A, REF_B, REF_C, login, order, result

# small payments, so that many orders and results fit in DURAND's 65,50 €
CONFIG = 'payment_min = "1"\ncreance_eligibility_min = "1"\n'
THREADS = 8
KILL_AFTER_ACCEPTED = 6


class KillableServer:
    """``bms-backend serve`` in a process group of its own, restartable on the same db and port."""

    def __init__(self, db: str, config: Path) -> None:
        self.db_path, self.config = db, config
        self.cli = [sys.executable, "-m", "bms_backend.cli", "--config", str(config)]
        self.terminal_key = subprocess.run([*self.cli, "issue-terminal", "BMS-TEST-0001", "--db", db], check=True,
                                           capture_output=True, text=True, timeout=60).stdout.strip()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen | None = None
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen([*self.cli, "serve", "--db", self.db_path, "--port", str(self.port)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"serve n'a pas démarré: {self.proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.05)

    def kill(self, sig: int = signal.SIGKILL) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, sig)
        self.proc.wait(timeout=15)

    def rows(self, sql: str, args: tuple = ()) -> list:
        return read_rows(self.db_path, sql, args)


@pytest.fixture(params=["sqlite", "postgres"])
def killable(request, tmp_path: Path) -> Iterator[KillableServer]:
    db = request.getfixturevalue("pg_cluster").new_database() if request.param == "postgres" \
        else str(tmp_path / "kill.sqlite3")
    config = tmp_path / "backend.toml"
    config.write_text(CONFIG)
    server = KillableServer(db, config)
    try:
        yield server
    finally:
        if server.proc is not None and server.proc.poll() is None:
            server.kill(signal.SIGTERM)


def test_a_backend_killed_during_parallel_payments_never_over_collects_nor_loses_an_accepted_result(killable):
    tokens = [login(killable) for _ in range(THREADS)]
    lock = threading.Condition()
    ordered: dict[str, Decimal] = {}      # orders the terminals heard of (201)
    answered: dict[str, str] = {}         # results the terminals heard back: payment id -> status
    unheard: dict[str, str] = {}          # results sent without an answer -> the status sent (the outbox replays it)
    killed = threading.Event()

    def terminal(i: int) -> None:
        rnd = random.Random(i)
        while not killed.is_set():
            amount = Decimal(rnd.randrange(100, 400)) / 100
            try:
                answer = order(killable, tokens[i], f"{amount:.2f}", lines=[REF_B, REF_C])
            except requests.RequestException:
                return  # the order's fate is unknown to the terminal: it pays nothing
            if answer.status_code != 201:
                assert answer.status_code in (404, 409, 422), answer.text  # owed no more, or reserved
                if answer.status_code == 409 and killed.is_set():
                    return
                continue
            pid = answer.json()["payment_id"]
            status = "failed" if rnd.random() < 0.25 else "accepted"
            with lock:
                ordered[pid] = amount
                unheard[pid] = status
            try:
                paid = result(killable, pid, status)
            except requests.RequestException:
                return
            assert paid.status_code == 200, paid.text
            with lock:
                unheard.pop(pid, None)
                answered[pid] = paid.json()["status"]
                lock.notify_all()

    threads = [threading.Thread(target=terminal, args=(i,), daemon=True) for i in range(THREADS)]
    for t in threads:
        t.start()
    with lock:
        assert lock.wait_for(lambda: sum(s == "accepted" for s in answered.values()) >= KILL_AFTER_ACCEPTED,
                             timeout=30), answered
    killable.kill()  # SIGKILL, requests in flight
    killed.set()
    for t in threads:
        t.join(timeout=30)
        assert not t.is_alive()

    killable.start()  # same database, same port
    statuses = {r["id"]: r["status"] for r in killable.rows("SELECT id, status FROM payments")}
    # no accepted result lost, no order that was answered 201 lost
    assert all(statuses.get(pid) == "accepted" for pid, s in answered.items() if s == "accepted"), statuses
    assert set(ordered) <= set(statuses)
    # the terminals replay what they never heard back about, as they sent it (a result the server
    # recorded before the kill is then answered again, not refused)
    for pid, status in sorted(unheard.items()):
        replay = result(killable, pid, status)
        assert replay.status_code == 200, replay.text
        assert replay.json()["status"] == status

    payments = killable.rows("SELECT status, amount, reconciliation FROM payments")
    accepted = sum(p["amount"] for p in payments if p["status"] == "accepted" and p["reconciliation"] is None)
    pending = sum(p["amount"] for p in payments if p["status"] == "pending")
    creances = {r["reference"]: r for r in killable.rows(
        "SELECT reference, remaining, reserved FROM creances WHERE assure_nir=?", (DURAND[0],))}
    remaining = sum(creances[r]["remaining"] for r in (REF_A, REF_B, REF_C))
    reserved = sum(creances[r]["reserved"] for r in (REF_A, REF_B, REF_C))
    assert accepted > 0
    assert Decimal(accepted) / 100 <= DURAND_BALANCE  # never over-collected
    assert Decimal(remaining + accepted) / 100 == DURAND_BALANCE  # every accepted cent taken off once
    assert reserved == pending  # orders recorded without a result keep exactly their reservation
    assert all(creances[r]["reserved"] <= creances[r]["remaining"] for r in creances)
