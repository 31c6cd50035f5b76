"""The tests' pcscd is private: beside a system pcscd and beside another test run, never touching them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bms_kiosk.hardware.virtual_card import VpcdCard, shipped_cards
from tests.support.pcsc import PCSCD_SOCKET, READER_NAMES, Pcscd, wait_card_state

SYSTEM_SOCKET = Path("/run/pcscd/pcscd.comm")

LIST_READERS = """
from smartcard.scard import *
hr, ctx = SCardEstablishContext(SCARD_SCOPE_USER)
assert hr == SCARD_S_SUCCESS, hex(hr & 0xFFFFFFFF)
hr, readers = SCardListReaders(ctx, [])
hr, states = SCardGetStatusChange(ctx, 0, [(r, SCARD_STATE_UNAWARE) for r in readers])
for reader, state, atr in states:
    print(reader, "present" if state & SCARD_STATE_PRESENT else "empty", bytes(atr).hex())
"""


def readers_seen(socket: Path) -> dict[str, tuple[str, str]]:
    """What a new client process pointed at ``socket`` sees: reader → (presence, ATR)."""
    out = subprocess.run([sys.executable, "-c", LIST_READERS], capture_output=True, text=True, timeout=30,
                         env={**os.environ, "PCSCLITE_CSOCK_NAME": str(socket)}, check=True).stdout
    seen = {}
    for line in out.splitlines():
        name, presence, atr = line.rsplit(" ", 2) if line.count(" ") >= 2 else (line, "", "")
        seen[name] = (presence, atr)
    return seen


def test_daemon_socket_is_private_and_system_path_untouched(pcscd) -> None:  # type: ignore[no-untyped-def]
    before = SYSTEM_SOCKET.stat().st_ino if SYSTEM_SOCKET.exists() else None
    assert PCSCD_SOCKET == pcscd.socket and PCSCD_SOCKET.exists()
    assert not str(PCSCD_SOCKET).startswith("/run/pcscd/")
    assert os.environ["PCSCLITE_CSOCK_NAME"] == str(PCSCD_SOCKET)
    pcscd.restart()
    after = SYSTEM_SOCKET.stat().st_ino if SYSTEM_SOCKET.exists() else None
    assert before == after  # neither created, removed nor replaced on the host


def test_two_private_daemons_each_see_only_their_own_card(pcscd, card_robot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = Pcscd(tmp_path)
    other.start()
    try:
        assert set(other.ports).isdisjoint(pcscd.ports)
        card_robot.insert("famille4", wait=True)
        second = VpcdCard(shipped_cards()["autre_atr"], port=other.ports[0])
        second.insert()
        try:
            mine, theirs = readers_seen(pcscd.socket), readers_seen(other.socket)
            assert mine[READER_NAMES[0]][0] == "present"
            assert theirs[READER_NAMES[0]][0] == "present"
            assert mine[READER_NAMES[0]][1] != theirs[READER_NAMES[0]][1]  # two different cards
        finally:
            second.pull()
        other.stop()
        # Stopping the other daemon leaves ours serving its card.
        assert wait_card_state(0, present=True)
        assert readers_seen(pcscd.socket)[READER_NAMES[0]][0] == "present"
    finally:
        other.stop()
