"""Caisse-AP over IP records: ``TAG`` (2 characters) + ``LENGTH`` (3 digits) + ``VALUE``.

Pure encoding and decoding, no socket (the adapter in payment_terminal.py owns the socket).
The protocol has no framing: ``parse`` tells an answer that stops in the middle of a record
(``IncompleteRecordsError``: read more) from one that can never become valid
(``MalformedRecordsError``). Facts: ../shared/notes/caisse-ap.md.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Iterable

ENCODING = "ascii"
TAG_SIZE = 2
LENGTH_SIZE = 3
MAX_VALUE_SIZE = 999
_TAG_RE = re.compile(r"[A-Z0-9]{2}")
_TAG_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_DIGITS = frozenset("0123456789")


class Tag(StrEnum):
    VERSION = "CZ"
    TILL_PROTOCOL_ID = "CJ"
    TILL_NUMBER = "CA"
    AMOUNT = "CB"
    ACTION = "CD"
    CURRENCY = "CE"
    ANSWER_MODE = "BA"
    RECEIPT_REQUEST = "CK"
    PRIVATE_DATA = "CF"  # our payment order id, echoed back
    RESULT = "AE"
    DETAIL = "AF"
    AUTHORISATION = "AC"
    MASKED_CARD = "AA"
    CARD_EXPIRY = "AB"
    APPLICATION = "CC"
    READ_MODE = "CI"
    CARD_AID = "AI"
    MERCHANT_CONTRACT = "CG"
    RECEIPT = "ZT"


PROTOCOL_VERSION = "0300"
CURRENCY_EUR = "978"


class Action(StrEnum):
    DEBIT = "0"
    REFUND = "1"
    CANCELLATION = "2"


class AnswerMode(StrEnum):
    AT_END = "0"
    IMMEDIATE = "1"


class Result(StrEnum):
    DONE = "10"
    NOT_DONE = "01"
    TAKEN_INTO_ACCOUNT = "11"  # immediate answer mode only; we never ask for it


class Detail(StrEnum):
    AUTHORISED = "01"
    REFUSED = "04"
    FORBIDDEN = "05"
    CARDHOLDER_ABANDON = "06"
    NOT_COMPLETED = "07"
    INPUT_TIMEOUT = "08"
    FORMAT_ERROR = "09"
    OPERATOR_ABANDON = "11"
    UNKNOWN_ACTION = "12"
    CURRENCY_NOT_SUPPORTED = "13"


class RecordsError(ValueError):
    """Bytes that are not (yet) Caisse-AP records."""


class IncompleteRecordsError(RecordsError):
    """The bytes stop inside a record: more may complete them."""


class MalformedRecordsError(RecordsError):
    """The bytes can never become valid records (bad tag, bad length, repeated tag, not ASCII)."""


def encode(records: Iterable[tuple[str, str]]) -> bytes:
    """Records in the given order (``CZ`` first is the caller's duty)."""
    out = []
    for tag, value in records:
        if not _TAG_RE.fullmatch(tag):
            raise ValueError(f"tag {tag!r}")
        if not 1 <= len(value) <= MAX_VALUE_SIZE:
            raise ValueError(f"{tag}: length {len(value)}")
        out.append(f"{tag}{len(value):03d}{value}")
    return "".join(out).encode(ENCODING)


def parse(data: bytes) -> dict[str, str]:
    """Every record of ``data`` by tag, unknown tags included."""
    try:
        text = data.decode(ENCODING)
    except UnicodeDecodeError:
        raise MalformedRecordsError("not ASCII") from None
    fields: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        head = text[pos:pos + TAG_SIZE + LENGTH_SIZE]
        tag, length = head[:TAG_SIZE], head[TAG_SIZE:]
        # a header cut short is checked on what arrived: "C" may become "CB", "Z?" never will
        if not all(c in _TAG_CHARS for c in tag):
            raise MalformedRecordsError(f"tag {tag!r} at {pos}")
        if not all(c in _DIGITS for c in length):
            raise MalformedRecordsError(f"length {length!r} at {pos}")
        if len(head) < TAG_SIZE + LENGTH_SIZE:
            raise IncompleteRecordsError(f"header at {pos}")
        size = int(length)
        start = pos + TAG_SIZE + LENGTH_SIZE
        if start + size > len(text):
            raise IncompleteRecordsError(f"{tag} value at {start}")
        if tag in fields:
            raise MalformedRecordsError(f"{tag} repeated")
        fields[tag] = text[start:start + size]
        pos = start + size
    return fields


def cents_value(text: str) -> int:
    """An amount field in cents; real terminals pad it with zeros (``"000002550"`` → 2550)."""
    if not text.isdigit():
        raise ValueError(f"amount {text!r}")
    return int(text.lstrip("0") or "0")


def cents_field(cents: int) -> str:
    """Our amount field: at least 2 digits (``5`` → ``"05"``), at most 12."""
    if cents <= 0 or cents >= 10 ** 12:
        raise ValueError(f"amount {cents}")
    return f"{cents:02d}"
