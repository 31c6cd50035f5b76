"""Exactly once on the real stack: the simulated terminal over TCP (its own process), the
reference backend over HTTP, a kiosk process killed with SIGKILL, the outbox on disk.

Every test ends with the same check: what the terminal really debited (its debit log) and what
the backend accepted agree — debits = accepted results, never more, and the balances moved by
exactly the debited amounts.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bms_kiosk.hardware.payment_terminal import PaymentTerminal
from bms_kiosk.payment.exactly_once import OrderNotPendingError, Step, replay, take_payment
from bms_kiosk.payment.outbox import EntryStatus, OrderAlreadyStartedError, Outbox
from bms_client.client import PaymentOrder
from bms_client.errors import BackendUnreachableError
from tests.support.payment import terminal_for

ROOT = Path(__file__).resolve().parents[1]
DURAND = ["275096938301276"]
REF_A = "1234567890123456A"
REF_B = "2345678901234567B"
STEP_TIMEOUT = 60.0


@pytest.fixture
def client(backend_server):
    c = backend_server.client()
    c.open_session(DURAND, "1234")
    yield c
    c.close()


@pytest.fixture
def outbox(tmp_path) -> Outbox:
    return Outbox(tmp_path / "outbox")


def remaining_cents(backend_server) -> int:
    with sqlite3.connect(f"file:{backend_server.db_path}?mode=ro", uri=True) as db:
        return int(db.execute("SELECT SUM(remaining) FROM creances").fetchone()[0])


def assert_agreement(backend_server, payment_sim, orders: list[PaymentOrder], before_cents: int) -> None:
    debits = payment_sim.logged_debits()
    assert debits == payment_sim.control.debits()[:len(debits)]  # the log file is what it did
    debited = [d["order_id"] for d in debits]
    assert len(debited) == len(set(debited)), "an order debited twice"
    checker = backend_server.client()
    accepted = sorted(o.payment_id for o in orders if checker.payment_status(o.payment_id).status == "accepted")
    assert sorted(debited) == accepted
    assert before_cents - remaining_cents(backend_server) == sum(d["amount_cents"] for d in debits)


def backend_down_once_asked(backend_server):
    """An observer that stops the backend once the terminal is asked (the order is checked before)."""
    def observer(step: Step) -> None:
        if step is Step.TERMINAL_ASKED:
            backend_server.stop()
    return observer


def technician_settles_from_the_journal(outbox: Outbox, payment_sim, backend_server, order: PaymentOrder) -> None:
    """What the terminal's journal says (its debit log), entered by a technician, then replayed."""
    [debit] = [d for d in payment_sim.logged_debits() if d["order_id"] == order.payment_id]
    outbox.settle(order.payment_id, True, debit["authorisation"], debit["card_last4"])
    assert replay(outbox, backend_server.client()).posted == [order.payment_id]


class KioskProcess:
    """tests/support/pay_process.py: one payment in its own process, stopped at a step."""

    def __init__(self, backend_server, payment_sim, outbox: Outbox, order: PaymentOrder, stop_at: str = "") -> None:
        args = {"backend_url": backend_server.url, "terminal_key": backend_server.terminal_key,
                "terminal_port": payment_sim.port, "outbox": str(outbox.directory), "stop_at": stop_at,
                "order": {"payment_id": order.payment_id, "amount": order.amount, "status": order.status}}
        self.process = subprocess.Popen([sys.executable, "-m", "tests.support.pay_process", json.dumps(args)],
                                        cwd=ROOT, stdout=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.strip())
        self.lines.put("")  # end of output

    def wait_for(self, wanted: str) -> list[str]:
        seen = []
        while True:
            line = self.lines.get(timeout=STEP_TIMEOUT)
            seen.append(line)
            if line.startswith(wanted):
                return seen
            assert line, f"the kiosk process ended before {wanted!r}: {seen}"

    def kill9(self) -> None:
        os.kill(self.process.pid, signal.SIGKILL)
        assert self.process.wait(10) == -signal.SIGKILL
        self.process.stdout.close()


# --- without crash
def test_accepted_payment_posted_and_outbox_emptied(backend_server, payment_sim, client, outbox):
    before = remaining_cents(backend_server)
    order = client.pay_creance(REF_A, [], "25.50")
    payment_sim.control.push(segments=6, amount_width=12, unknown_tag=True, card="497010######1234")
    steps: list[Step] = []
    outcome = take_payment(order, terminal_for(payment_sim), outbox, client, steps.append)
    assert outcome.status is EntryStatus.ACCEPTED and outcome.acknowledged
    assert outcome.backend_result.receipt.masked_card == "**** **** **** 1234"
    assert outcome.backend_result.receipt.authorisation_number == outcome.approval.authorisation
    assert steps == [Step.TERMINAL_ASKED, Step.TERMINAL_ANSWERED, Step.OUTCOME_RECORDED, Step.RESULT_POSTED]
    assert outbox.entries() == []
    assert_agreement(backend_server, payment_sim, [order], before)


