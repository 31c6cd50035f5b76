"""Reference téléservices backend: the /v1 HTTP API on SQLite, seeded with the test cards' people.

Qt-free. ``create_app`` builds the FastAPI app; ``start_server_in_thread`` runs it on loopback
for the tests and the demo; ``bms-backend serve`` runs it standalone.
"""

from bms_backend.app import create_app
from bms_backend.clock import Clock
from bms_backend.runner import RunningServer, start_server_in_thread

__all__ = ["create_app", "Clock", "RunningServer", "start_server_in_thread"]
