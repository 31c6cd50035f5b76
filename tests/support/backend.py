"""Fixtures for the backend part of the real stack: the reference server on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from bms_backend.clock import Clock
from bms_backend.runner import RunningServer, start_server_in_thread
from bms_client.config import Config


class BackendHandle:
    """The running reference server of one test: url, terminal key, clock, stop()/start()."""

    def __init__(self, db_path: Path, config: Config | None = None) -> None:
        self.db_path = db_path
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

    def client(self, **kw):
        from bms_client.client import BackendClient
        kw.setdefault("connect_timeout", 2.0)
        kw.setdefault("read_timeout", 5.0)
        kw.setdefault("retries", 2)
        return BackendClient(self.url, self.terminal_key, terminal_id="BMS-TEST-0001", **kw)


@pytest.fixture
def backend_server(tmp_path: Path) -> Iterator[BackendHandle]:
    handle = BackendHandle(tmp_path / "backend.sqlite3")
    try:
        yield handle
    finally:
        handle.stop()
