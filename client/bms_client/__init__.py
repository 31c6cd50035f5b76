"""Client of the téléservices API (/v1) for every channel: kiosk, web, app, agents' tools.

Pure Python (requests, urllib3, python-stdnum): models (models.py), typed errors with their
French messages (errors.py, messages.py), the business thresholds (config.py), the HTTP client
(client.py) and the ``bms-client`` command (cli.py). Guide: docs/client.md.

``from bms_client import BackendClient`` works; the import of requests waits until then, so that
a channel that only reads the settings table (the kiosk at start) does not pay for it.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BackendClient", "BackendError"]


def __getattr__(name: str) -> Any:
    if name == "BackendClient":
        from bms_client.client import BackendClient
        return BackendClient
    if name == "BackendError":
        from bms_client.errors import BackendError
        return BackendError
    raise AttributeError(name)
