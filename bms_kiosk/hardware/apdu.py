"""The one interface between card decoding and whatever carries APDUs (PC/SC, simulation).

``CardConnection`` is what adapters implement. ``ApduChannel`` wraps one and is what the
decoder talks to: it resolves ``61xx`` (GET RESPONSE) and ``6Cxx`` (resend with the right Le)
in one place, counts the APDUs actually sent, and traces them when asked to.
"""

from __future__ import annotations

import logging
from typing import Protocol

log = logging.getLogger(__name__)

SW_OK = 0x9000
# Bounds the 61xx/6Cxx chains: a card that keeps asking would otherwise loop forever.
_MAX_CHAINED = 16


class CardConnection(Protocol):
    """A card in a reader. Errors are ``CardError`` subclasses, never transport exceptions."""

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        """Send one command APDU; return (response data, status word such as 0x9000)."""
        ...

    def atr(self) -> bytes: ...


def command(cla: int, ins: int, p1: int, p2: int, data: bytes = b"", le: int | None = None) -> bytes:
    """A short command APDU; ``le=0`` means 256 (Le byte 00)."""
    apdu = bytes((cla, ins, p1, p2))
    if data:
        apdu += bytes((len(data),)) + data
    if le is not None:
        apdu += bytes((le & 0xFF,))
    return apdu


class ApduChannel:
    """``CardConnection`` plus status-word chaining, an APDU counter and an optional trace."""

    def __init__(self, conn: CardConnection, trace: bool = False) -> None:
        self.conn = conn
        self.trace = trace
        self.count = 0

    def atr(self) -> bytes:
        return self.conn.atr()

    def _send(self, apdu: bytes) -> tuple[bytes, int]:
        self.count += 1
        data, sw = self.conn.transmit(apdu)
        if self.trace:
            # Command in full, response as length + SW only: data files hold names and NIRs.
            log.warning("APDU > %s | < %d octet(s) SW %04X", apdu.hex(" "), len(data), sw)
        return data, sw

    def transmit(self, apdu: bytes) -> tuple[bytes, int]:
        """Send ``apdu``; follow 61xx with GET RESPONSE and 6Cxx with a resend."""
        data, sw = self._send(apdu)
        for _ in range(_MAX_CHAINED):
            if sw >> 8 == 0x6C and len(apdu) >= 4:
                # Wrong Le: the card told us the right one; resend with it.
                apdu = _with_le(apdu, sw & 0xFF)
                data, sw = self._send(apdu)
            elif sw >> 8 == 0x61:
                more, sw = self._send(command(apdu[0] & 0x03, 0xC0, 0, 0, le=sw & 0xFF))
                data += more
            else:
                return data, sw
        return data, sw


def _with_le(apdu: bytes, le: int) -> bytes:
    """Replace (or add) the Le byte of a short APDU."""
    if len(apdu) == 4:
        return apdu + bytes((le,))
    if len(apdu) == 5:  # case 2: header + Le
        return apdu[:4] + bytes((le,))
    lc = apdu[4]
    return apdu[: 5 + lc] + bytes((le,))
