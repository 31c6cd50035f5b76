"""The messages of the account."""

from __future__ import annotations

import json
import logging
import re
import secrets
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path as PathParam, Request
from fastapi.responses import JSONResponse, Response

from bms_backend import rules
from bms_backend.api.common import *  # noqa: F403
from bms_backend.api.context import Context
from bms_backend.store import check_secret, hash_secret, token_hash
from bms_backend.texts import *  # noqa: F403
from bms_kiosk.services.models import mask_nir

log = logging.getLogger("bms_backend")
audit = logging.getLogger("bms_backend.audit")


def router(ctx: Context) -> APIRouter:
    store, cfg, clk = ctx.store, ctx.cfg, ctx.clk
    session = ctx.session
    r = APIRouter()

    @r.get("/v1/messages", tags=["messages"])
    def messages(sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        rows = store.read("SELECT * FROM messages WHERE assure_nir=? AND expires_at>? ORDER BY id DESC",
                          (sess["assure_nir"], clk.today().isoformat()))
        return {"messages": [{"id": r["id"], "kind": r["kind"], "title": r["title"], "body": r["body"],
                              "created_at": r["created_at"], "expires_at": r["expires_at"]} for r in rows]}
    return r
