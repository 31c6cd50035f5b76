"""Faults over real HTTP: server down, slow, 500, garbage; restart between order and result; the contract."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bms_client.client import BackendClient
from bms_client.errors import (
    BackendProtocolError,
    BackendTimeoutError,
    BackendUnreachableError,
)

ROOT = Path(__file__).resolve().parent.parent
DURAND = ["275096938301276"]
REF_A, REF_B = "1234567890123456A", "2345678901234567B"


class FakeServer:
    """A tiny misbehaving HTTP server on 127.0.0.1: 'slow', '500', 'garbage', 'not-json'."""

    def __init__(self, mode: str, delay: float = 3.0) -> None:
        self.mode, self.delay = mode, delay
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.requests = 0
        self.accepted = 0  # connections taken from the listening socket
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.accepted += 1
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.settimeout(5)
                conn.recv(65536)
                self.requests += 1
                if self.mode == "slow":
                    self._stop.wait(self.delay)
                    body = b'{"status":"ok","version":"1"}'
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                 + str(len(body)).encode() + b"\r\n\r\n" + body)
                elif self.mode == "500":
                    body = b"<html>Internal Server Error</html>"
                    conn.sendall(b"HTTP/1.1 500 Internal Server Error\r\nContent-Length: "
                                 + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
                elif self.mode == "garbage":
                    conn.sendall(b"\x00\x01garbage that is not HTTP\r\n\r\n")
                else:  # not-json
                    body = b"<<<not json>>>"
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                                 + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
            except OSError:
                pass

    def connections_so_far(self) -> int:
        """Every connection a client made until now: those accepted, plus those still waiting in
        the listening socket's queue (the accept loop is stopped first, then the queue drained)."""
        self._stop.set()
        self._thread.join(timeout=2)
        assert not self._thread.is_alive()
        self.sock.setblocking(False)
        waiting = 0
        while True:
            try:
                self.sock.accept()[0].close()
            except BlockingIOError:
                return self.accepted + waiting
            waiting += 1

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def fake():
    servers = []

    def make(mode: str, delay: float = 3.0) -> FakeServer:
        servers.append(FakeServer(mode, delay))
        return servers[-1]
    yield make
    for s in servers:
        s.close()


def timed(fn):
    start = time.monotonic()
    with pytest.raises(Exception) as exc:
        fn()
    return exc.value, time.monotonic() - start


def test_server_down_is_unreachable():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    client = BackendClient(f"http://127.0.0.1:{port}", "K.x", connect_timeout=0.5, read_timeout=0.5, retries=2)
    err, elapsed = timed(lambda: client.open_session(DURAND, "1234"))
    assert isinstance(err, BackendUnreachableError) and elapsed < 2
    err, elapsed = timed(client.health)
    assert isinstance(err, BackendUnreachableError) and elapsed < 3
    assert "indisponible" in err.message_fr


def test_slow_server_times_out_within_the_read_timeout(fake):
    server = fake("slow", delay=5.0)
    client = BackendClient(server.url, "K.x", connect_timeout=0.5, read_timeout=0.5, retries=0)
    err, elapsed = timed(lambda: client.open_session(DURAND, "1234"))  # POST: never retried
    assert isinstance(err, BackendTimeoutError) and elapsed < 1.5
    err, elapsed = timed(client.health)
    assert isinstance(err, BackendTimeoutError) and elapsed < 1.5


def test_slow_get_with_retries_stays_bounded(fake):
    server = fake("slow", delay=5.0)
    client = BackendClient(server.url, "K.x", connect_timeout=0.5, read_timeout=0.4, retries=2)
    err, elapsed = timed(client.health)
    assert isinstance(err, (BackendTimeoutError, BackendUnreachableError))
    assert elapsed < 3 * 0.4 + 1.0
    assert server.requests == 3  # GET retried twice


