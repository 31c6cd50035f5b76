"""Run the reference server in a thread on 127.0.0.1 (tests, demo, benchmark)."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn

from bms_backend.app import create_app
from bms_backend.clock import Clock
from bms_backend.store import Store
from bms_client.config import Config


@dataclass
class RunningServer:
    url: str
    terminal_key: str
    clock: Clock
    db_path: str
    port: int
    _server: uvicorn.Server = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    def stop(self) -> None:
        """Stop serving and wait for the thread (idempotent)."""
        self._server.should_exit = True
        self._thread.join(timeout=10)
        store = getattr(self._server.config.app.state, "store", None)
        if store is not None:
            store.close()

    @property
    def app(self):  # the FastAPI app, e.g. for its OpenAPI document
        return self._server.config.app


def start_server_in_thread(db_path: str | Path, config: Config | None = None, clock: Clock | None = None,
                           terminal_key: str | None = None, terminal_id: str = "BMS-TEST-0001",
                           port: int = 0, test_hooks: bool = True, timeout: float = 10.0) -> RunningServer:
    """Start the API on 127.0.0.1 (``port`` 0: a free one); returns once it answers.

    A terminal credential is issued unless ``terminal_key`` (already issued on this db) is given.
    """
    clock = clock or Clock()
    if terminal_key is None:
        store = Store(db_path)
        terminal_key = store.issue_terminal(terminal_id, clock.now().isoformat(timespec="seconds"))
        store.close()
    app = create_app(db_path, config=config, clock=clock, test_hooks=test_hooks)
    # proto IPPROTO_TCP: asyncio then sets TCP_NODELAY on accepted connections (else +40 ms per
    # keep-alive request from Nagle and delayed ACK)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    bound = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    server.install_signal_handlers = lambda: None  # type: ignore[method-assign]  # uvicorn < 0.29
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name=f"bms-backend:{bound}",
                              daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError("le serveur de référence n'a pas démarré")
        time.sleep(0.01)
    return RunningServer(url=f"http://127.0.0.1:{bound}", terminal_key=terminal_key, clock=clock,
                         db_path=str(db_path), port=bound, _server=server, _thread=thread)
