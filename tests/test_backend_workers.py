"""Several server processes on one database (``bms-backend serve --workers N``): the money and
lockout invariants hold because the database holds them, not a lock inside one process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import pytest
import requests

from tests.support.backend import read_rows
from tests.test_backend_attack import DURAND, DURAND_BALANCE, REF_A, REF_B, REF_C, login, order, parallel, result

WORKERS = 2


class WorkersServer:
    def __init__(self, db: str) -> None:
        self.db_path = db
        cli = [sys.executable, "-m", "bms_backend.cli"]
        self.terminal_key = subprocess.run([*cli, "issue-terminal", "BMS-TEST-0001", "--db", db], check=True,
                                           capture_output=True, text=True, timeout=60).stdout.strip()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.proc = subprocess.Popen([*cli, "serve", "--db", db, "--port", str(port), "--workers", str(WORKERS),
                                      "--test-hooks"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     start_new_session=True)
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"serve --workers n'a pas démarré: {self.proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.05)

    def stop(self) -> None:
        os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=5)

    def rows(self, sql: str, args: tuple = ()) -> list:
        return read_rows(self.db_path, sql, args)


@pytest.fixture(params=["sqlite", "postgres"])
def workers(request, tmp_path: Path) -> Iterator[WorkersServer]:
    db = request.getfixturevalue("pg_cluster").new_database() if request.param == "postgres" \
        else str(tmp_path / "workers.sqlite3")
    server = WorkersServer(db)
    try:
        yield server
    finally:
        server.stop()


def test_orders_and_results_across_workers_never_collect_beyond_the_balance(workers):
    tokens = [login(workers) for _ in range(4)]
    amounts = ["16.00", "20.00", "25.50", "30.00", "35.00", "40.00", "45.00", "50.00"] * 2

    def order_then_pay(i: int) -> Decimal:
        answer = order(workers, tokens[i % len(tokens)], amounts[i], lines=[REF_B, REF_C])
        if answer.status_code != 201:
            assert answer.status_code in (404, 409, 422), answer.text  # owed no more, or reserved
            return Decimal(0)
        paid = result(workers, answer.json()["payment_id"])
        assert paid.status_code == 200, paid.text
        return Decimal(paid.json()["amount"])
    collected = sum(parallel(len(amounts), order_then_pay))
    assert 0 < collected <= DURAND_BALANCE
    left = {r["reference"]: r["remaining"] for r in workers.rows(
        "SELECT reference, remaining FROM creances WHERE assure_nir=?", (DURAND[0],))}
    assert Decimal(sum(left[r] for r in (REF_A, REF_B, REF_C))) / 100 == DURAND_BALANCE - collected
    accepted = workers.rows("SELECT SUM(amount) AS s FROM payments WHERE status='accepted'")[0]["s"]
    assert Decimal(accepted) / 100 == collected


def test_wrong_codes_across_workers_check_at_most_the_limit(workers):
    def attempt(i: int):
        return requests.post(f"{workers.url}/v1/sessions", json={"card_nirs": DURAND, "code": f"{5000 + i:04d}"},
                             headers={"X-Terminal-Key": workers.terminal_key}, timeout=30)
    answers = parallel(20, attempt)
    assert all(a.status_code in (403, 423) for a in answers)
    assert workers.rows("SELECT failures FROM accounts WHERE assure_nir=?", (DURAND[0],))[0]["failures"] <= 3
