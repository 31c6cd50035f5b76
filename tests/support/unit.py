"""What ``kiosk.service`` says, read from the file itself: the tests run the unit's own command line."""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

UNIT_FILE = Path(__file__).resolve().parent.parent.parent / "kiosk.service"
EXEC_PREFIXES = "-@:+!"  # systemd.service(5): flags before an ExecStart= path


@dataclass
class Unit:
    """The ``[Service]`` settings: every value of a key, in order (``Environment=`` repeats)."""

    service: dict[str, list[str]] = field(default_factory=dict)

    def value(self, key: str) -> str:
        values = self.service.get(key, [])
        assert len(values) == 1, f"{key}= appears {len(values)} times in {UNIT_FILE.name}"
        return values[0]

    @property
    def exec_start(self) -> list[str]:
        argv = shlex.split(self.value("ExecStart"))
        argv[0] = argv[0].lstrip(EXEC_PREFIXES)
        return argv

    @property
    def environment(self) -> dict[str, str]:
        env: dict[str, str] = {}
        for line in self.service.get("Environment", []):
            for assignment in shlex.split(line):
                name, _, value = assignment.partition("=")
                env[name] = value
        return env


def read_unit(path: Path = UNIT_FILE) -> Unit:
    unit, section = Unit(), ""
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
        elif section == "Service":
            key, _, value = line.partition("=")
            unit.service.setdefault(key.strip(), []).append(value.strip())
    return unit
