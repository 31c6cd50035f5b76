"""Sessions: the code de sécurité, the SMS code, closing; attempts counted before the check."""

from __future__ import annotations

import logging
import math
import secrets
from typing import Any

from fastapi import APIRouter, Depends, Header
from fastapi.responses import Response

from bms_client import messages as M
from bms_backend import rules
from bms_backend.api.common import API_VERSION, ApiError, CardBody, CodeBody, SmsVerifyBody, not_eligible
from bms_backend.api.context import Context
from bms_backend.store import check_secret, hash_secret, token_hash
from bms_backend.texts import MSG_LOCKED, MSG_SMS_TOO_SOON
from bms_client.models import mask_nir

log = logging.getLogger("bms_backend")
audit = logging.getLogger("bms_backend.audit")


def router(ctx: Context) -> APIRouter:
    store, cfg, clk = ctx.store, ctx.cfg, ctx.clk
    terminal = ctx.terminal
    session = ctx.session
    check_card = ctx.check_card
    lock_state = ctx.lock_state
    reserve_attempt = ctx.reserve_attempt
    checked = ctx.checked
    unknown_card = ctx.unknown_card
    unknown_sms = ctx.unknown_sms
    open_session = ctx.open_session
    r = APIRouter()

    # --- routes
    @r.get("/v1/health", tags=["service"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": API_VERSION}

    @r.post("/v1/sessions", status_code=201, tags=["sessions"])
    def create_session(body: CodeBody, terminal_id: str = Depends(terminal)) -> dict[str, Any]:
        acc = check_card(body.card_nirs)
        if acc is None:
            raise unknown_card(terminal_id, "security")
        state = reserve_attempt(acc, terminal_id, "security")
        checked(acc, state, check_secret(body.code, acc["code_salt"], acc["code_hash"]), terminal_id, "security")
        return open_session(acc, body.card_nirs, terminal_id)

    @r.post("/v1/sessions/sms", tags=["sessions"])
    def request_sms(body: CardBody, terminal_id: str = Depends(terminal)) -> dict[str, Any]:
        acc = check_card(body.card_nirs)
        if acc is None:  # answered like a known account (no enumeration); the verify then fails
            masked, wait = unknown_sms(body.card_nirs[0], terminal_id)
            if wait:
                raise ApiError(429, "too_many_requests", MSG_SMS_TOO_SOON, retry_after=wait)
            return {"masked_mobile": masked, "validity_seconds": cfg.sms_code_validity_delay,
                    "code_length": cfg.sms_code_length}
        if rules.is_locked(lock_state(acc), clk.timestamp()):
            raise ApiError(423, "account_locked", MSG_LOCKED)
        mobile = acc["mobile"]
        if not mobile:
            raise not_eligible("no_mobile", M.NO_MOBILE)
        length = cfg.sms_code_length
        code = f"{secrets.randbelow(10 ** length):0{length}d}"
        salt = secrets.token_bytes(16)
        code_hash = hash_secret(code, salt)
        now = clk.timestamp()
        with store.tx() as c:
            sent = c.execute("UPDATE accounts SET sms_hash=?, sms_expires=?, sms_sent_at=? WHERE assure_nir=?"
                             " AND (sms_sent_at IS NULL OR sms_sent_at<=?)",
                             (salt + code_hash, now + cfg.sms_code_validity_delay, now, acc["assure_nir"],
                              now - cfg.sms_resend_delay)).rowcount
            if not sent:
                audit.info("sms refused, sent less than %gs ago: %s on %s", cfg.sms_resend_delay,
                           mask_nir(acc["assure_nir"]), terminal_id)
                last = acc["sms_sent_at"] or now
                raise ApiError(429, "too_many_requests", MSG_SMS_TOO_SOON,
                               retry_after=max(1, math.ceil(last + cfg.sms_resend_delay - now)))
            c.execute("INSERT INTO sms_outbox (assure_nir, mobile, code, sent_at) VALUES (?,?,?,?)",
                      (acc["assure_nir"], mobile, code, clk.now().isoformat(timespec="seconds")))
        masked = f"{mobile[:2]} ** ** ** {mobile[-2:]}"
        return {"masked_mobile": masked, "validity_seconds": cfg.sms_code_validity_delay, "code_length": length}

    @r.post("/v1/sessions/sms/verify", status_code=201, tags=["sessions"])
    def verify_sms(body: SmsVerifyBody, terminal_id: str = Depends(terminal)) -> dict[str, Any]:
        acc = check_card(body.card_nirs)
        if acc is None:
            raise unknown_card(terminal_id, "sms")
        state = reserve_attempt(acc, terminal_id, "sms")
        stored, expires = acc["sms_hash"], acc["sms_expires"]
        ok = bool(stored) and expires is not None and expires > clk.timestamp() \
            and check_secret(body.sms_code, stored[:16], stored[16:])
        checked(acc, state, ok, terminal_id, "sms")
        return open_session(acc, body.card_nirs, terminal_id)

    @r.delete("/v1/sessions/current", status_code=204, tags=["sessions"])
    def close_session(x_session_token: str | None = Header(default=None),
                      sess: dict[str, Any] = Depends(session)) -> Response:
        with store.tx() as c:
            c.execute("DELETE FROM sessions WHERE token_hash=?", (token_hash(x_session_token or ""),))
        return Response(status_code=204)
    return r
