"""Créances: lookup, payment orders that reserve what they take, payment results."""

from __future__ import annotations

import json
import logging
import re
import secrets
import uuid
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path as PathParam
from fastapi.responses import JSONResponse

from bms_client import messages as M
from bms_backend import rules
from bms_backend.api.common import (
    AMOUNT_RE,
    ApiError,
    MERCHANT_ID,
    PaymentBody,
    PaymentResultBody,
    REFERENCE_PATTERN,
    REFERENCE_RE,
    body_hash,
    cents_text,
    invalid,
    not_eligible,
)
from bms_backend.api.context import Context
from bms_backend.texts import (
    MSG_BELOW_MINIMUM,
    MSG_PAYMENT_ACCEPTED,
    MSG_PAYMENT_FAILED,
    MSG_REFERENCE_NOT_OPEN,
    MSG_SERVICE_NOT_ELIGIBLE,
)

log = logging.getLogger("bms_backend")
audit = logging.getLogger("bms_backend.audit")


def router(ctx: Context) -> APIRouter:
    store, cfg, clk = ctx.store, ctx.cfg, ctx.clk
    terminal = ctx.terminal
    session = ctx.session
    add_message = ctx.add_message
    r = APIRouter()

    # --- créances
    def check_reference(ref: str, field: str = "reference") -> None:
        if not REFERENCE_RE.match(ref):
            raise invalid(field, M.REFERENCE_FORMAT)

    thresholds = rules.Thresholds(int(cfg.creance_eligibility_min * 100), int(cfg.creance_eligibility_max * 100),
                                  int(cfg.payment_min * 100), int(cfg.payment_max * 100))
    refusals = {rules.NOT_OPEN: (MSG_REFERENCE_NOT_OPEN, 404), rules.SERVICE_NOT_ELIGIBLE: (MSG_SERVICE_NOT_ELIGIBLE, 409),
                rules.BELOW_MINIMUM: (MSG_BELOW_MINIMUM, 409)}

    def as_line(r: Any) -> rules.Line:
        return rules.Line(r["reference"], r["issued_on"], r["remaining"], r["reserved"])

    def creance_state(c: Any, sess: dict[str, Any], ref: str) -> tuple[Any, list[Any]]:
        """The créance and all the account's créances, after every eligibility check."""
        check_reference(ref)
        rows = c.execute("SELECT * FROM creances WHERE assure_nir=? ORDER BY issued_on, reference",
                         (sess["assure_nir"],)).fetchall()
        refusal = rules.creance_refusal(ref, [as_line(r) for r in rows], thresholds)
        if refusal is not None:
            message, status = refusals[refusal]
            raise not_eligible(refusal, message, status=status)
        return next(r for r in rows if r["reference"] == ref), rows

    def lock_account(c: Any, assure_nir: str) -> None:
        """Transactions that decide on an account's money run one at a time (row lock; SQLite: the
        database lock of BEGIN IMMEDIATE)."""
        c.execute("SELECT 1 FROM accounts WHERE assure_nir=? FOR UPDATE", (assure_nir,))

    def expire_due_orders(c: Any, assure_nir: str) -> None:
        """The account's pending orders past their delay give back what they reserved."""
        for p in c.execute("SELECT id, spread FROM payments WHERE assure_nir=? AND status='pending'"
                           " AND expires_at<=?", (assure_nir, clk.timestamp())).fetchall():
            if c.execute("UPDATE payments SET status='expired' WHERE id=? AND status='pending'",
                         (p["id"],)).rowcount:
                release(c, p)

    def release(c: Any, p: Any, paid: bool = False) -> None:
        """Give back the order's reservation; ``paid``: the parts are also taken off the balances."""
        for part in json.loads(p["spread"]):
            cents = int(Decimal(part["amount"]) * 100)
            c.execute("UPDATE creances SET reserved=reserved-?, remaining=remaining-? WHERE reference=?",
                      (cents, cents if paid else 0, part["reference"]))

    def line_json(r: Any) -> dict[str, Any]:
        return {"reference": r["reference"], "issued_on": r["issued_on"], "caisse": r["caisse"],
                "initial_amount": cents_text(r["initial"]), "remaining_amount": cents_text(r["remaining"])}

    def lookup(sess: dict[str, Any], reference: str) -> dict[str, Any]:
        with store.snapshot() as c:
            mine, rows = creance_state(c, sess, reference)
        return {**line_json(mine), "balance_total": cents_text(sum(r["remaining"] for r in rows)),
                "payment_min": f"{cfg.payment_min:.2f}", "payment_max": f"{cfg.payment_max:.2f}",
                "others": [line_json(r) for r in rows if r["reference"] != reference and r["remaining"] > 0]}

    @r.get("/v1/creances/{reference}", tags=["créances"])
    async def creance(reference: Annotated[str, PathParam(pattern=REFERENCE_PATTERN, min_length=17, max_length=17)],
                      sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        # the busiest call: its reads on the event loop when the store allows (ctx.io), and the
        # answer written as is (plain JSON types: no validation pass of the returned dict)
        return JSONResponse(await ctx.io(lookup, sess, reference))

    def payment_json(p: Any) -> dict[str, Any]:
        status = p["status"]
        return {"payment_id": p["id"], "status": status, "amount": cents_text(p["amount"]),
                "reference": p["reference"], "lines": json.loads(p["lines"]), "spread": json.loads(p["spread"]),
                "transaction_ref": p["transaction_ref"], "merchant_id": p["merchant_id"],
                "authorisation_number": p["authorisation"], "masked_card": p["masked_card"],
                "created_at": p["created_at"], "paid_at": p["result_at"] or "",
                "expires_at": datetime.fromtimestamp(p["expires_at"], clk.now().tzinfo).isoformat(timespec="seconds"),
                "reconciliation": p["reconciliation"] is not None,
                "message": {"accepted": MSG_PAYMENT_ACCEPTED, "failed": MSG_PAYMENT_FAILED}.get(status, "")}

    @r.post("/v1/creances/payments", status_code=201, tags=["créances"])
    def order_payment(body: PaymentBody, idempotency_key: str = Header(min_length=8, max_length=100),
                      sess: dict[str, Any] = Depends(session)) -> Any:
        request_hash = body_hash(body.model_dump())
        existing = store.one("SELECT * FROM payments WHERE idempotency_key=?", (idempotency_key,))
        if existing is not None:
            if existing["request_hash"] != request_hash or existing["assure_nir"] != sess["assure_nir"]:
                raise ApiError(409, "conflict", M.KEY_REUSED)
            return JSONResponse(status_code=200, content=payment_json(existing))
        selected = list(dict.fromkeys([body.reference, *body.lines]))
        for ref in selected:
            check_reference(ref, "lines")
        if not AMOUNT_RE.match(body.amount):
            raise invalid("amount", M.AMOUNT_FORMAT)
        amount = int(Decimal(body.amount) * 100)
        pid = str(uuid.uuid4())
        # one transaction: what is available is read, reserved and recorded with nothing between
        with store.tx() as c:
            lock_account(c, sess["assure_nir"])
            # checked again inside the transaction: two concurrent sends of one key record one order
            if c.execute("SELECT 1 FROM payments WHERE idempotency_key=?", (idempotency_key,)).fetchone():
                raise ApiError(409, "conflict", M.ORDER_IN_PROGRESS)
            expire_due_orders(c, sess["assure_nir"])
            mine, rows = creance_state(c, sess, body.reference)
            by_ref = {r["reference"]: as_line(r) for r in rows}
            for ref in selected:
                if ref not in by_ref or by_ref[ref].remaining <= 0:
                    raise invalid("lines", MSG_REFERENCE_NOT_OPEN)
            lines = [by_ref[r] for r in selected]
            refusal = rules.amount_refusal(amount, lines, thresholds)
            if refusal == rules.AMOUNT_OUT_OF_RANGE:
                raise invalid("amount", f"Vous pouvez payer entre {cfg.payment_min:g}€ et {cfg.payment_max:g}€ "
                                        "par paiement")
            if refusal == rules.AMOUNT_ABOVE_OWED:
                raise invalid("amount", "Le montant du paiement dépasse le solde des références sélectionnées"
                                        " (ou un paiement est déjà en cours).")
            spread = [{"reference": ref, "amount": cents_text(cents)}
                      for ref, cents in rules.spread_oldest_first(amount, lines)]
            for part in spread:
                c.execute("UPDATE creances SET reserved=reserved+? WHERE reference=?",
                          (int(Decimal(part["amount"]) * 100), part["reference"]))
            c.execute("INSERT INTO payments (id, idempotency_key, request_hash, terminal_id, assure_nir, reference,"
                      " lines, amount, spread, status, transaction_ref, merchant_id, created_at, expires_at)"
                      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      (pid, idempotency_key, request_hash, sess["terminal_id"], sess["assure_nir"], body.reference,
                       json.dumps(selected), amount, json.dumps(spread), "pending",
                       "TR" + secrets.token_hex(6).upper(), MERCHANT_ID, clk.now().isoformat(timespec="seconds"),
                       clk.timestamp() + cfg.payment_order_delay))
        return payment_json(store.one("SELECT * FROM payments WHERE id=?", (pid,)))

    def own_payment(payment_id: str, terminal_id: str) -> Any:
        p = store.one("SELECT * FROM payments WHERE id=?", (payment_id,))
        if p is None or p["terminal_id"] != terminal_id:
            raise ApiError(404, "not_found", M.PAYMENT_UNKNOWN)
        return p

    @r.get("/v1/creances/payments/{payment_id}", tags=["créances"])
    def get_payment(payment_id: str, terminal_id: str = Depends(terminal)) -> dict[str, Any]:
        return payment_json(own_payment(payment_id, terminal_id))

    @r.post("/v1/creances/payments/{payment_id}/result", tags=["créances"])
    def payment_result(payment_id: str, body: PaymentResultBody,
                       terminal_id: str = Depends(terminal)) -> dict[str, Any]:
        """The payment terminal's outcome; applied once (a repeat returns the stored result)."""
        if body.status == "accepted":
            if not re.fullmatch(r"[0-9A-Z]{1,12}", body.authorisation_number):
                raise invalid("authorisation_number", M.AUTHORISATION_FORMAT)
            if not re.fullmatch(r"[0-9]{4}", body.card_last4):
                raise invalid("card_last4", M.CARD_LAST4_FORMAT)
        with store.tx() as c:
            owner = c.execute("SELECT assure_nir FROM payments WHERE id=?", (payment_id,)).fetchone()
            if owner is not None:
                lock_account(c, owner["assure_nir"])
            p = c.execute("SELECT * FROM payments WHERE id=?", (payment_id,)).fetchone()
            if p is None or p["terminal_id"] != terminal_id:
                raise ApiError(404, "not_found", M.PAYMENT_UNKNOWN)
            if p["status"] in ("accepted", "failed"):
                if p["status"] != body.status:
                    raise ApiError(409, "conflict", M.RESULT_ALREADY_RECORDED)
            else:
                now = clk.now().isoformat(timespec="seconds")
                live = p["status"] == "pending" and not rules.order_expired(p["expires_at"], clk.timestamp())
                if p["status"] == "pending":
                    release(c, p, paid=live and body.status == "accepted")
                if body.status == "accepted":
                    # after the order expired, its reservation went back: the money taken by the card
                    # is recorded, flagged for an agent, and taken off no balance (never over-collected)
                    late = None if live else "late_result"
                    c.execute("UPDATE payments SET status='accepted', authorisation=?, masked_card=?, result_at=?,"
                              " reconciliation=? WHERE id=?",
                              (body.authorisation_number, f"**** **** **** {body.card_last4}", now, late, payment_id))
                    if late:
                        audit.warning("payment %s accepted after its order expired: to reconcile", payment_id)
                    add_message(c, p["assure_nir"], "message", "Accusé de réception de votre paiement de créance",
                                f"Nous avons bien reçu votre paiement de {cents_text(p['amount'])} € "
                                f"(transaction {p['transaction_ref']}). Nous vous remercions pour votre paiement, "
                                "nous le traitons dans les plus brefs délais.")
                else:
                    c.execute("UPDATE payments SET status='failed', result_at=? WHERE id=?", (now, payment_id))
            p = c.execute("SELECT * FROM payments WHERE id=?", (payment_id,)).fetchone()
        return payment_json(p)
    return r
