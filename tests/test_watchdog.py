"""sd_notify from the event loop: a test socket stands in for systemd's NOTIFY_SOCKET."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

import pytest

from bms_kiosk.maintenance.watchdog import Notifier, Watchdog, watchdog_interval_ms


def receive_all(sock: socket.socket) -> list[str]:
    got = []
    while True:
        try:
            got.append(sock.recv(4096).decode())
        except BlockingIOError:
            return got


@pytest.fixture(params=["path", "abstract"])
def notify_socket(request, tmp_path: Path):
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    if request.param == "path":
        address = str(tmp_path / "notify.sock")
        sock.bind(address)
    else:
        address = f"@bms-kiosk-test-{os.getpid()}-{time.monotonic_ns()}"
        sock.bind(b"\0" + address[1:].encode())
    sock.setblocking(False)
    yield address, sock
    sock.close()


def test_interval_is_half_of_watchdog_usec():
    assert watchdog_interval_ms({"WATCHDOG_USEC": "30000000"}) == 15000
    assert watchdog_interval_ms({}) is None and watchdog_interval_ms({"WATCHDOG_USEC": "0"}) is None
    assert not Notifier.from_env({}).notify("READY=1")  # not under systemd: nothing, no error


def test_watchdog_pings_from_the_event_loop_and_stops_when_it_is_blocked(qtbot, notify_socket):
    address, sock = notify_socket
    dog = Watchdog.from_env({"NOTIFY_SOCKET": address, "WATCHDOG_USEC": "100000"})  # ping every 50 ms
    assert dog.interval_ms == 50
    dog.start()
    assert receive_all(sock) == []  # nothing before the loop runs
    got: list[str] = []
    qtbot.waitUntil(lambda: got.extend(receive_all(sock)) or got.count("WATCHDOG=1") >= 4, timeout=3000)
    assert got[0].startswith("READY=1")

    time.sleep(0.5)  # the GUI thread is blocked: no event loop, no ping
    assert receive_all(sock) == []

    again: list[str] = []  # the loop runs again: pings again
    qtbot.waitUntil(lambda: again.extend(receive_all(sock)) or again.count("WATCHDOG=1") >= 2, timeout=3000)
    dog.stop()
    assert receive_all(sock)[-1] == "STOPPING=1"
