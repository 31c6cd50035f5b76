"""Counters since start, counted from the journey's ``state_entered`` (no personal data)."""

from __future__ import annotations

from collections import Counter

# (label, how it is counted): entering a state, optionally only when coming from a given state.
SERVICE_ENTRIES = {"att_choice": "attestation"}  # first state of each service sub-flow, from the menu


class JourneyCounters:
    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self._previous = ""

    def on_state(self, name: str) -> None:
        previous, self._previous = self._previous, name
        if name == "reading":
            self.counts["cards"] += 1
        elif name == "menu" and previous == "auth":
            self.counts["sessions"] += 1
        elif name in SERVICE_ENTRIES and previous == "menu":
            self.counts[f"service:{SERVICE_ENTRIES[name]}"] += 1
        elif name == "att_printed":
            self.counts["prints"] += 1
        elif name == "att_print_failed":
            self.counts["print_failures"] += 1
        elif name == "card_error":
            self.counts["card_errors"] += 1
        elif name == "unavailable":
            self.counts["failures"] += 1
        elif name == "out_of_service" and previous != "out_of_service":
            self.counts["out_of_service"] += 1

    def rows(self) -> list[tuple[str, int]]:
        c = self.counts
        rows = [("Cartes insérées", c["cards"]), ("Sessions ouvertes", c["sessions"])]
        rows += [(f"Parcours « {service} »", c[f"service:{service}"]) for service in SERVICE_ENTRIES.values()]
        rows += [("Impressions réussies", c["prints"]), ("Impressions en échec", c["print_failures"]),
                 ("Cartes illisibles", c["card_errors"]), ("Services indisponibles (erreurs)", c["failures"]),
                 ("Passages hors service", c["out_of_service"])]
        return rows
