"""Typed errors of the card layer. Each carries data, never a user text: screens translate."""

from __future__ import annotations


class CardError(Exception):
    """Base of everything the card layer raises."""


class PcscUnavailableError(CardError):
    """The PC/SC service (pcscd) cannot be reached."""


class NoReaderError(CardError):
    """The PC/SC service runs but the configured reader is not there."""


class CardRemovedError(CardError):
    """The card left the reader (before or during the read)."""


class NotVitaleError(CardError):
    """The card is not a carte Vitale: unknown ATR, or the VITALE application is missing."""

    def __init__(self, reason: str, atr: bytes = b"") -> None:
        super().__init__(reason)
        self.reason = reason
        self.atr = atr


class ApduError(CardError):
    """The card answered a command with an unexpected status word."""

    def __init__(self, sw: int, data: bytes = b"") -> None:
        super().__init__(f"SW {sw:04X}")
        self.sw = sw
        self.data = data


class MalformedCardError(CardError):
    """The card's data does not decode: bad TLV, bad NIR key, impossible date, missing field."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CardCommunicationError(CardError):
    """The reader or the card failed a command for another reason (PC/SC error code kept)."""

    def __init__(self, code: int) -> None:
        super().__init__(f"PC/SC 0x{code & 0xFFFFFFFF:08X}")
        self.code = code


class UnexpectedCardError(CardError):
    """A bug while reading a card (not a card fault); the traceback is in the log."""
