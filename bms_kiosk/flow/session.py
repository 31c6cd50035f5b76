"""The one object that holds personal data during a visit; wiped when the visit ends."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from bms_client.models import VitaleCard


@dataclass
class Session:
    card: VitaleCard | None = None
    # Anything a service sub-flow needs to keep for the visit (backend answers, choices).
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def active(self) -> bool:
        return self.card is not None or bool(self.data)

    def wipe(self) -> None:
        """Drop every reference to personal data (Python cannot zero its strings; nothing else holds them)."""
        self.data.clear()
        for f in fields(self):
            if f.name != "data":
                setattr(self, f.name, None)