@pytest.mark.parametrize("outcome", ["refuse", "abandon", "input_timeout", "busy"])
def test_not_taken_recorded_as_failed(backend_server, payment_sim, client, outbox, outcome):
    before = remaining_cents(backend_server)
    order = client.pay_creance(REF_A, [], "20.00")
    payment_sim.control.push(outcome=outcome, segments=3)
    result = take_payment(order, terminal_for(payment_sim), outbox, client)
    assert result.status is EntryStatus.FAILED and result.acknowledged
    assert client.payment_status(order.payment_id).status == "failed"
    assert outbox.entries() == []
    assert_agreement(backend_server, payment_sim, [order], before)


def test_terminal_unreachable_recorded_as_failed(backend_server, client, outbox):
    order = client.pay_creance(REF_A, [], "20.00")
    with socket.socket() as s:  # bound, not listening: refused
        s.bind(("127.0.0.1", 0))
        terminal = PaymentTerminal("127.0.0.1", s.getsockname()[1], till_protocol_id="BMSKIOSK0001")
        result = take_payment(order, terminal, outbox, client)
    assert result.status is EntryStatus.FAILED
    assert client.payment_status(order.payment_id).status == "failed"


def test_one_order_is_never_sent_twice(backend_server, payment_sim, client, outbox):
    """A double tap: the same idempotency key gives the same order, which is not pending any more."""
    before = remaining_cents(backend_server)
    order = client.pay_creance(REF_A, [], "16.00", idempotency_key="tap-0001-durand")
    take_payment(order, terminal_for(payment_sim), outbox, client)
    again = client.pay_creance(REF_A, [], "16.00", idempotency_key="tap-0001-durand")
    assert again.payment_id == order.payment_id
    with pytest.raises(OrderNotPendingError):
        take_payment(again, terminal_for(payment_sim), outbox, client)
    with pytest.raises(OrderNotPendingError):  # the caller's stale copy still says pending
        take_payment(order, terminal_for(payment_sim), outbox, client)
    assert payment_sim.control.payments() == 1
    assert_agreement(backend_server, payment_sim, [order], before)


def test_concurrent_taps_begin_once(outbox):
    def tap(_: int) -> str:
        try:
            outbox.begin("order-0001", 1600)
            return "began"
        except OrderAlreadyStartedError:
            return "refused"
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(tap, range(32)))
    assert sorted(results) == ["began"] + ["refused"] * 31


def test_backend_unreachable_before_asking_the_terminal(backend_server, payment_sim, client, outbox):
    order = client.pay_creance(REF_A, [], "16.00")
    backend_server.stop()
    with pytest.raises(BackendUnreachableError):
        take_payment(order, terminal_for(payment_sim), outbox, client)
    assert outbox.entries() == [] and payment_sim.control.payments() == 0
    backend_server.start()


def test_order_in_the_outbox_is_never_sent_again(backend_server, payment_sim, client, outbox):
    before = remaining_cents(backend_server)
    order = client.pay_creance(REF_A, [], "16.00")
    assert not take_payment(order, terminal_for(payment_sim), outbox, client,
                            backend_down_once_asked(backend_server)).acknowledged
    with pytest.raises(OrderAlreadyStartedError) as exc:
        take_payment(order, terminal_for(payment_sim), outbox, client)  # the backend still says pending
    assert exc.value.status is EntryStatus.ACCEPTED
    assert payment_sim.control.payments() == 1
    backend_server.start()
    assert replay(outbox, client).posted == [order.payment_id]
    assert_agreement(backend_server, payment_sim, [order], before)


# --- backend down
def test_backend_down_when_posting_then_up(backend_server, payment_sim, client, outbox):
    before = remaining_cents(backend_server)
    order = client.pay_creance(REF_A, [], "25.50")
    outcome = take_payment(order, terminal_for(payment_sim), outbox, client, backend_down_once_asked(backend_server))
    assert outcome.status is EntryStatus.ACCEPTED and not outcome.acknowledged
    assert outcome.approval.amount_cents == 2550  # the person is told it is paid: the money is taken
    [entry] = outbox.entries()
    assert (entry.status, entry.authorisation, entry.card_last4) == (
        EntryStatus.ACCEPTED, outcome.approval.authorisation, "4242")
    report = replay(outbox, client)
    assert (report.posted, report.kept) == ([], [order.payment_id])
    backend_server.start()
    assert replay(outbox, client).posted == [order.payment_id]
    assert outbox.entries() == []
    assert replay(outbox, client).posted == []
    assert_agreement(backend_server, payment_sim, [order], before)


