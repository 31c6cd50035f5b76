"""Technician access: the code as a salted scrypt hash, the lockout, and the audit log.

Qt-free. The code is never stored nor logged; the configuration holds
``scrypt$<n>$<r>$<p>$<salt b64>$<hash b64>``. After ``max_attempts`` wrong codes in a row the
access is locked for ``lockout_delay`` seconds. Every access and action goes to the audit log:
JSON lines with a whitelist of fields, no personal data.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import json
import logging
import os
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

log = logging.getLogger(__name__)

CODE_MIN, CODE_MAX = 6, 12
_N, _R, _P = 2**14, 8, 1


class AccessError(Exception):
    """A technician code hash that cannot be used."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_code(code: str, salt: bytes | None = None, n: int = _N, r: int = _R, p: int = _P) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(code.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"scrypt${n}${r}${p}${_b64(salt)}${_b64(digest)}"


def verify_code(code: str, stored: str) -> bool:
    """Constant-time check of ``code`` against a ``hash_code`` string; raises AccessError if malformed."""
    try:
        kind, n, r, p, salt, digest = stored.split("$")
        if kind != "scrypt":
            raise ValueError(kind)
        expected = base64.b64decode(digest, validate=True)
        got = hashlib.scrypt(code.encode("utf-8"), salt=base64.b64decode(salt, validate=True),
                             n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError) as exc:
        raise AccessError("technician_code_hash illisible") from exc
    return hmac.compare_digest(got, expected)


def write_hash_to_config(path: str | os.PathLike[str], line: str) -> None:
    """Replace (or add) the ``technician_code_hash`` line of a TOML file, keeping the rest."""
    file = Path(path)
    text = file.read_text(encoding="utf-8") if file.exists() else ""
    pattern = re.compile(r"^technician_code_hash\s*=.*$", re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _m: line, text)
    else:
        text = (text.rstrip("\n") + "\n" if text.strip() else "") + line + "\n"
    tmp = file.with_name(file.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.chmod(tmp, 0o640)
    os.replace(tmp, file)


class Outcome(str, enum.Enum):
    GRANTED = "granted"
    WRONG = "wrong"
    LOCKED = "locked"
    NOT_CONFIGURED = "not_configured"


@dataclass(frozen=True)
class AccessResult:
    outcome: Outcome
    attempts_left: int = 0
    locked_seconds: int = 0


class TechnicianAccess:
    """Checks codes; ``check`` is slow by design (scrypt): call it off the GUI thread."""

    def __init__(self, stored_hash: str, max_attempts: int = 5, lockout_delay: float = 300.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stored_hash = stored_hash
        self.max_attempts = max_attempts
        self.lockout_delay = lockout_delay
        self.clock = clock
        self.failures = 0
        self.locked_until = 0.0
        self._lock = threading.Lock()

    def locked_seconds(self) -> int:
        left = self.locked_until - self.clock()
        return int(left + 0.999) if left > 0 else 0

    def check(self, code: str) -> AccessResult:
        with self._lock:
            if self.locked_seconds():
                return AccessResult(Outcome.LOCKED, 0, self.locked_seconds())
            if not self.stored_hash:
                return AccessResult(Outcome.NOT_CONFIGURED)
            try:
                good = verify_code(code, self.stored_hash)
            except AccessError:
                log.error("technician_code_hash is not a valid scrypt hash: technician access disabled")
                return AccessResult(Outcome.NOT_CONFIGURED)
            if good:
                self.failures = 0
                return AccessResult(Outcome.GRANTED)
            self.failures += 1
            if self.failures >= self.max_attempts:
                self.failures = 0
                self.locked_until = self.clock() + self.lockout_delay
                return AccessResult(Outcome.LOCKED, 0, self.locked_seconds())
            return AccessResult(Outcome.WRONG, self.max_attempts - self.failures)


# Fields an audit entry may carry: anything else is dropped (no personal data by construction).
AUDIT_FIELDS = frozenset({"outcome", "attempts_left", "locked_seconds", "action", "result", "error", "jobs",
                          "job_id", "mode", "reasons", "state", "seconds"})


class AuditLog:
    """Append-only JSON lines; writes go to one background thread, in order (``flush`` waits)."""

    def __init__(self, path: str | os.PathLike[str], terminal_id: str) -> None:
        self.path = Path(path)
        self.terminal_id = terminal_id
        self._pending: list[str] = []
        self._cond = threading.Condition()
        self._busy = False
        self._thread = threading.Thread(target=self._writer, daemon=True, name="audit-log")
        self._closed = False
        self._thread.start()

    def record(self, event: str, **fields: Any) -> dict[str, Any]:
        entry: dict[str, Any] = {"ts": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                 "terminal": self.terminal_id, "event": event}
        for key, value in fields.items():
            if key in AUDIT_FIELDS:
                entry[key] = value if isinstance(value, (int, float, bool)) or value is None else str(value)
            else:
                log.warning("audit: field %s dropped (not in the whitelist)", key)
        with self._cond:
            self._pending.append(json.dumps(entry, ensure_ascii=False))
            self._cond.notify_all()
        return entry

    def _writer(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closed:
                    self._cond.wait()
                if not self._pending and self._closed:
                    return
                lines, self._pending = self._pending, []
                self._busy = True
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as fh:
                    fh.write("".join(line + "\n" for line in lines))
            except OSError as exc:
                log.error("audit log %s not writable (%s): %d entrie(s) lost", self.path,
                          type(exc).__name__, len(lines))
            with self._cond:
                self._busy = False
                self._cond.notify_all()

    def flush(self, timeout: float = 5.0) -> None:
        deadline = time.monotonic() + timeout
        with self._cond:
            while (self._pending or self._busy) and time.monotonic() < deadline:
                self._cond.wait(0.05)

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=5)

    def entries(self) -> list[dict[str, Any]]:
        self.flush()
        if not self.path.exists():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]
