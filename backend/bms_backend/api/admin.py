"""Test hooks (demo and tests only): move the clock, read the SMS outbox. Not in the OpenAPI."""

from __future__ import annotations

import logging

from fastapi import APIRouter

from bms_backend.api.common import ApiError
from bms_backend.api.context import Context

log = logging.getLogger("bms_backend")
audit = logging.getLogger("bms_backend.audit")


def router(ctx: Context) -> APIRouter:
    store, clk = ctx.store, ctx.clk
    r = APIRouter()

    @r.post("/v1/admin/clock", include_in_schema=False)
    def advance_clock(days: float = 0, seconds: float = 0) -> dict[str, str]:
        return {"now": clk.advance(days=days, seconds=seconds).isoformat()}

    @r.get("/v1/admin/sms-outbox", include_in_schema=False)
    def sms_outbox(nir: str) -> dict[str, str]:
        row = store.one("SELECT code, mobile FROM sms_outbox WHERE assure_nir=? ORDER BY id DESC LIMIT 1", (nir,))
        if row is None:
            raise ApiError(404, "not_found", "Aucun SMS.")
        return {"code": row["code"], "mobile": row["mobile"]}
    return r
