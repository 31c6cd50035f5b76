"""Fixtures of the real PC/SC stack: our own ``pcscd --foreground`` and a card robot on vpcd.

``pcscd``: the daemon, started once per session and checked (restarted if a test stopped it)
before every test that uses it; ``restart()``, ``stop()``, ``start()`` for fault tests.
``card_robot``: ``insert(card, pull_after_apdus=None, slot=0, wait=False)`` plugs a simulated carte Vitale
(a shipped card name, a path, a ``CardFile`` or a ``CardImage``) into vpcd slot 0 (port 35963)
or 1 (35964); ``pull(slot=0)`` removes it and waits until pcscd has seen it go. Every card is pulled at the end of the test.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

import psutil
import pytest
from smartcard import scard

from bms_kiosk.hardware.virtual_card import VpcdCard, shipped_cards

PCSCD_SOCKET = Path("/run/pcscd/pcscd.comm")
VPCD_PORTS = (35963, 35964)
READER_NAMES = ("Virtual PCD 00 00", "Virtual PCD 00 01")


def _listening(port: int) -> bool:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                return True
    return False


def _other_pcscd(mine: int | None) -> list[int]:
    return [p.pid for p in psutil.process_iter(["name"]) if p.info["name"] == "pcscd" and p.pid != mine]


class Pcscd:
    """One ``pcscd --foreground`` of ours."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = Path(tempfile.gettempdir()) / "bms-kiosk-pcscd.log"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, timeout: float = 10.0) -> None:
        if self.running:
            return
        others = _other_pcscd(None)
        if others:
            pytest.fail(f"un autre pcscd tourne déjà (pid {others}) : arrêtez-le avant les tests", pytrace=False)
        deadline = time.monotonic() + timeout
        # No pcscd runs (checked above): a socket file left is from a killed one.
        PCSCD_SOCKET.unlink(missing_ok=True)
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(["pcscd", "--foreground"], stdout=out, stderr=subprocess.STDOUT)
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"pcscd s'est arrêté au démarrage (code {self.proc.returncode}), voir {self.log}")
            if PCSCD_SOCKET.exists() and all(_listening(p) for p in VPCD_PORTS):
                return
            time.sleep(0.02)
        self.stop()
        pytest.fail(f"pcscd pas prêt en {timeout} s, voir {self.log}")

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()

    def kill(self) -> None:
        """Abrupt end (SIGKILL), reaped: what a crash looks like to clients."""
        if self.proc is not None:
            self.proc.kill()
            self.proc.wait()
            self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture(scope="session")
def _pcscd_session() -> Iterator[Pcscd]:
    if shutil.which("pcscd") is None:
        pytest.fail("pcscd n'est pas installé (scripts/setup.sh)", pytrace=False)
    daemon = Pcscd()
    daemon.start()
    try:
        yield daemon
    finally:
        daemon.stop()


@pytest.fixture
def pcscd(_pcscd_session: Pcscd) -> Pcscd:
    """The running daemon (started again if an earlier test stopped it)."""
    _pcscd_session.start()
    return _pcscd_session


def wait_card_state(slot: int, present: bool, timeout: float = 3.0) -> bool | None:
    """Until pcscd itself sees the card in (or out of) the reader; it polls every ~0.4 s.
    None: pcscd is not there to ask."""
    hr, ctx = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hr != scard.SCARD_S_SUCCESS:
        return None
    try:
        deadline = time.monotonic() + timeout
        known = scard.SCARD_STATE_UNAWARE
        while time.monotonic() < deadline:
            hr, states = scard.SCardGetStatusChange(ctx, 200, [(READER_NAMES[slot], known)])
            if hr == scard.SCARD_S_SUCCESS:
                known = states[0][1] & ~scard.SCARD_STATE_CHANGED
                if bool(known & scard.SCARD_STATE_PRESENT) == present:
                    return True
            elif (hr & 0xFFFFFFFF) != (scard.SCARD_E_TIMEOUT & 0xFFFFFFFF):
                return None
        return False
    finally:
        scard.SCardReleaseContext(ctx)


class CardRobot:
    """Inserts and pulls simulated cards in the vpcd readers.

    With ``wait`` (the default) ``insert``/``pull`` return once pcscd has seen the change, so a
    test starting a card source next knows what it will find.
    """

    def __init__(self) -> None:
        self.cards: dict[int, VpcdCard] = {}

    def insert(self, card: Any, pull_after_apdus: int | None = None, slot: int = 0,
               wait: bool = False) -> VpcdCard:
        self.pull(slot)
        if isinstance(card, str) and card in shipped_cards():
            card = shipped_cards()[card]
        vpcd = VpcdCard(card, port=VPCD_PORTS[slot], pull_after_apdus=pull_after_apdus)
        vpcd.insert()
        self.cards[slot] = vpcd
        if wait and wait_card_state(slot, present=True) is False:
            pytest.fail("pcscd n'a pas vu la carte insérée")
        return vpcd

    def pull(self, slot: int = 0, wait: bool = True) -> None:
        vpcd = self.cards.pop(slot, None)
        if vpcd is not None:
            vpcd.pull()
            if wait and wait_card_state(slot, present=False) is False:
                pytest.fail("pcscd n'a pas vu la carte retirée")

    def pull_all(self) -> None:
        for slot in list(self.cards):
            self.pull(slot)


@pytest.fixture
def card_robot(pcscd: Pcscd) -> Iterator[CardRobot]:
    robot = CardRobot()
    try:
        yield robot
    finally:
        robot.pull_all()


__all__ = ["Pcscd", "CardRobot", "READER_NAMES", "VPCD_PORTS"]
