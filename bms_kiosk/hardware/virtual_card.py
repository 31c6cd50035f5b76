"""A simulated carte Vitale: card files (bms_backend/cards/*.toml) → card image → APDU processor.

The image has the real structure (SPEC.md): applications VITALE and MF_VITALE, pointer file
2001, BER-TLV data files, a fake ``7F21`` certificate and ``5F37`` signature. The file ids
below are ours; the reader only learns them from the pointer file.

Two ways to plug it in:
- through the real PC/SC stack: ``VpcdCard`` (or ``python -m bms_kiosk.hardware.virtual_card
  CARDFILE [--port 35963] [--pull-after-apdus N]``) connects to pcscd's vpcd driver; closing the
  socket is pulling the card. vpcd listens on every interface: test and demo machines only.
- in-process, without pcscd: ``InProcessConnection`` and ``SimulatedCardSource``.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import queue
import socket
import struct
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from bms_kiosk.hardware import tlv
from bms_kiosk.hardware.card_errors import CardError, CardRemovedError, UnexpectedCardError
from bms_kiosk.hardware.card_events import (CardEvent, CardInserted, CardRead, CardReadFailed,
                                            CardRemoved, ReaderState, ReaderStatus)
from bms_kiosk.hardware.vitale import (AID_MF_VITALE, AID_VITALE, POINTER_FILE_ID, QUALITE_TO_CODE,
                                       read_vitale)
from bms_client.models import Qualite, VitaleCard

log = logging.getLogger(__name__)

SIMULATED_READER = "Lecteur simulé 00"

# Ids of the simulated card's files (the reader never uses these: it reads the pointer file).
FID_BENEFICIARIES = 0x2004
FID_CARD = 0x2006
FID_MF_FILE = 0x2101

_QUALITE_NAMES = {"assure": Qualite.ASSURE, "conjoint": Qualite.CONJOINT,
                  "enfant": Qualite.ENFANT, "autre": Qualite.AUTRE}
FAULTS = ("truncate_data",)


@dataclass(frozen=True)
class CardFile:
    """A card as written in bms_backend/cards/*.toml. Values stay raw strings so faulty cards can exist."""

    description: str
    atr: bytes
    beneficiaries: tuple[dict[str, Any], ...]
    valid_from: str = ""
    code_regime: str = ""
    caisse_code: str = ""
    fault: str = ""
    name: str = ""


@dataclass
class CardImage:
    atr: bytes
    apps: dict[bytes, dict[int, bytes]] = field(default_factory=dict)  # AID → file id → content


def cards_dir() -> Path:
    """bms_backend/cards/: the test cards are the reference backend's seed. Found without importing
    bms_backend (its package imports FastAPI: a second of a demo's start-up)."""
    spec = importlib.util.find_spec("bms_backend")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("bms_backend (the test cards) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "cards"


def shipped_cards() -> dict[str, Path]:
    """The test cards shipped in bms_backend/cards/, by name ("famille4": …/cards/famille4.toml)."""
    return {p.stem: p for p in sorted(cards_dir().glob("*.toml"))}


def load_card(path: str | Path) -> CardFile:
    path = Path(path)
    with path.open("rb") as fh:
        raw = tomllib.load(fh)
    fault = str(raw.get("fault", ""))
    if fault and fault not in FAULTS:
        raise ValueError(f"{path}: fault inconnu {fault!r}")
    people = tuple(dict(b) for b in raw.get("beneficiary", []))
    for p in people:
        q = p.get("qualite")
        if q is not None and q not in _QUALITE_NAMES:
            raise ValueError(f"{path}: qualite inconnue {q!r}")
    return CardFile(description=str(raw.get("description", "")),
                    atr=bytes.fromhex(str(raw["atr"])), beneficiaries=people,
                    valid_from=str(raw.get("valid_from", "")), code_regime=str(raw.get("code_regime", "")),
                    caisse_code=str(raw.get("caisse_code", "")), fault=fault, name=path.stem)


def _latin1(text: str) -> bytes:
    return text.encode("latin-1")


def _beneficiary_tlv(p: dict[str, Any]) -> bytes:
    """Fields missing from the card file are left out (cards with missing data are tests too)."""
    body = b""
    for key, tag in (("nom", 0x80), ("prenom", 0x81), ("naissance", 0x82), ("nationalite", 0x90),
                     ("nir", 0x93)):
        if key in p:
            body += tlv.encode(tag, _latin1(str(p[key])))
    if "qualite" in p:
        body += tlv.encode(0xC0, _latin1(QUALITE_TO_CODE[_QUALITE_NAMES[p["qualite"]]]))
    if "rang" in p:
        body += tlv.encode(0xC1, _latin1(str(p["rang"])))
    body += tlv.encode(0xDF20, b"\x01\x02")  # a tag nobody knows: the reader must skip it
    return tlv.encode(0x65, body)


def _fake_certificate() -> bytes:
    cert = tlv.encode(0x7F21, tlv.encode(0x5F29, b"\x00") + tlv.encode(0x42, b"FR-SIM-CA")
                      + tlv.encode(0x7F49, tlv.encode(0x81, bytes(range(128)))))
    return cert + tlv.encode(0x5F37, bytes(range(255, 127, -1)))


def build_image(card: CardFile) -> CardImage:
    """The card's file system: pointer file, data files, certificate and signature."""
    people = b"".join(_beneficiary_tlv(p) for p in card.beneficiaries)
    if card.fault == "truncate_data":
        people = people[: len(people) - len(_beneficiary_tlv(card.beneficiaries[-1])) // 2]
    else:
        people += _fake_certificate()
    card_body = b""
    if card.valid_from:
        card_body += tlv.encode(0x80, _latin1(card.valid_from))
    if card.code_regime:
        card_body += tlv.encode(0xC0, _latin1(card.code_regime))
    if card.caisse_code:
        card_body += tlv.encode(0xC1, _latin1(card.caisse_code))
    card_file = tlv.encode(0x66, card_body) + _fake_certificate()

    def entry(name: str, number: int, fid: int) -> bytes:
        return tlv.encode(0x80, name.encode("ascii").ljust(8)[:8] + number.to_bytes(2, "big")
                          + fid.to_bytes(2, "big"))

    apps_list = (tlv.encode(0x82, b"\x00\x01\x00\x00" + AID_VITALE)
                 + tlv.encode(0x82, b"\x00\x02\x00\x00" + AID_MF_VITALE)
                 + entry("CARTE", 1, FID_CARD) + entry("BENEF", 1, FID_BENEFICIARIES)
                 + entry("MF_DATA", 2, FID_MF_FILE))
    pointer = tlv.encode(0xE0, tlv.encode(0xA0, apps_list))
    return CardImage(atr=card.atr, apps={
        AID_VITALE: {POINTER_FILE_ID: pointer, FID_CARD: card_file, FID_BENEFICIARIES: people},
        AID_MF_VITALE: {FID_MF_FILE: tlv.encode(0x67, b"\x00" * 16)},
    })


def _sw(sw: int, data: bytes = b"") -> bytes:
    return data + sw.to_bytes(2, "big")


class VirtualVitale:
    """The card side of the protocol: one command APDU in, response data + SW out."""

    def __init__(self, image: CardImage) -> None:
        self.image = image
        self.reset()

    def reset(self) -> None:
        self._app: dict[int, bytes] | None = None
        self._file: bytes | None = None
        self._pending = b""

    def process(self, apdu: bytes) -> bytes:
        if len(apdu) < 4:
            return _sw(0x6700)
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[4:]
        lc_data = b""
        le: int | None = None
        if len(body) == 1:
            le = body[0]
        elif body:
            lc = body[0]
            if lc == 0 or len(body) not in (1 + lc, 2 + lc):
                return _sw(0x6700)
            lc_data = body[1 : 1 + lc]
            le = body[1 + lc] if len(body) == 2 + lc else None
        if cla != 0x00:
            return _sw(0x6E00)
        if ins != 0xC0:
            self._pending = b""
        if ins == 0xA4:
            return self._select(p1, lc_data)
        if ins == 0xB0:
            return self._read_binary(p1, p2, le)
        if ins == 0xC0:
            return self._get_response(le)
        return _sw(0x6D00)

    def _select(self, p1: int, target: bytes) -> bytes:
        if p1 == 0x04:
            app = self.image.apps.get(target)
            if app is None:
                return _sw(0x6A82)
            self._app, self._file = app, None
            # Answer with an FCI through 61xx so the reader's GET RESPONSE path is exercised.
            self._pending = tlv.encode(0x6F, tlv.encode(0x84, target))
            return _sw(0x6100 | len(self._pending))
        if p1 in (0x00, 0x02) and len(target) == 2 and self._app is not None:
            content = self._app.get(int.from_bytes(target, "big"))
            if content is None:
                return _sw(0x6A82)
            self._file = content
            return _sw(0x9000)
        return _sw(0x6A82) if p1 in (0x00, 0x02) else _sw(0x6A86)

    def _read_binary(self, p1: int, p2: int, le: int | None) -> bytes:
        if self._file is None:
            return _sw(0x6986)
        if p1 & 0x80:
            return _sw(0x6A81)  # short EF ids: not on this card
        if le is None:
            return _sw(0x6700)
        offset = (p1 << 8) | p2
        wanted = le or 256
        available = len(self._file) - offset
        if available <= 0:
            return _sw(0x6B00)
        if wanted > available:
            return _sw(0x6C00 | available)
        return _sw(0x9000, self._file[offset : offset + wanted])

    def _get_response(self, le: int | None) -> bytes:
        if not self._pending:
            return _sw(0x6985)
        wanted = (le or 256) if le is not None else len(self._pending)
        out, self._pending = self._pending[:wanted], self._pending[wanted:]
        if self._pending:
            return _sw(0x6100 | min(len(self._pending), 255), out)
        return _sw(0x9000, out)


def as_image(card: "str | Path | CardFile | CardImage") -> CardImage:
    if isinstance(card, CardImage):
        return card
    if isinstance(card, CardFile):
        return build_image(card)
    return build_image(load_card(card))


class InProcessConnection:
    """``CardConnection`` over a ``VirtualVitale`` in this process (no pcscd)."""

    def __init__(self, card: VirtualVitale, pull_after_apdus: int | None = None) -> None:
        self.card = card
        self.pull_after_apdus = pull_after_apdus
        self.apdus = 0
        self.removed = False

    def atr(self) -> bytes:
        if self.removed:
            raise CardRemovedError("carte retirée")
        return self.card.image.atr

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        if self.removed or (self.pull_after_apdus is not None and self.apdus >= self.pull_after_apdus):
            self.removed = True
            raise CardRemovedError("carte retirée")
        self.apdus += 1
        response = self.card.process(apdu)
        return response[:-2], int.from_bytes(response[-2:], "big")


# --- vpcd -------------------------------------------------------------------------------

def _quickack(sock: socket.socket) -> None:
    # Delayed ACK is re-enabled by the kernel after each ACK: set it again before every recv.
    if hasattr(socket, "TCP_QUICKACK"):
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)


def _recv_exact(sock: socket.socket, n: int) -> bytes | None:
    buf = b""
    while len(buf) < n:
        _quickack(sock)
        chunk = sock.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


class VpcdCard:
    """A simulated card plugged into pcscd's vpcd reader; ``insert()``/``pull()`` from any thread."""

    def __init__(self, card: "str | Path | CardFile | CardImage", port: int = 35963,
                 pull_after_apdus: int | None = None, host: str = "127.0.0.1") -> None:
        self.card = VirtualVitale(as_image(card))
        self.port = port
        self.host = host
        self.pull_after_apdus = pull_after_apdus
        self.apdus = 0
        self.pulled = threading.Event()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None

    def insert(self, connect_timeout: float = 5.0) -> None:
        if self._thread is not None:
            raise RuntimeError("carte déjà insérée")
        deadline = time.monotonic() + connect_timeout
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sock = sock
        self.pulled.clear()
        self.apdus = 0
        self.card.reset()
        self._thread = threading.Thread(target=self._serve, args=(sock,), daemon=True,
                                        name=f"vpcd-card-{self.port}")
        self._thread.start()

    def pull(self) -> None:
        sock, thread = self._sock, self._thread
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes the recv blocked in _serve
            except OSError:
                pass
        if thread is not None:
            thread.join(timeout=5)
        self._sock = self._thread = None

    @property
    def inserted(self) -> bool:
        return self._thread is not None and not self.pulled.is_set()

    def _serve(self, sock: socket.socket) -> None:
        try:
            while True:
                header = _recv_exact(sock, 2)
                if header is None:
                    return
                payload = _recv_exact(sock, struct.unpack(">H", header)[0])
                if payload is None:
                    return
                if len(payload) == 1:
                    code = payload[0]
                    if code == 0x04:
                        reply: bytes | None = self.card.image.atr
                    else:
                        if code in (0x00, 0x01, 0x02):
                            self.card.reset()
                        reply = None
                else:
                    if self.pull_after_apdus is not None and self.apdus >= self.pull_after_apdus:
                        return  # pulled in the middle of a command: no answer
                    self.apdus += 1
                    reply = self.card.process(payload)
                if reply is not None:
                    sock.sendall(struct.pack(">H", len(reply)) + reply)
        except OSError:
            return
        finally:
            self.pulled.set()
            try:
                sock.close()
            except OSError:
                pass


# --- in-process card source --------------------------------------------------------------

class SimulatedCardSource:
    """``CardSource`` without pcscd: ``insert()``/``pull()`` drive it, events come from its thread."""

    def __init__(self, reader_fn: Callable[..., VitaleCard] = read_vitale,
                 reader_name: str = SIMULATED_READER, read_delay: float = 0.0) -> None:
        self.reader_fn = reader_fn
        self.reader_name = reader_name
        self.read_delay = read_delay
        self._commands: queue.Queue[tuple[str, Any, int | None]] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._on_event: Callable[[CardEvent], None] | None = None

    def start(self, on_event: Callable[[CardEvent], None]) -> None:
        self._on_event = on_event
        self._thread = threading.Thread(target=self._run, daemon=True, name="simulated-card-source")
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._commands.put(("stop", None, None))
            self._thread.join(timeout=5)
            self._thread = None

    def insert(self, card: "str | Path | CardFile | CardImage", pull_after_apdus: int | None = None) -> None:
        self._commands.put(("insert", as_image(card), pull_after_apdus))

    def pull(self) -> None:
        self._commands.put(("pull", None, None))

    def read_again(self) -> None:
        """See ``CardSource``."""
        self._commands.put(("again", None, None))

    def _emit(self, event: CardEvent) -> None:
        assert self._on_event is not None
        try:
            self._on_event(event)
        except Exception:  # a broken listener must not kill the source
            log.exception("écouteur d'événements carte en erreur")

    def _run(self) -> None:
        self._emit(ReaderStatus(ReaderState.READY, (self.reader_name,)))
        present: Any = None  # the image of the card in
        while True:
            what, image, pull_after = self._commands.get()
            if what in ("pull", "stop", "insert") and present is not None:
                self._emit(CardRemoved(self.reader_name))
                present = None
            if what == "stop":
                return
            if what == "again" and present is not None:
                what, image, pull_after = "insert", present, None
            if what == "insert":
                present = image
                self._emit(CardInserted(self.reader_name, image.atr))
                if self.read_delay:
                    time.sleep(self.read_delay)
                conn = InProcessConnection(VirtualVitale(image), pull_after)
                try:
                    self._emit(CardRead(self.reader_fn(conn)))
                except CardError as exc:
                    self._emit(CardReadFailed(exc))
                except Exception:  # same net as the PC/SC source
                    log.exception("erreur inattendue pendant la lecture de carte")
                    self._emit(CardReadFailed(UnexpectedCardError("lecture")))
                if conn.removed:  # pulled mid-read: the card is gone
                    self._emit(CardRemoved(self.reader_name))
                    present = None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Carte Vitale simulée branchée sur le lecteur vpcd de pcscd")
    parser.add_argument("card", help="fichier carte (bms_backend/cards/*.toml) ou nom d'une carte livrée")
    parser.add_argument("--port", type=int, default=35963)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--pull-after-apdus", type=int, default=None)
    args = parser.parse_args(argv)
    path = shipped_cards().get(args.card, Path(args.card))
    card = VpcdCard(path, port=args.port, pull_after_apdus=args.pull_after_apdus, host=args.host)
    card.insert()
    print(f"carte {path.stem} insérée sur le port {args.port} ; Ctrl-C pour la retirer", flush=True)
    try:
        card.pulled.wait()
    except KeyboardInterrupt:
        pass
    card.pull()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
