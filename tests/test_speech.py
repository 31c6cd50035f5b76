"""Speech through a headset and the keypad (issue 18 items 1, 2, 5, 7), on the real stack.

Whole visits are driven with the keypad's keys only (QTest.keyClick on the window, no touch):
real pcscd + vpcd with the simulated cards, the reference backend on loopback, the private cupsd.
What the terminal says is recorded from the speaker (``said``) and compared with the screens'
texts; with no headset, nothing of the card is ever in it, and a code's digits never are.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from bms_kiosk.speech import words
from bms_kiosk.app import Backend
from bms_kiosk.hardware.pcsc import PcscCardSource
from tests.test_attestation_journey import ALL_NIRS, CODE, WAIT, Visit, printer  # noqa: F401 (fixture)

pytestmark = pytest.mark.pcsc
K = Qt.Key


class Ear:
    """Everything the speaker hands to the engine, in order."""

    def __init__(self, kiosk) -> None:
        self.lines: list[str] = []
        kiosk.access.speaker.said.connect(self.lines.append)

    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def start(make_kiosk, card_robot, pcscd, backend_server, cupsd, printer, qtbot):
    """``start(**settings)``: the kiosk on the real stack, speech recorded (engine "none" unless said)."""

    def make(**settings):
        settings = {"speech_engine": "none", **settings}
        backend = Backend(backend_server.url, backend_server.terminal_key)
        kiosk = make_kiosk(PcscCardSource(poll_delay=0.1), backend=backend, printer=printer,
                           backend_read_timeout=3.0, backend_connect_timeout=1.0, **settings)
        qtbot.waitUntil(lambda: kiosk.journey.state == "attract" and kiosk.journey.reader_ready, timeout=WAIT)
        visit = Visit(kiosk, card_robot, qtbot, backend_server, cupsd)
        visit.ear = Ear(kiosk)
        return visit

    return make


def key(visit, k, n: int = 1) -> None:
    for _ in range(n):
        QTest.keyClick(visit.window, k)


def settle(visit) -> None:
    access = visit.kiosk.access
    visit.qtbot.waitUntil(lambda: not access._settle.isActive(), timeout=WAIT)


def test_scratch(start, qtbot):
    visit = start(speech_enabled=True)
    ear = visit.ear
    visit.robot.insert("famille4")
    visit.wait("auth")
    settle(visit)
    for d in CODE:
        QTest.keyClick(visit.window, d)
    settle(visit)
    print("STATE", visit.journey.state, visit.window.auth.keypad.code, visit.kiosk.access.navigator.current)
    print(ear.text())
    key(visit, K.Key_Return)
    qtbot.wait(3000)
    print("STATE2", visit.journey.state, visit.journey.history[-5:])
    print(ear.text())
    visit.wait("menu")
    settle(visit)
    key(visit, K.Key_Return)
    visit.wait("att_choice")
    settle(visit)
    key(visit, K.Key_Down)
    key(visit, K.Key_Return)
    settle(visit)
    print(ear.text())
    assert 0
