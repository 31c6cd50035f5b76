"""Turns the events of a card source (on its own thread) into Qt signals on the GUI thread."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Signal

from bms_kiosk.hardware.card_events import (
    CardEvent,
    CardInserted,
    CardRead,
    CardReadFailed,
    CardRemoved,
    ReaderStatus,
)


class CardBridge(QObject):
    reader_status = Signal(object)  # ReaderStatus
    card_inserted = Signal(object)  # CardInserted
    card_read = Signal(object)  # VitaleCard
    card_failed = Signal(object)  # CardError
    card_removed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # the source's read_again (CardSource), when it has one: set by the kiosk that wires them
        self.source_read_again: Callable[[], None] | None = None

    def read_again(self) -> None:
        """The card in the reader, if any, reported again as just inserted (see CardSource)."""
        if self.source_read_again is not None:
            self.source_read_again()

    def on_event(self, event: CardEvent) -> None:
        """Called from the source's thread: signals to a GUI-thread receiver are queued by Qt."""
        if isinstance(event, ReaderStatus):
            self.reader_status.emit(event)
        elif isinstance(event, CardInserted):
            self.card_inserted.emit(event)
        elif isinstance(event, CardRead):
            self.card_read.emit(event.card)
        elif isinstance(event, CardReadFailed):
            self.card_failed.emit(event.error)
        elif isinstance(event, CardRemoved):
            self.card_removed.emit()