def test_slow_post_is_not_retried(fake):
    server = fake("slow", delay=2.0)
    client = BackendClient(server.url, "K.x", connect_timeout=0.5, read_timeout=0.3, retries=2)
    err, _ = timed(lambda: client.open_session(DURAND, "1234"))
    assert isinstance(err, BackendTimeoutError)
    # a retry would have connected before the call returned: count the connections, no sleeping
    assert server.connections_so_far() == 1


@pytest.mark.parametrize("mode", ["500", "garbage", "not-json"])
def test_500_and_garbage_are_protocol_errors(fake, mode):
    server = fake(mode)
    client = BackendClient(server.url, "K.x", connect_timeout=0.5, read_timeout=1.0, retries=1)
    err, elapsed = timed(lambda: client.open_session(DURAND, "1234"))
    assert isinstance(err, BackendProtocolError), repr(err)
    assert elapsed < 2.5
    err, elapsed = timed(client.health)
    assert isinstance(err, BackendProtocolError), repr(err)
    assert elapsed < 3.5


def test_restart_between_payment_order_and_result(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    order = client.pay_creance(REF_B, [REF_A], "40.00", idempotency_key="restart-key-0001")
    backend_server.restart()  # same db, same port
    client2 = backend_server.client()
    client2.open_session(DURAND, "1234")
    # the kiosk did not get the answer and sends the order again with its key: the same order
    again = client2.pay_creance(REF_B, [REF_A], "40.00", idempotency_key="restart-key-0001")
    assert again.payment_id == order.payment_id and again.status == "pending"
    assert client2.payment_status(order.payment_id).status == "pending"
    result = client2.payment_result(order.payment_id, True, "AUTH42", "9876")
    assert result.receipt is not None and result.receipt.masked_card.endswith("9876")
    backend_server.restart()
    client3 = backend_server.client()
    client3.open_session(DURAND, "1234")
    assert client3.payment_result(order.payment_id, True, "AUTH42", "9876").status == "accepted"
    # 40 € spread oldest first: A 30,00 → 0, B 25,50 → 15,50; C untouched
    remaining = backend_server.balances(DURAND[0])
    payments = backend_server.rows("SELECT count(*) AS n FROM payments")[0]["n"]
    assert remaining[REF_A] == 0 and remaining[REF_B] == 1550 and payments == 1
    msgs = client3.messages().items
    assert [m.title for m in msgs] == ["Accusé de réception de votre paiement de créance"]


def test_restart_keeps_balances(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    order = client.pay_creance(REF_A, [], "20.00")
    client.payment_result(order.payment_id, True, "AUTH1", "1234")
    backend_server.restart()
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    assert {o.reference: o.remaining_amount for o in client.creance_lookup(REF_B).others}[REF_A] == "10.00"


def test_committed_openapi_is_current():
    from bms_backend.cli import openapi_text
    committed = (ROOT / "docs" / "openapi.json").read_text(encoding="utf-8")
    assert committed == openapi_text(), "docs/openapi.json is stale: run `bms-backend openapi -o docs/openapi.json`"


def test_client_cli_runs_without_qt(backend_server):
    env = dict(os.environ)
    cmd = [sys.executable, "-c",
           "import sys; from bms_client.cli import main; rc = main(sys.argv[1:]); "
           "assert not any(m.startswith('PySide6') for m in sys.modules); sys.exit(rc)",
           "--url", backend_server.url, "--terminal-key", backend_server.terminal_key,
           "--nirs", DURAND[0], "--code", "1234", "creance", REF_A]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["line"]["reference"] == REF_A
    bad = subprocess.run(cmd[:-1] + ["1234"], capture_output=True, text=True, timeout=60, env=env, cwd=ROOT)
    assert bad.returncode == 1 and json.loads(bad.stdout)["field"] == "reference"


def test_schemathesis_finds_no_server_error(backend_server, tmp_path):
    st = shutil.which("schemathesis") or str(Path(sys.executable).parent / "schemathesis")
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    token = client._token
    cmd = [st, "run", str(ROOT / "docs" / "openapi.json"), "--url", backend_server.url,
           "--checks", "not_a_server_error", "--max-examples", "15", "--seed", "1",
           "--phases", "examples,coverage,fuzzing", "--request-timeout", "10",
           "-H", f"X-Terminal-Key: {backend_server.terminal_key}", "-H", f"X-Session-Token: {token}"]
    # DELETE /v1/sessions/current last, on its own: it would end the session the others use
    for only in (["--exclude-method", "DELETE"], ["--include-method", "DELETE"]):
        out = subprocess.run(cmd + only, capture_output=True, text=True, timeout=170,
                             cwd=tmp_path)  # its cache stays there
        assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
        assert " passed" in out.stdout


class LossyProxy:
    """HTTP proxy on 127.0.0.1 that forwards to the real server, then drops the first ``lose``
    answers to POSTs on ``path_part`` (the request did reach the server: only the answer is lost)."""

    def __init__(self, target_port: int, path_part: str, lose: int = 1) -> None:
        self.target_port, self.path_part, self.lose = target_port, path_part, lose
        self.forwarded = 0
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self._stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        import http.client
        conn.settimeout(5)
        buf = b""
        with conn:
            while True:
                while b"\r\n\r\n" not in buf:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    buf += chunk
                head, buf = buf.split(b"\r\n\r\n", 1)
                lines = head.decode("latin-1").split("\r\n")
                method, path, _ = lines[0].split(" ", 2)
                headers = dict(line.split(": ", 1) for line in lines[1:])
                length = int(headers.get("Content-Length", "0"))
                while len(buf) < length:
                    buf += conn.recv(65536)
                body, buf = buf[:length], buf[length:]
                upstream = http.client.HTTPConnection("127.0.0.1", self.target_port, timeout=5)
                upstream.request(method, path, body=body or None,
                                 headers={k: v for k, v in headers.items() if k.lower() not in ("host",)})
                resp = upstream.getresponse()
                data = resp.read()
                upstream.close()
                self.forwarded += 1
                if method == "POST" and self.path_part in path and self.lose > 0:
                    self.lose -= 1
                    return  # the answer is lost: connection closed without response
                out = f"HTTP/1.1 {resp.status} {resp.reason}\r\nContent-Type: application/json\r\n" \
                      f"Content-Length: {len(data)}\r\n\r\n".encode() + data
                conn.sendall(out)

    def close(self) -> None:
        self._stop.set()
        self.sock.close()


@pytest.mark.parametrize("path_part", ["/creances/payments", "/oc/choices"])
def test_lost_answer_is_retried_with_the_same_key_and_recorded_once(backend_server, path_part):
    proxy = LossyProxy(backend_server._port, path_part, lose=1)
    try:
        from bms_client.client import BackendClient as Client
        client = Client(proxy.url, backend_server.terminal_key, connect_timeout=1, read_timeout=3, retries=2)
        if path_part == "/oc/choices":
            client.open_session(["184037511203367", "286071305500401"], "1234")
            state = client.choose_oc({"184037511203367": "MGD", "286071305500401": "HES"})
            assert state["status"] == "pending"
            table = "oc_requests"
        else:
            client.open_session(DURAND, "1234")
            order = client.pay_creance(REF_A, [], "20.00")
            assert order.status == "pending"
            table = "payments"
        assert backend_server.rows(f"SELECT count(*) AS n FROM {table}")[0]["n"] == 1
        assert proxy.lose == 0  # an answer was really lost, and the retry succeeded
    finally:
        proxy.close()


def test_non_idempotent_post_is_not_retried_after_a_lost_answer(backend_server):
    proxy = LossyProxy(backend_server._port, "/sessions", lose=1)
    try:
        from bms_client.client import BackendClient as Client
        client = Client(proxy.url, backend_server.terminal_key, connect_timeout=1, read_timeout=3, retries=2)
        with pytest.raises(BackendUnreachableError):
            client.open_session(DURAND, "0000")  # a wrong code must not be counted twice
        from bms_client.errors import WrongCodeError
        with pytest.raises(WrongCodeError) as exc:
            client.open_session(DURAND, "0000")
        assert exc.value.attempts_left == 1
    finally:
        proxy.close()
