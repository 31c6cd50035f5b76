"""What a card source reports, from its own thread, through one callback.

A card source (PC/SC watcher or in-process simulation) calls ``on_event(event)`` with these;
the Qt bridge (flow/card_bridge.py) turns them into signals on the GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable, Protocol, Union

from bms_kiosk.hardware.card_errors import CardError
from bms_client.models import VitaleCard


class ReaderState(str, Enum):
    READY = "ready"  # service up, reader present
    NO_READER = "no_reader"  # service up, reader absent
    SERVICE_DOWN = "service_down"  # pcscd unreachable


@dataclass(frozen=True)
class ReaderStatus:
    state: ReaderState
    readers: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardInserted:
    reader: str
    atr: bytes


@dataclass(frozen=True)
class CardRead:
    card: VitaleCard


@dataclass(frozen=True)
class CardReadFailed:
    error: CardError


@dataclass(frozen=True)
class CardRemoved:
    reader: str


CardEvent = Union[ReaderStatus, CardInserted, CardRead, CardReadFailed, CardRemoved]


class CardSource(Protocol):
    """Started once; reports every change through ``on_event`` from its own thread.

    Order for one card: CardInserted, then CardRead or CardReadFailed, then CardRemoved.
    A card already in the reader at start is reported as inserted. ReaderStatus is reported
    at start and at every change.
    """

    def start(self, on_event: Callable[[CardEvent], None]) -> None: ...

    def stop(self) -> None: ...

    def read_again(self) -> None:
        """The card in the reader, if any, reported again as just inserted: CardInserted, then CardRead
        or CardReadFailed (the kiosk refused it when it came, out of service). Called from any thread;
        nothing when no card is in."""
