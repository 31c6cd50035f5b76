"""The messages of the account: newest first, a page at a time."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter, Depends, Query

from bms_backend.api.context import Context
from bms_client.models import MESSAGES_PER_PAGE, MESSAGES_PER_PAGE_MAX

log = logging.getLogger("bms_backend")
audit = logging.getLogger("bms_backend.audit")


def router(ctx: Context) -> APIRouter:
    store, clk = ctx.store, ctx.clk
    session = ctx.session
    r = APIRouter()

    @r.get("/v1/messages", tags=["messages"])
    def messages(sess: dict[str, Any] = Depends(session), offset: int = Query(0, ge=0),
                 limit: int = Query(MESSAGES_PER_PAGE, ge=1, le=MESSAGES_PER_PAGE_MAX)) -> dict[str, Any]:
        mine = (sess["assure_nir"], clk.today().isoformat())
        with store.snapshot() as c:
            total = c.execute("SELECT COUNT(*) AS n FROM messages WHERE assure_nir=? AND expires_at>?",
                              mine).fetchone()["n"]
            rows = c.execute("SELECT * FROM messages WHERE assure_nir=? AND expires_at>? ORDER BY id DESC"
                             " LIMIT ? OFFSET ?", (*mine, limit, offset)).fetchall()
        return {"total": total, "messages": [
            {"id": r["id"], "kind": r["kind"], "title": r["title"], "body": r["body"],
             "created_at": r["created_at"], "expires_at": r["expires_at"]} for r in rows]}
    return r
