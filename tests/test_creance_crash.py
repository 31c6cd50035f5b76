"""A créance payment across a real kill -9 of the kiosk process (the real kiosk, driven by taps in
tests/support/kiosk_process.py), then a restart of the kiosk that replays the outbox.

Each test ends with the backend's balances and the simulator's debit log agreeing: debits =
accepted results, never more; the order was sent to the terminal once.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from bms_kiosk.app import Backend
from bms_kiosk.hardware.pcsc import PcscCardSource
from bms_kiosk.payment.outbox import EntryStatus, Outbox
from tests.support.kiosk import save_screen
from tests.test_creance_journey import OLDEST, REFERENCE, agreement, payments, remaining

pytestmark = pytest.mark.pcsc
ROOT = Path(__file__).resolve().parent.parent
WAIT = 30.0


class KioskProcess:
    def __init__(self, backend_server, payment_sim, outbox_dir: Path) -> None:
        args = {"backend_url": backend_server.url, "terminal_key": backend_server.terminal_key,
                "terminal_port": payment_sim.port, "outbox": str(outbox_dir), "card_code": "1234",
                "reference": REFERENCE, "lines": [OLDEST], "amount": "25,50"}
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        self.process = subprocess.Popen([sys.executable, "-m", "tests.support.kiosk_process", json.dumps(args)],
                                        cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.put(line.strip())

    def wait_for(self, wanted: str, timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            assert left > 0, f"the kiosk process never said {wanted!r}"
            try:
                if self.lines.get(timeout=left) == wanted:
                    return
            except queue.Empty:
                continue

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        assert self.process.wait(10) == -signal.SIGKILL
        self.process.stdout.close()  # type: ignore[union-attr]


def restart_kiosk(make_kiosk, qtbot, backend_server, payment_sim, outbox_dir: Path):
    return make_kiosk(PcscCardSource(poll_delay=0.1), backend=Backend(backend_server.url, backend_server.terminal_key),
                      payment_terminal_port=payment_sim.port, payment_outbox_dir=str(outbox_dir))


def paying_held(backend_server, payment_sim, card_robot, tmp_path: Path, authorisation: str):
    """The kiosk process has sent the order to the terminal, which holds it (the cardholder)."""
    outbox_dir = tmp_path / "kiosk-outbox"
    payment_sim.control.push(hold=True, authorisation=authorisation)
    kiosk = KioskProcess(backend_server, payment_sim, outbox_dir)
    kiosk.wait_for("ready")
    card_robot.insert("seul")
    kiosk.wait_for("state cr_paying")
    payment_sim.control.wait_held()
    return kiosk, outbox_dir


def test_killed_after_approval_before_the_backend_has_it(make_kiosk, qtbot, card_robot, pcscd, backend_server,
                                                        payment_sim, tmp_path):
    before = remaining(backend_server)
    kiosk, outbox_dir = paying_held(backend_server, payment_sim, card_robot, tmp_path, "CRASH1")
    (order_id, amount, status), = payments(backend_server)
    assert (amount, status) == (2550, "pending")
    assert Outbox(outbox_dir).get(order_id).status is EntryStatus.IN_FLIGHT  # on disk before the terminal
    backend_server.stop()  # the result cannot reach the backend
    payment_sim.control.release()  # the terminal approves and debits
    kiosk.wait_for("state cr_accepted")  # the person is told: the approval is on disk
    entry = Outbox(outbox_dir).get(order_id)
    assert (entry.status, entry.authorisation) == (EntryStatus.ACCEPTED, "CRASH1")
    kiosk.kill()
    card_robot.pull()
    backend_server.start()
    assert payments(backend_server)[0][2] == "pending"
    # the kiosk starts again: the outbox is replayed at start, nothing is asked of the terminal
    restarted = restart_kiosk(make_kiosk, qtbot, backend_server, payment_sim, outbox_dir)
    qtbot.waitUntil(lambda: payments(backend_server)[0][2] == "accepted", timeout=15000)
    qtbot.waitUntil(lambda: Outbox(outbox_dir).entries() == [], timeout=15000)
    assert payment_sim.control.payments() == 1
    after = remaining(backend_server)
    assert after[OLDEST] == before[OLDEST] - 2550
    agreement(backend_server, payment_sim, before)
    # the monitor hears of the replay on the GUI thread, after the worker emptied the outbox
    qtbot.waitUntil(lambda: restarted.maintenance.monitor.last_payments is not None, timeout=15000)
    assert restarted.maintenance.monitor.last_payments.posted == [order_id]


def test_killed_while_the_terminal_has_the_order(make_kiosk, qtbot, card_robot, pcscd, backend_server,
                                                 payment_sim, tmp_path):
    before = remaining(backend_server)
    kiosk, outbox_dir = paying_held(backend_server, payment_sim, card_robot, tmp_path, "HELD42")
    kiosk.kill()  # the terminal has the order: it may debit
    card_robot.pull()
    payment_sim.control.release()  # the cardholder finished anyway: debited, the answer lost
    ((order_id, _, _),) = payments(backend_server)
    restarted = restart_kiosk(make_kiosk, qtbot, backend_server, payment_sim, outbox_dir)
    qtbot.waitUntil(lambda: restarted.maintenance.monitor.last_payments is not None, timeout=15000)
    entry = Outbox(outbox_dir).get(order_id)
    assert entry.status is EntryStatus.UNKNOWN and entry.terminal["reason"] == "interrupted"
    assert payments(backend_server)[0][2] == "pending"  # never guessed
    # listed on the maintenance screen with the terminal's data
    screen = restarted.window.screens["maintenance"]
    controller = restarted.maintenance.technician
    restarted.journey.go("tech_code")
    qtbot.waitUntil(lambda: restarted.journey.state == "tech_code", timeout=5000)
    restarted.journey.go("maintenance")
    qtbot.waitUntil(lambda: restarted.journey.state == "maintenance", timeout=5000)
    controller.refresh()
    qtbot.waitUntil(lambda: order_id in screen.payments.toPlainText(), timeout=10000)
    assert "25,50 € — interrupted" in screen.payments.toPlainText()
    assert screen.tabs.tabText(screen.payments_tab) == "PAIEMENTS (1)"
    screen.tabs.setCurrentIndex(screen.payments_tab)
    save_screen(restarted, "cr_maintenance-unknown-payment")
    # the technician reads the terminal's journal (the simulator's debit log) and settles
    (debit,) = payment_sim.logged_debits()
    config = tmp_path / "kiosk.toml"
    config.write_text(f'payment_outbox_dir = "{outbox_dir}"\n')
    cli = [sys.executable, "-m", "bms_kiosk", "settle-payment"]
    listed = subprocess.run([*cli, "--config", str(config)], capture_output=True, text=True, check=True).stdout
    assert order_id in listed and "25,50 €" in listed
    subprocess.run([*cli, order_id, "accepte", "--authorisation", debit["authorisation"],
                    "--card-last4", debit["card_last4"], "--config", str(config)], check=True)
    assert Outbox(outbox_dir).get(order_id).status is EntryStatus.ACCEPTED
    restarted.maintenance.monitor.check_now()
    qtbot.waitUntil(lambda: payments(backend_server)[0][2] == "accepted", timeout=15000)
    assert payment_sim.control.payments() == 1
    agreement(backend_server, payment_sim, before)
