"""The local outbox: payment outcomes the backend has not acknowledged yet. Qt-free.

One JSON file per payment order in one directory, each written atomically (temp file, fsync,
rename, fsync of the directory): a kill -9 or a power cut leaves the old entry or the new one,
never half of one. An entry holds the order id, its status, the authorisation number and the
card's last 4 digits — nothing else personal. Entries whose outcome is unknown also hold what
the terminal said (``terminal``: amount, reason, whitelisted answer fields) for a technician.

Statuses:
- ``in_flight``: written before the terminal is asked; never replayed. Found at start
  (``recover_interrupted``), it becomes ``unknown``: the terminal may have debited.
- ``accepted`` / ``failed``: to post to the backend (``replay`` in exactly_once.py), then removed.
- ``unknown``: kept for a technician, who settles it (``settle``) from the terminal's journal.
An order that has an entry is never sent to the terminal again (``begin`` refuses it).
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, Mapping

from bms_kiosk.hardware.payment_errors import UnknownOutcomeReason
from bms_kiosk.hardware.payment_terminal import AUTHORISATION_RE, CARD_LAST4_RE, ORDER_ID_RE

SUFFIX = ".json"
TEMP_PREFIX = ".tmp-"


class EntryStatus(StrEnum):
    IN_FLIGHT = "in_flight"
    ACCEPTED = "accepted"
    FAILED = "failed"
    UNKNOWN = "unknown"


class OrderAlreadyStartedError(Exception):
    """The order already went to the terminal once: it is never sent again."""

    def __init__(self, order_id: str, status: EntryStatus) -> None:
        super().__init__(f"{order_id}: {status}")
        self.order_id = order_id
        self.status = status


@dataclass(frozen=True)
class OutboxEntry:
    order_id: str
    status: EntryStatus
    authorisation: str = ""
    card_last4: str = ""
    terminal: Mapping[str, Any] = field(default_factory=dict)  # in_flight / unknown only
    recorded_at: float = 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.value
        data["terminal"] = dict(self.terminal)
        return data

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "OutboxEntry":
        return cls(order_id=str(data["order_id"]), status=EntryStatus(data["status"]),
                   authorisation=str(data.get("authorisation", "")), card_last4=str(data.get("card_last4", "")),
                   terminal=dict(data.get("terminal") or {}), recorded_at=float(data.get("recorded_at", 0.0)))


class Outbox:
    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)

    def _path(self, order_id: str) -> Path:
        if not ORDER_ID_RE.fullmatch(order_id):
            raise ValueError(f"order id {order_id!r}")
        return self.directory / (order_id + SUFFIX)

    def _fsync_directory(self) -> None:
        fd = os.open(self.directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)

    def write(self, entry: OutboxEntry) -> OutboxEntry:
        """Create or replace the order's entry, durably."""
        return self._store(entry, exclusive=False)

    def _store(self, entry: OutboxEntry, exclusive: bool) -> OutboxEntry:
        if not entry.recorded_at:
            entry = OutboxEntry(**{**entry.__dict__, "recorded_at": time.time()})
        target = self._path(entry.order_id)
        fd, temp = tempfile.mkstemp(prefix=TEMP_PREFIX, dir=self.directory)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry.to_json(), fh)
                fh.flush()
                os.fsync(fh.fileno())
            if exclusive:
                os.link(temp, target)  # fails if the entry exists: one winner among concurrent taps
                os.unlink(temp)
            else:
                os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        self._fsync_directory()
        return entry

    def get(self, order_id: str) -> OutboxEntry | None:
        try:
            return OutboxEntry.from_json(json.loads(self._path(order_id).read_text(encoding="utf-8")))
        except FileNotFoundError:
            return None

    def entries(self) -> list[OutboxEntry]:
        found = []
        for path in sorted(self.directory.glob("*" + SUFFIX)):
            try:
                found.append(OutboxEntry.from_json(json.loads(path.read_text(encoding="utf-8"))))
            except FileNotFoundError:  # removed meanwhile by a replay
                continue
        return sorted(found, key=lambda e: e.recorded_at)

    def remove(self, order_id: str) -> None:
        self._path(order_id).unlink(missing_ok=True)
        self._fsync_directory()

    # --- the steps
    def begin(self, order_id: str, amount_cents: int) -> OutboxEntry:
        """Before the terminal is asked: refuses an order that was ever sent (while it has an entry)."""
        try:
            return self._store(OutboxEntry(order_id, EntryStatus.IN_FLIGHT, terminal={"amount_cents": amount_cents}),
                               exclusive=True)
        except FileExistsError:
            existing = self.get(order_id)
            raise OrderAlreadyStartedError(order_id, existing.status if existing else EntryStatus.IN_FLIGHT) from None

    def unknown(self) -> list[OutboxEntry]:
        """Orders a technician must settle (the maintenance screen lists them)."""
        return [e for e in self.entries() if e.status is EntryStatus.UNKNOWN]

    def recover_interrupted(self) -> list[OutboxEntry]:
        """At start, before any payment: orders the terminal had when the kiosk stopped become unknown.

        Also removes temp files a crash left behind.
        """
        for temp in self.directory.glob(TEMP_PREFIX + "*"):
            temp.unlink(missing_ok=True)
        changed = []
        for entry in self.entries():
            if entry.status is EntryStatus.IN_FLIGHT:
                changed.append(self.write(OutboxEntry(entry.order_id, EntryStatus.UNKNOWN,
                                                      terminal={**entry.terminal,
                                                                "reason": UnknownOutcomeReason.INTERRUPTED.value})))
        return changed

    def settle(self, order_id: str, accepted: bool, authorisation: str = "", card_last4: str = "") -> OutboxEntry:
        """A technician's decision on an unknown order, from the terminal's journal: replayed next."""
        entry = self.get(order_id)
        if entry is None or entry.status is not EntryStatus.UNKNOWN:
            raise ValueError(f"{order_id}: no unknown outcome to settle")
        if accepted and not (AUTHORISATION_RE.fullmatch(authorisation) and CARD_LAST4_RE.fullmatch(card_last4)):
            raise ValueError("an accepted payment needs its authorisation number and the card's last 4 digits")
        status = EntryStatus.ACCEPTED if accepted else EntryStatus.FAILED
        return self.write(OutboxEntry(order_id, status, authorisation if accepted else "",
                                      card_last4 if accepted else ""))