def test_several_results_replayed_in_one_go(backend_server, payment_sim, client, outbox):
    before = remaining_cents(backend_server)
    # one order per line: two pending orders on one line could together exceed what it owes
    # (main's backend; issue 12 makes pending orders reserve their amount)
    orders = [client.pay_creance(REF_A, [], "16.00"), client.pay_creance(REF_B, [], "16.00")]
    for order, outcome in zip(orders, ["approve", "refuse"]):
        payment_sim.control.push(outcome=outcome)
        take_payment(order, terminal_for(payment_sim), outbox, client, backend_down_once_asked(backend_server))
        backend_server.start()
    backend_server.stop()
    assert [e.status for e in outbox.entries()] == [EntryStatus.ACCEPTED, EntryStatus.FAILED]
    assert replay(outbox, client).kept == [o.payment_id for o in orders]
    backend_server.start()
    assert replay(outbox, client).posted == [o.payment_id for o in orders]
    assert_agreement(backend_server, payment_sim, orders, before)


def test_outbox_file_holds_nothing_else_personal(backend_server, payment_sim, client, outbox):
    order = client.pay_creance(REF_A, [], "25.50")
    payment_sim.control.push(card="497010######1234", authorisation="XK42")
    take_payment(order, terminal_for(payment_sim), outbox, client, backend_down_once_asked(backend_server))
    [path] = list(outbox.directory.iterdir())
    data = json.loads(path.read_text())
    assert {k: v for k, v in data.items() if v} == {"order_id": order.payment_id, "status": "accepted",
                                                    "authorisation": "XK42", "card_last4": "1234",
                                                    "recorded_at": data["recorded_at"]}
    assert "497010" not in path.read_text() and DURAND[0] not in path.read_text()
    backend_server.start()


# --- crashes: a real SIGKILL of the process that ran the payment
def test_killed_after_approval_before_posting(backend_server, payment_sim, client, outbox):
    before = remaining_cents(backend_server)
    order = client.pay_creance(REF_A, [], "25.50")
    kiosk = KioskProcess(backend_server, payment_sim, outbox, order, stop_at=Step.OUTCOME_RECORDED)
    kiosk.wait_for(Step.OUTCOME_RECORDED)
    kiosk.kill9()
    assert client.payment_status(order.payment_id).status == "pending"
    assert len(payment_sim.logged_debits()) == 1
    # the restart
    restarted = Outbox(outbox.directory)
    assert restarted.recover_interrupted() == []
    assert replay(restarted, backend_server.client()).posted == [order.payment_id]
    assert client.payment_status(order.payment_id).status == "accepted"
    assert_agreement(backend_server, payment_sim, [order], before)


def test_killed_after_the_backend_recorded_before_the_entry_went(backend_server, payment_sim, client, outbox):
    """The post reached the backend but the kiosk died before removing the entry: the replay
    posts it again and the backend applies it once."""
    before = remaining_cents(backend_server)
    order = client.pay_creance(REF_A, [], "25.50")
    kiosk = KioskProcess(backend_server, payment_sim, outbox, order, stop_at=Step.OUTCOME_RECORDED)
    kiosk.wait_for(Step.OUTCOME_RECORDED)
    kiosk.kill9()
    [entry] = outbox.entries()
    client.payment_result(order.payment_id, True, entry.authorisation, entry.card_last4)  # its post, arrived
    assert replay(Outbox(outbox.directory), backend_server.client()).posted == [order.payment_id]
    assert_agreement(backend_server, payment_sim, [order], before)


def test_killed_after_the_answer_before_it_reached_the_disk(backend_server, payment_sim, client, outbox):
    """The approval was only in memory: the in_flight entry says the terminal had the order."""
    before = remaining_cents(backend_server)
    order = client.pay_creance(REF_A, [], "16.00")
    kiosk = KioskProcess(backend_server, payment_sim, outbox, order, stop_at=Step.TERMINAL_ANSWERED)
    kiosk.wait_for(Step.TERMINAL_ANSWERED)
    kiosk.kill9()
    restarted = Outbox(outbox.directory)
    [entry] = restarted.recover_interrupted()
    assert (entry.status, entry.terminal["amount_cents"]) == (EntryStatus.UNKNOWN, 1600)
    assert replay(restarted, backend_server.client()).unknown == [order.payment_id]
    technician_settles_from_the_journal(restarted, payment_sim, backend_server, order)
    assert_agreement(backend_server, payment_sim, [order], before)


