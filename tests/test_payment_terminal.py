"""The Caisse-AP adapter against the simulated terminal, a separate process over real TCP."""

from __future__ import annotations

import socket
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bms_kiosk.settings import Config, ConfigError
from bms_kiosk.hardware import caisse_ap
from bms_kiosk.hardware.payment_errors import (
    CardholderAbandonedError,
    InputTimeoutError,
    PaymentNotTakenError,
    PaymentOutcomeUnknownError,
    PaymentRefusedError,
    TerminalBusyError,
    TerminalFormatError,
    TerminalUnreachableError,
    UnknownOutcomeReason,
)
from bms_kiosk.hardware.payment_terminal import PaymentTerminal
from tests.support.payment import TILL_ID, terminal_for

ORDER = "5b0e7f2a-1c9d-4e2b-9f61-0d3c2a7b8e10"


# --- records
@given(st.dictionaries(st.from_regex(r"[A-Z0-9]{2}", fullmatch=True),
                       st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1, max_size=40),
                       min_size=1, max_size=8), st.data())
def test_any_prefix_is_incomplete_and_the_whole_parses(records, data):
    encoded = caisse_ap.encode(records.items())
    assert caisse_ap.parse(encoded) == records
    cut = data.draw(st.integers(min_value=1, max_value=len(encoded) - 1))
    prefix = encoded[:cut]
    try:
        parsed = caisse_ap.parse(prefix)
    except caisse_ap.IncompleteRecordsError:
        return
    assert parsed.items() <= records.items()  # a cut between two records: the first ones


@pytest.mark.parametrize("garbage", [b"C?0040300", b"CZ0x40300", b"CZ0040300CZ0040300", "CZ001é".encode()])
def test_malformed_records(garbage):
    with pytest.raises(caisse_ap.MalformedRecordsError):
        caisse_ap.parse(garbage)


def test_amounts_compare_without_padding():
    assert caisse_ap.cents_value("000000002550") == caisse_ap.cents_value("2550") == 2550
    assert caisse_ap.cents_field(5) == "05"


def test_request_records():
    terminal = PaymentTerminal("127.0.0.1", 1, till_protocol_id=TILL_ID, till_number="03")
    assert terminal.request(2550, ORDER) == (
        b"CZ0040300CJ012BMSKIOSK0001CA00203CB0042550CD0010CE003978BA0010CF036" + ORDER.encode())


def test_settings_checked():
    with pytest.raises(ConfigError, match="payment_terminal_till_id"):
        Config({"payment_terminal_till_id": "short"})
    with pytest.raises(ConfigError, match="payment_terminal_till_number"):
        Config({"payment_terminal_till_number": "1"})
    terminal = PaymentTerminal.from_config(Config({"payment_terminal_port": 9999,
                                                   "payment_terminal_payment_delay": 30.0}))
    assert (terminal.port, terminal.payment_delay, terminal.connect_delay) == (9999, 30.0, 10.0)


# --- against the simulator
def test_approved_split_padded_with_an_unknown_tag(payment_sim):
    payment_sim.control.push(segments=17, amount_width=12, unknown_tag=True, authorisation="A1B2C3",
                             card="497010######1234")
    approval = terminal_for(payment_sim).debit(2550, ORDER)
    assert (approval.order_id, approval.amount_cents, approval.authorisation, approval.card_last4) == (
        ORDER, 2550, "A1B2C3", "1234")
    assert [(d["order_id"], d["amount_cents"]) for d in payment_sim.logged_debits()] == [(ORDER, 2550)]


def test_cardholder_taking_time(payment_sim):
    payment_sim.control.push(cardholder_delay=1.5, segments=3)
    assert terminal_for(payment_sim).debit(1600, ORDER).amount_cents == 1600


@pytest.mark.parametrize("outcome, error, detail", [
    ("refuse", PaymentRefusedError, "04"),
    ("abandon", CardholderAbandonedError, "06"),
    ("input_timeout", InputTimeoutError, "08"),
    ("format_error", TerminalFormatError, "09"),
    ("busy", TerminalBusyError, ""),
])
def test_not_done(payment_sim, outcome, error, detail):
    payment_sim.control.push(outcome=outcome, segments=4)
    with pytest.raises(error) as exc:
        terminal_for(payment_sim).debit(2000, ORDER)
    assert isinstance(exc.value, PaymentNotTakenError)
    assert (exc.value.order_id, exc.value.detail) == (ORDER, detail)
    assert payment_sim.logged_debits() == []


