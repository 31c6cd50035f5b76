"""Fixtures for the backend part of the real stack: the reference server on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Iterator

import pytest

from bms_backend.clock import Clock
from bms_backend.runner import RunningServer, start_server_in_thread
from bms_backend.store import open_store
from bms_client.config import Config


def read_rows(db: str | Path, sql: str, args: tuple = ()) -> list:
    """Rows of a query on a server's database (an SQLite file or a PostgreSQL URL)."""
    store = open_store(db)
    try:
        return store.read(sql, args)
    finally:
        store.close()


class BackendHandle:
    """The running reference server of one test: url, terminal key, clock, stop()/start()."""

    def __init__(self, db_path: Path | str, config: Config | None = None) -> None:
        self.db_path = db_path  # an SQLite file or a PostgreSQL URL
        self.config = config or Config()
        self.clock = Clock()
        self._server: RunningServer | None = None
        self._key: str | None = None
        self._port = 0
        self.start()

    def start(self) -> None:
        """(Re)start on the same db, the same port and the same terminal key."""
        if self._server is not None:
            return
        self._server = start_server_in_thread(self.db_path, config=self.config, clock=self.clock,
                                              terminal_key=self._key, port=self._port)
        self._key, self._port = self._server.terminal_key, self._server.port

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._port}"

    @property
    def terminal_key(self) -> str:
        assert self._key is not None
        return self._key

    # --- what an agent does with the command line, from another process, on the same database
    def _cli(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "bms_backend.cli", *args, "--db", str(self.db_path)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    def issue_terminal(self, terminal_id: str) -> str:
        return self._cli("issue-terminal", terminal_id)

    def revoke_terminal(self, terminal_id: str) -> None:
        self._cli("revoke-terminal", terminal_id)

    def unlock(self, nir: str) -> None:
        self._cli("unlock-account", nir)

    def add_messages(self, assure_nir: str, count: int) -> None:
        """``count`` messages on the account, "Message 0" the oldest (as if they had paid every day)."""
        store = open_store(self.db_path)
        try:
            with store.tx() as c:
                for n in range(count):
                    c.execute("INSERT INTO messages (assure_nir, kind, title, body, created_at, expires_at)"
                              " VALUES (?,?,?,?,?,?)", (assure_nir, "message", f"Message {n}", f"Texte du message {n}.",
                                                        "2026-01-01T09:00:00", "2099-01-01"))
        finally:
            store.close()

    # --- reading the database directly (what the API does not show)
    def rows(self, sql: str, args: tuple = ()) -> list:
        """Rows of a query on the server's database, whichever the store."""
        return read_rows(self.db_path, sql, args)

    def balances(self, assure_nir: str) -> dict[str, int]:
        """Remaining cents per créance of the account."""
        return {r["reference"]: r["remaining"] for r in self.rows(
            "SELECT reference, remaining FROM creances WHERE assure_nir=?", (assure_nir,))}

    def reconciliations(self) -> list[dict]:
        """Payments flagged for an agent (a result that came after the order expired)."""
        return [{"payment_id": r["id"], "reason": r["reconciliation"]} for r in self.rows(
            "SELECT id, reconciliation FROM payments WHERE reconciliation IS NOT NULL ORDER BY created_at")]

    def failures(self, assure_nir: str) -> int:
        """Wrong codes counted on the account (each one was checked)."""
        return self.rows("SELECT failures FROM accounts WHERE assure_nir=?", (assure_nir,))[0]["failures"]

    def terminal_schemes(self) -> set[str]:
        return {r["scheme"] for r in self.rows("SELECT scheme FROM terminals")}

    def client(self, **kw):
        from bms_client.client import BackendClient
        kw.setdefault("connect_timeout", 2.0)
        kw.setdefault("read_timeout", 5.0)
        kw.setdefault("retries", 2)
        return BackendClient(self.url, self.terminal_key, terminal_id="BMS-TEST-0001", **kw)


STORES = ("sqlite", "postgres")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """The backend's own tests (tests/test_backend_*.py) run on both stores; the others on SQLite."""
    if "backend_server" in metafunc.fixturenames and metafunc.module.__name__.rsplit(".", 1)[-1].startswith(
            "test_backend_"):
        metafunc.parametrize("backend_store", STORES, indirect=True)


@pytest.fixture
def backend_store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where the reference server keeps its data: an SQLite file, or a new database of the session's
    private PostgreSQL cluster."""
    kind = getattr(request, "param", "sqlite")
    if kind == "postgres":
        return request.getfixturevalue("pg_cluster").new_database()
    return str(tmp_path / "backend.sqlite3")


@pytest.fixture
def backend_server(backend_store: str) -> Iterator[BackendHandle]:
    handle = BackendHandle(backend_store)
    try:
        yield handle
    finally:
        handle.stop()
