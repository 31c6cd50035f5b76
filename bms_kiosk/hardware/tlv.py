"""BER-TLV decoding (ISO 7816-4 / X.690 subset) for the carte Vitale.

Tags may span several bytes (``7F21``, ``5F37``); lengths are short form or long form with
up to 3 length bytes. Anything else — truncation, indefinite length (``80``), a length that
runs past its parent — raises ``MalformedCardError``. Padding bytes ``00``/``FF`` between
top-level objects are skipped, as ISO 7816-4 allows.
"""

from __future__ import annotations

from dataclasses import dataclass

from bms_kiosk.hardware.card_errors import MalformedCardError

_MAX_DEPTH = 8


@dataclass(frozen=True)
class Tlv:
    tag: int  # the tag bytes as a big-endian int: 0x65, 0x7F21
    value: bytes
    children: tuple["Tlv", ...] = ()

    @property
    def constructed(self) -> bool:
        return _first_byte(self.tag) & 0x20 != 0

    def find(self, tag: int) -> "Tlv | None":
        return next((c for c in self.children if c.tag == tag), None)

    def find_all(self, tag: int) -> list["Tlv"]:
        return [c for c in self.children if c.tag == tag]


def _first_byte(tag: int) -> int:
    while tag > 0xFF:
        tag >>= 8
    return tag


def _read_tag(data: bytes, pos: int) -> tuple[int, int]:
    first = data[pos]
    tag = first
    pos += 1
    if first & 0x1F == 0x1F:
        for n in range(3):
            if pos >= len(data):
                raise MalformedCardError("tlv: tag tronqué")
            b = data[pos]
            tag = (tag << 8) | b
            pos += 1
            if not b & 0x80:
                break
            if n == 2:
                raise MalformedCardError("tlv: tag trop long")
    return tag, pos


def _read_length(data: bytes, pos: int) -> tuple[int, int]:
    if pos >= len(data):
        raise MalformedCardError("tlv: longueur absente")
    first = data[pos]
    pos += 1
    if first < 0x80:
        return first, pos
    if first == 0x80:
        raise MalformedCardError("tlv: longueur indéfinie")
    count = first & 0x7F
    if count > 3:
        raise MalformedCardError("tlv: longueur trop longue")
    if pos + count > len(data):
        raise MalformedCardError("tlv: longueur tronquée")
    return int.from_bytes(data[pos : pos + count], "big"), pos + count


def parse(data: bytes, depth: int = 0) -> list[Tlv]:
    """Every TLV object of ``data``, constructed ones decoded recursively."""
    if depth > _MAX_DEPTH:
        raise MalformedCardError("tlv: imbrication trop profonde")
    out: list[Tlv] = []
    pos = 0
    while pos < len(data):
        if depth == 0 and data[pos] in (0x00, 0xFF):
            pos += 1
            continue
        tag, pos = _read_tag(data, pos)
        length, pos = _read_length(data, pos)
        end = pos + length
        if end > len(data):
            raise MalformedCardError("tlv: valeur tronquée")
        value = data[pos:end]
        obj = Tlv(tag, value)
        if obj.constructed:
            obj = Tlv(tag, value, tuple(parse(value, depth + 1)))
        out.append(obj)
        pos = end
    return out


def encode(tag: int, value: bytes) -> bytes:
    """One TLV object (used by the simulated card and the tests)."""
    tag_bytes = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    n = len(value)
    if n < 0x80:
        length = bytes((n,))
    elif n <= 0xFF:
        length = bytes((0x81, n))
    elif n <= 0xFFFF:
        length = b"\x82" + n.to_bytes(2, "big")
    else:
        length = b"\x83" + n.to_bytes(3, "big")
    return tag_bytes + length + value
