"""Counters since start, counted from the journey's ``state_entered`` (no personal data).

What a state means comes from the journey's declarations: a service's entry states (from the
menu), the shared print step's PRINTED / FAILED states. A state nobody declared is refused.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from bms_kiosk.flow.states import Core, PrintRole, UnknownStateError
from bms_kiosk.maintenance import words


class JourneyCounters:
    def __init__(self, journey: Any) -> None:
        self.journey = journey
        self.counts: Counter[str] = Counter()
        self._previous = ""

    def on_state(self, name: str) -> None:
        if name not in self.journey.moves:
            raise UnknownStateError(f"counter told of an unknown state {name!r}")
        previous, self._previous = self._previous, name
        step = self.journey.steps.get(name)
        spec = self.journey.step_service.get(name)
        if name == Core.READING:
            self.counts["cards"] += 1
        elif name == Core.MENU and previous in (Core.AUTH, Core.AUTH_SMS):
            self.counts["sessions"] += 1
        elif spec is not None and previous == Core.MENU and name in spec.entries:
            self.counts[f"service:{spec.key}"] += 1
        elif step is not None and step.role is PrintRole.PRINTED:
            self.counts["prints"] += 1
        elif step is not None and step.role is PrintRole.FAILED:
            self.counts["print_failures"] += 1
        elif name == Core.CARD_ERROR:
            self.counts["card_errors"] += 1
        elif name == Core.UNAVAILABLE:
            self.counts["failures"] += 1
        elif name == Core.OUT_OF_SERVICE and previous != Core.OUT_OF_SERVICE:
            self.counts["out_of_service"] += 1

    def rows(self) -> list[tuple[str, str, int]]:
        """(label of maintenance.words, its %1, count)."""
        c = self.counts
        rows = [(words.CARDS, "", c["cards"]), (words.SESSIONS, "", c["sessions"])]
        rows += [(words.JOURNEYS, spec.key, c[f"service:{spec.key}"]) for spec in self.journey.catalogue]
        rows += [(words.PRINTS, "", c["prints"]), (words.PRINT_FAILURES, "", c["print_failures"]),
                 (words.CARD_ERRORS, "", c["card_errors"]), (words.FAILURES, "", c["failures"]),
                 (words.OUT_OF_SERVICE_COUNT, "", c["out_of_service"])]
        return rows
