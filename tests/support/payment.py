"""Fixtures for the payment terminal: the simulator as its own process, on free loopback ports."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest

from bms_kiosk.hardware.payment_terminal import PaymentTerminal
from bms_kiosk.hardware.payment_terminal_sim import SimulatorProcess

TILL_ID = "BMSKIOSK0001"


def terminal_for(sim: SimulatorProcess, **kw) -> PaymentTerminal:
    kw.setdefault("connect_delay", 2.0)
    kw.setdefault("payment_delay", 60.0)
    return PaymentTerminal("127.0.0.1", sim.port, till_protocol_id=TILL_ID, **kw)


@pytest.fixture
def payment_sim(tmp_path: Path) -> Iterator[SimulatorProcess]:
    sim = SimulatorProcess(debit_log=tmp_path / "debits.jsonl")
    try:
        yield sim
    finally:
        sim.stop()
