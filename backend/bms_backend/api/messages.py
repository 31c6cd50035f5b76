"""The messages of the account."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Depends

from bms_backend.api.context import Context

log = logging.getLogger("bms_backend")
audit = logging.getLogger("bms_backend.audit")


def router(ctx: Context) -> APIRouter:
    store, clk = ctx.store, ctx.clk
    session = ctx.session
    r = APIRouter()

    @r.get("/v1/messages", tags=["messages"])
    def messages(sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        rows = store.read("SELECT * FROM messages WHERE assure_nir=? AND expires_at>? ORDER BY id DESC",
                          (sess["assure_nir"], clk.today().isoformat()))
        return {"messages": [{"id": r["id"], "kind": r["kind"], "title": r["title"], "body": r["body"],
                              "created_at": r["created_at"], "expires_at": r["expires_at"]} for r in rows]}
    return r
