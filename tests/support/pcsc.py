"""Fixtures of the real PC/SC stack: a private ``pcscd --foreground`` and a card robot on vpcd.

The daemon is ours alone, beside any system pcscd (a developer's desktop runs one, socket
activated) and beside another test run: pcscd binds its socket at a compiled-in path
(``/run/pcscd``) and ignores ``PCSCLITE_CSOCK_NAME``, so it runs in a mount namespace of its own
with a private folder bound on ``/run/pcscd`` (see ``shared/notes/pcscd-private.md``). Its readers
come from a private reader configuration on two free vpcd ports; the USB CCID driver is hidden in
that namespace so the system's pcscd keeps the real readers. The clients of this process (and of
its children) reach it through ``PCSCLITE_CSOCK_NAME``, which libpcsclite reads once, at the first
context: it is set when this module is imported, before any test.

``pcscd``: the daemon, started once per session and checked (restarted if a test stopped it)
before every test that uses it; ``restart()``, ``stop()``, ``start()``, ``kill()`` for fault tests.
``card_robot``: ``insert(card, pull_after_apdus=None, slot=0, wait=False)`` plugs a simulated carte
Vitale (a shipped card name, a path, a ``CardFile`` or a ``CardImage``) into vpcd slot 0 or 1;
``pull(slot=0)`` removes it and waits until pcscd has seen it go. Every card is pulled at the end
of the test.
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from smartcard import scard

from bms_kiosk.hardware.virtual_card import VpcdCard, shipped_cards

READER_FRIENDLY_NAME = "Virtual PCD"
READER_NAMES = (f"{READER_FRIENDLY_NAME} 00 00", f"{READER_FRIENDLY_NAME} 00 01")
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
CCID_BUNDLE = Path("/usr/lib/pcsc/drivers/ifd-ccid.bundle")

# The private daemon's folder, decided before anything in this process talks PC/SC.
PRIVATE_DIR = Path(tempfile.mkdtemp(prefix="bms-pcscd-"))
PCSCD_SOCKET = PRIVATE_DIR / "run" / "pcscd.comm"
os.environ["PCSCLITE_CSOCK_NAME"] = str(PCSCD_SOCKET)
atexit.register(shutil.rmtree, PRIVATE_DIR, True)


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


def _free_port_pair() -> int:
    """A port P with P and P+1 free on every interface (vpcd listens on 0.0.0.0, slot 1 on P+1)."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("0.0.0.0", 0))
            port = int(first.getsockname()[1])
            if port >= 65535:
                continue
            with socket.socket() as second:
                try:
                    second.bind(("0.0.0.0", port + 1))
                except OSError:
                    continue
                return port
    raise RuntimeError("pas de paire de ports libres pour vpcd")


def _pcscd_options() -> list[str]:
    """pcsc-lite 2.x (Debian 13) asks polkit about every client; test daemons have no polkit."""
    out = subprocess.run(["pcscd", "--help"], capture_output=True, text=True).stdout
    return ["--disable-polkit"] if "--disable-polkit" in out else []


class Pcscd:
    """One private ``pcscd --foreground`` of ours, in its own mount namespace."""

    def __init__(self, base: Path = PRIVATE_DIR) -> None:
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = base / "pcscd.log"
        self.run_dir = base / "run"
        self.socket = self.run_dir / "pcscd.comm"
        self.conf_dir = base / "conf"
        self.ports: tuple[int, int] = (0, 0)

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _write_config(self) -> None:
        first = _free_port_pair()
        self.ports = (first, first + 1)
        self.conf_dir.mkdir(parents=True, exist_ok=True)
        (self.conf_dir / "vpcd").write_text(
            f'FRIENDLYNAME "{READER_FRIENDLY_NAME}"\n'
            f"DEVICENAME   /dev/null:{first}\n"
            f"LIBPATH      {VPCD_DRIVER}\n"
        )

    def start(self, timeout: float = 10.0) -> None:
        if self.running:
            return
        if os.geteuid() != 0 or shutil.which("unshare") is None:
            pytest.fail("le pcscd privé des tests demande root et unshare (util-linux)", pytrace=False)
        if not self.ports[0] or _listening(self.ports[0]) or _listening(self.ports[1]):
            self._write_config()
        self.run_dir.mkdir(parents=True, exist_ok=True)
        # Our own folder: whatever is left in it is from our own daemon, already reaped.
        for stale in self.run_dir.iterdir():
            stale.unlink()
        Path("/run/pcscd").mkdir(parents=True, exist_ok=True)  # the bind target must exist
        hide_ccid = (f"mount -t tmpfs none {CCID_BUNDLE} && " if CCID_BUNDLE.is_dir() else "")
        options = " ".join(_pcscd_options())
        script = f'mount --bind "$1" /run/pcscd && {hide_ccid}exec pcscd --foreground --config "$2" {options}'
        argv = ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", script, "sh",
                str(self.run_dir), str(self.conf_dir)]
        deadline = time.monotonic() + timeout
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"pcscd s'est arrêté au démarrage (code {self.proc.returncode}) :\n{self.log_tail()}",
                            pytrace=False)
            if self.socket.exists() and all(_listening(p) for p in self.ports):
                return
            time.sleep(0.02)
        self.stop()
        pytest.fail(f"pcscd pas prêt en {timeout} s :\n{self.log_tail()}", pytrace=False)

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(pas de journal)"

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

    def __init__(self, daemon: Pcscd) -> None:
        self.daemon = daemon
        self.cards: dict[int, VpcdCard] = {}

    def insert(self, card: Any, pull_after_apdus: int | None = None, slot: int = 0,
               wait: bool = False) -> VpcdCard:
        self.pull(slot)
        if isinstance(card, str) and card in shipped_cards():
            card = shipped_cards()[card]
        vpcd = VpcdCard(card, port=self.daemon.ports[slot], pull_after_apdus=pull_after_apdus)
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
    robot = CardRobot(pcscd)
    try:
        yield robot
    finally:
        robot.pull_all()


__all__ = ["Pcscd", "CardRobot", "READER_NAMES", "PCSCD_SOCKET"]
