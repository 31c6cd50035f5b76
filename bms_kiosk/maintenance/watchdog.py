"""systemd notifications (sd_notify) from the GUI event loop, without a systemd Python package.

``READY=1`` once the event loop runs, ``WATCHDOG=1`` from a QTimer of the GUI thread every half
``WATCHDOG_USEC``, ``STOPPING=1`` on the way out. A blocked event loop sends nothing, so
systemd (``WatchdogSec=``) kills and restarts a frozen kiosk.

The app runs as a child of cage, not as the unit's main process: the unit sets
``NotifyAccess=all`` and ``WATCHDOG_PID`` (cage's pid) is deliberately not checked.
"""

from __future__ import annotations

import logging
import os
import socket
from typing import Mapping

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)


def _address(path: str) -> str | bytes:
    """``@name`` is an abstract socket (leading NUL byte)."""
    if path.startswith("@"):
        return b"\0" + path[1:].encode()
    return path


class Notifier:
    """Sends datagrams to ``$NOTIFY_SOCKET``; does nothing when there is none (not under systemd)."""

    def __init__(self, socket_path: str | None) -> None:
        self.socket_path = socket_path or None
        self._sock: socket.socket | None = None
        if self.socket_path:
            self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> "Notifier":
        return cls((env if env is not None else os.environ).get("NOTIFY_SOCKET"))

    @property
    def enabled(self) -> bool:
        return self._sock is not None

    def notify(self, message: str) -> bool:
        if self._sock is None or self.socket_path is None:
            return False
        try:
            self._sock.sendto(message.encode(), _address(self.socket_path))
            return True
        except OSError as exc:
            log.warning("sd_notify %s failed: %s", message.split("=", 1)[0], type(exc).__name__)
            return False

    def close(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None


def watchdog_interval_ms(env: Mapping[str, str] | None = None) -> int | None:
    """Half of ``$WATCHDOG_USEC`` in milliseconds, or None when systemd asks for no watchdog."""
    raw = (env if env is not None else os.environ).get("WATCHDOG_USEC", "")
    try:
        usec = int(raw)
    except ValueError:
        return None
    return max(1, usec // 2000) if usec > 0 else None


class Watchdog(QObject):
    def __init__(self, notifier: Notifier, interval_ms: int | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.notifier = notifier
        self.interval_ms = interval_ms
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.ping)
        if interval_ms:
            self._timer.setInterval(interval_ms)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, parent: QObject | None = None) -> "Watchdog":
        return cls(Notifier.from_env(env), watchdog_interval_ms(env), parent)

    def start(self) -> None:
        """Call before the event loop runs: READY=1 and the first ping are sent from the loop."""
        if not self.notifier.enabled:
            return
        QTimer.singleShot(0, self._ready)

    def _ready(self) -> None:
        self.notifier.notify("READY=1\nSTATUS=Borne en service")
        if self.interval_ms:
            log.info("systemd watchdog: WATCHDOG=1 every %d ms", self.interval_ms)
            self.ping()
            self._timer.start()

    def ping(self) -> None:
        self.notifier.notify("WATCHDOG=1")

    def stop(self) -> None:
        self._timer.stop()
        self.notifier.notify("STOPPING=1")
        self.notifier.close()
