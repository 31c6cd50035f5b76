"""Issue 12, finding 6: the client's deadline per call, TLS and proxies from our config only, and
one order per tap."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from bms_client.client import BackendClient
from bms_client.errors import BackendTimeoutError

DURAND = ["275096938301276"]
REF_A, REF_B = "1234567890123456A", "2345678901234567B"


class DripServer:
    """Accepts connections and answers one byte every ``pace`` seconds (a slow or hostile server)."""

    ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n" + b" " * 38 + b"{}"

    def __init__(self, pace: float = 0.2) -> None:
        self.pace = pace
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                for byte in self.ANSWER:
                    if self.stop.wait(self.pace):
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture
def drip():
    server = DripServer()
    yield server
    server.close()


def test_a_server_answering_byte_by_byte_cannot_hold_a_call_past_its_deadline(drip):
    # every byte comes well within the read timeout: only an overall deadline stops the call
    client = BackendClient(drip.url, "BMS-TEST-0001.key", connect_timeout=2, read_timeout=2, retries=2,
                           call_deadline=1.5)
    started = time.monotonic()
    with pytest.raises(BackendTimeoutError):
        client.health()
    assert time.monotonic() - started < 1.5 + 1.0  # the whole answer would take about 24 s


def test_environment_ca_bundle_and_proxy_are_ignored(monkeypatch, tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", "/etc/ssl/certs/ca-certificates.crt")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    client = BackendClient("https://api.example.invalid", "k", ca_bundle=str(ca))
    # what requests applies to a request of this session (Session.request merges exactly this)
    settings = client.http.merge_environment_settings("https://api.example.invalid/v1/health", {}, None, None, None)
    assert settings["verify"] == str(ca)
    assert settings["proxies"] == {}


def test_environment_proxy_never_sees_the_terminal_key(backend_server, monkeypatch):
    # a "proxy" that accepts and never answers: a call sent to it would time out
    silent = socket.create_server(("127.0.0.1", 0))
    try:
        for name in ("NO_PROXY", "no_proxy"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{silent.getsockname()[1]}")
        client = backend_server.client(read_timeout=2.0, retries=0)
        assert client.health()["status"] == "ok"
    finally:
        silent.close()


def test_config_names_the_proxy():
    from bms_client.config import Config
    cfg = Config(dict(backend_url="https://api.example.invalid", backend_proxy="http://proxy.cpam.invalid:3128"))
    client = BackendClient.from_config(cfg)
    assert client.http.proxies == {"http": "http://proxy.cpam.invalid:3128", "https": "http://proxy.cpam.invalid:3128"}


def test_two_orders_for_one_tap_make_one_order(backend_server):
    client = backend_server.client()
    client.open_session(DURAND, "1234")
    first = client.pay_creance(REF_B, [REF_A], "16.00")
    again = client.pay_creance(REF_B, [REF_A], "16.00")
    assert again.payment_id == first.payment_id
    client.payment_result(first.payment_id, accepted=True, authorisation_number="A1", card_last4="4242")
    later = client.pay_creance(REF_B, [REF_A], "16.00")  # a new payment after the first was settled
    assert later.payment_id != first.payment_id