def test_killed_after_approval_with_the_backend_down_then_up(backend_server, payment_sim, client, outbox):
    before = remaining_cents(backend_server)
    order = client.pay_creance(REF_A, [], "16.00")
    payment_sim.control.push(hold=True)
    kiosk = KioskProcess(backend_server, payment_sim, outbox, order, stop_at=Step.OUTCOME_RECORDED)
    payment_sim.control.wait_held()
    backend_server.stop()
    payment_sim.control.release("approve")
    kiosk.wait_for(Step.OUTCOME_RECORDED)
    kiosk.kill9()
    restarted = Outbox(outbox.directory)
    restarted.recover_interrupted()
    assert replay(restarted, backend_server.client()).kept == [order.payment_id]
    backend_server.start()
    assert replay(restarted, backend_server.client()).posted == [order.payment_id]
    assert_agreement(backend_server, payment_sim, [order], before)


def test_killed_while_the_terminal_has_the_order(backend_server, payment_sim, client, outbox):
    """The kiosk dies while the cardholder types; the terminal debits anyway. Nothing is paid
    twice; the order waits for a technician with the terminal's data, who settles it."""
    before = remaining_cents(backend_server)
    order = client.pay_creance(REF_A, [], "25.50")
    payment_sim.control.push(hold=True)
    kiosk = KioskProcess(backend_server, payment_sim, outbox, order)
    kiosk.wait_for(Step.TERMINAL_ASKED)
    payment_sim.control.wait_held()
    kiosk.kill9()
    payment_sim.control.release("approve")  # returns once the debit is logged
    assert len(payment_sim.logged_debits()) == 1
    # the restart
    restarted = Outbox(outbox.directory)
    [entry] = restarted.recover_interrupted()
    assert entry.status is EntryStatus.UNKNOWN
    assert entry.terminal == {"amount_cents": 2550, "reason": "interrupted"}
    report = replay(restarted, backend_server.client())
    assert (report.posted, report.unknown) == ([], [order.payment_id])
    assert client.payment_status(order.payment_id).status == "pending"
    with pytest.raises(OrderAlreadyStartedError):
        take_payment(order, terminal_for(payment_sim), restarted, client)
    assert payment_sim.control.payments() == 1
    technician_settles_from_the_journal(restarted, payment_sim, backend_server, order)
    assert_agreement(backend_server, payment_sim, [order], before)


def test_connection_dropped_after_the_debit_waits_for_a_technician(backend_server, payment_sim, client, outbox):
    before = remaining_cents(backend_server)
    order = client.pay_creance(REF_A, [], "20.00")
    payment_sim.control.push(outcome="drop_after_debit")
    outcome = take_payment(order, terminal_for(payment_sim), outbox, client)
    assert outcome.status is EntryStatus.UNKNOWN and not outcome.acknowledged
    [entry] = outbox.unknown()
    assert entry.terminal["reason"] == "connection_lost" and entry.terminal["amount_cents"] == 2000
    assert replay(outbox, client).unknown == [order.payment_id]
    assert client.payment_status(order.payment_id).status == "pending"
    technician_settles_from_the_journal(outbox, payment_sim, backend_server, order)
    assert_agreement(backend_server, payment_sim, [order], before)


def test_result_refused_by_the_backend_goes_to_a_technician(backend_server, payment_sim, client, outbox):
    order = client.pay_creance(REF_A, [], "20.00")
    payment_sim.control.push(outcome="drop_after_debit")
    take_payment(order, terminal_for(payment_sim), outbox, client)
    client.payment_result(order.payment_id, False)  # someone recorded it failed meanwhile
    outbox.settle(order.payment_id, True, "A1", "4242")
    report = replay(outbox, client)
    assert report.unknown == [order.payment_id]
    [entry] = outbox.unknown()
    assert entry.terminal["reason"] == "backend_refused" and entry.terminal["backend_code"] == "conflict"


def test_temp_files_left_by_a_crash(outbox):
    (outbox.directory / ".tmp-abc").write_text("{half")
    assert outbox.entries() == []
    outbox.recover_interrupted()
    assert list(outbox.directory.iterdir()) == []