def test_busy_while_another_payment_runs(payment_sim):
    payment_sim.control.push(hold=True)
    first: list[object] = []
    runner = threading.Thread(target=lambda: first.append(terminal_for(payment_sim).debit(2000, "first-order")))
    runner.start()
    payment_sim.control.wait_held()
    with pytest.raises(TerminalBusyError):
        terminal_for(payment_sim).debit(2000, ORDER)
    payment_sim.control.release()
    runner.join(30)
    assert [d["order_id"] for d in payment_sim.logged_debits()] == ["first-order"]
    assert first[0].order_id == "first-order"


@pytest.mark.parametrize("drop_after_bytes", [0, 40, 45])  # none, up to AE (parses), mid-AF
def test_connection_dropped_after_the_debit(payment_sim, drop_after_bytes):
    payment_sim.control.push(outcome="drop_after_debit", drop_after_bytes=drop_after_bytes)
    with pytest.raises(PaymentOutcomeUnknownError) as exc:
        terminal_for(payment_sim).debit(2000, ORDER)
    assert exc.value.reason is UnknownOutcomeReason.CONNECTION_LOST
    assert (exc.value.order_id, exc.value.amount_cents) == (ORDER, 2000)
    assert len(payment_sim.logged_debits()) == 1


def test_whole_payment_time_limit(payment_sim):
    payment_sim.control.push(outcome="silent")
    with pytest.raises(PaymentOutcomeUnknownError) as exc:
        terminal_for(payment_sim, payment_delay=1.0).debit(2000, ORDER)
    assert exc.value.reason is UnknownOutcomeReason.TIME_LIMIT


def test_answer_for_another_order(payment_sim):
    payment_sim.control.push(answer_order_id="another-order")
    with pytest.raises(PaymentOutcomeUnknownError) as exc:
        terminal_for(payment_sim).debit(2000, ORDER)
    assert exc.value.reason is UnknownOutcomeReason.ORDER_MISMATCH
    assert exc.value.fields["CF"] == "another-order" and "AA" not in exc.value.fields


def test_answer_with_another_amount(payment_sim):
    payment_sim.control.push(answer_amount_cents=5000, amount_width=10)
    with pytest.raises(PaymentOutcomeUnknownError) as exc:
        terminal_for(payment_sim).debit(2000, ORDER)
    assert exc.value.reason is UnknownOutcomeReason.AMOUNT_MISMATCH
    assert exc.value.fields["CB"] == "0000005000"


def test_terminal_not_listening():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, not listening: refused
        with pytest.raises(TerminalUnreachableError) as exc:
            PaymentTerminal("127.0.0.1", port, till_protocol_id=TILL_ID, connect_delay=1.0).debit(2000, ORDER)
    assert exc.value.port == port


def test_malformed_answer_after_sending():
    """A peer that answers garbage after our request: the outcome is unknown, not a failure."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)

        def answer() -> None:
            conn, _ = server.accept()
            with conn:
                conn.recv(4096)
                conn.sendall(b"CZ0040301AE00210HELLO")

        thread = threading.Thread(target=answer)
        thread.start()
        with pytest.raises(PaymentOutcomeUnknownError) as exc:
            PaymentTerminal("127.0.0.1", server.getsockname()[1], till_protocol_id=TILL_ID).debit(2000, ORDER)
        thread.join(10)
    assert exc.value.reason is UnknownOutcomeReason.MALFORMED_ANSWER


def test_terminal_keeping_the_connection_open(payment_sim):
    """No end marker: once the answer parses, the adapter waits the settle delay and stops."""
    payment_sim.control.push(close_after_answer=False, segments=5)
    approval = terminal_for(payment_sim, settle_delay=0.2).debit(2000, ORDER)
    assert approval.amount_cents == 2000


def test_approval_without_the_order_id(payment_sim):
    payment_sim.control.push(answer_order_id="")
    with pytest.raises(PaymentOutcomeUnknownError) as exc:
        terminal_for(payment_sim).debit(2000, ORDER)
    assert exc.value.reason is UnknownOutcomeReason.ORDER_MISMATCH


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.integers(min_value=1, max_value=140), max_size=6), padding=st.integers(0, 12))
def test_answer_cut_anywhere(payment_sim, cuts, padding):
    payment_sim.control.push(cardholder_delay=0.0, cuts=cuts, amount_width=padding, unknown_tag=bool(len(cuts) % 2))
    assert terminal_for(payment_sim).debit(2550, ORDER).amount_cents == 2550
