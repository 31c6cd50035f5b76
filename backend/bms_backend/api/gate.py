"""The gate before the API: terminal key and body size, judged before any byte of the body is read."""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.exceptions import HTTPException

from bms_backend.api.common import MAX_BODY_BYTES, OPEN_PATHS, SAFE_ID
from bms_backend.texts import MSG_TERMINAL, MSG_TOO_LARGE

audit = logging.getLogger("bms_backend.audit")

def _json_answer(status: int, code: str, message: str) -> tuple[dict, dict]:
    body = json.dumps({"detail": {"code": code, "message": message}}, ensure_ascii=False).encode()
    start = {"type": "http.response.start", "status": status,
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}
    return start, {"type": "http.response.body", "body": body}


class TerminalGate:
    """ASGI middleware: the terminal key is checked and the declared size judged before any byte
    of the body is read (FastAPI reads and validates the body before the dependencies run)."""

    def __init__(self, app: Any, store: Any) -> None:
        self.app, self.store = app, store

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"].startswith(OPEN_PATHS):
            return await self.app(scope, receive, send)
        headers = dict(scope["headers"])
        length = headers.get(b"content-length", b"0")
        key = headers.get(b"x-terminal-key", b"").decode("latin-1")
        terminal_id = self.store.check_terminal(key) if key and len(key) <= 200 else None
        if terminal_id is None:
            audit.warning("terminal key refused for %r", SAFE_ID.sub("", key.split(".", 1)[0])[:40])
            answer = _json_answer(401, "terminal_unauthorised", MSG_TERMINAL)
        elif not length.isdigit() or int(length) > MAX_BODY_BYTES:
            answer = _json_answer(413, "too_large", MSG_TOO_LARGE)
        else:
            scope.setdefault("state", {})["terminal_id"] = terminal_id
            return await self.app(scope, self._capped(receive), send)
        for message in answer:
            await send(message)

    @staticmethod
    def _capped(receive: Any) -> Any:
        """A body without Content-Length (chunked) is counted as it comes: past MAX_BODY_BYTES the
        request stops there and is answered 413 (the rest is never read; uvicorn then closes)."""
        seen = 0

        async def capped() -> dict:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > MAX_BODY_BYTES:
                raise BodyTooLarge()
            return message
        return capped


class BodyTooLarge(HTTPException):
    """Raised from the capped receive: the body went past MAX_BODY_BYTES. An HTTPException, so
    that FastAPI lets it through its body parsing (any other error there becomes a 400); the app
    answers it in the API's shape (app.py)."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail=MSG_TOO_LARGE)

