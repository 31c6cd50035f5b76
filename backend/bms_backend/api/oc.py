"""Organismes complémentaires: overlaps and the choice."""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

from fastapi import APIRouter, Depends, Header
from fastapi.responses import JSONResponse

from bms_client import messages as M
from bms_client.models import french_date
from bms_backend import rules
from bms_backend.api.common import ApiError, OcChoicesBody, body_hash, invalid, not_eligible
from bms_backend.api.context import Context
from bms_backend.texts import MSG_OC_BLOCKED, OC_EXCLUSIONS

log = logging.getLogger("bms_backend")
audit = logging.getLogger("bms_backend.audit")


def router(ctx: Context) -> APIRouter:
    store, cfg, clk = ctx.store, ctx.cfg, ctx.clk
    session = ctx.session
    account = ctx.account
    r = APIRouter()

    # --- OC
    def oc_state(sess: dict[str, Any]) -> dict[str, Any]:
        assure = sess["assure_nir"]
        pending = store.one("SELECT * FROM oc_requests WHERE assure_nir=? AND processed_at IS NULL", (assure,))
        rows = store.read("SELECT o.beneficiary_nir, o.ocs, p.nom, p.prenom, p.naissance FROM oc_overlaps o "
                          "JOIN persons p ON p.nir=o.beneficiary_nir WHERE o.assure_nir=? ORDER BY p.rowid",
                          (assure,))
        overlaps = [{"beneficiary_nir": r["beneficiary_nir"], "nom": r["nom"], "prenom": r["prenom"],
                     "date_naissance": r["naissance"],
                     "ocs": [{k: oc[k] for k in ("id", "name", "adherent", "contract_date")}
                             for oc in json.loads(r["ocs"])]} for r in rows]
        kinds = {oc["kind"] for r in rows for oc in json.loads(r["ocs"])}
        acc = account(assure)
        reason = rules.oc_exclusion(kinds, len(rows), bool(acc["partner_regime"]), cfg.oc_max_beneficiaries)
        out: dict[str, Any] = {"status": "none", "overlaps": overlaps, "exclusion": None, "message": "",
                               "request": None, "processing_days": cfg.oc_processing_days}
        if pending is not None:
            out["status"] = "pending"
            out["request"] = {"id": pending["id"], "requested_at": pending["requested_at"],
                              "status": "en cours",
                              "label": f"DEMANDE EN COURS — Demande faite le "
                                       f"{french_date(pending['requested_at'])} — "
                                       f"traitée sous {cfg.oc_processing_days} jours"}
        elif rows and reason:
            out["status"], out["exclusion"] = "excluded", {"reason": reason, "message": OC_EXCLUSIONS[reason]}
        elif rows:
            out["status"], out["message"] = "open", MSG_OC_BLOCKED
        return out

    @r.get("/v1/oc/overlaps", tags=["organismes complémentaires"])
    def oc_overlaps(sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        return oc_state(sess)

    @r.post("/v1/oc/choices", status_code=201, tags=["organismes complémentaires"])
    def oc_choose(body: OcChoicesBody, idempotency_key: str = Header(min_length=8, max_length=100),
                  sess: dict[str, Any] = Depends(session)) -> Any:
        request_hash = body_hash(body.model_dump())
        existing = store.one("SELECT * FROM oc_requests WHERE idempotency_key=?", (idempotency_key,))
        if existing is not None:
            if existing["request_hash"] != request_hash or existing["assure_nir"] != sess["assure_nir"]:
                raise ApiError(409, "conflict", M.KEY_REUSED)
            return JSONResponse(status_code=200, content=oc_state(sess))
        state = oc_state(sess)
        if state["status"] == "pending":
            raise ApiError(409, "conflict", M.REQUEST_PENDING)
        if state["status"] == "excluded":
            raise not_eligible(state["exclusion"]["reason"], state["exclusion"]["message"])
        if state["status"] != "open":
            raise not_eligible("no_overlap", M.NO_OVERLAP)
        concerned = {o["beneficiary_nir"]: {oc["id"] for oc in o["ocs"]} for o in state["overlaps"]}
        chosen: dict[str, str] = {}
        for ch in body.choices:
            if ch.beneficiary_nir not in concerned or ch.beneficiary_nir in chosen:
                raise invalid("beneficiary_nir", M.OC_NOT_CONCERNED)
            if ch.oc_id not in concerned[ch.beneficiary_nir]:
                raise invalid("oc_id", M.OC_UNKNOWN)
            chosen[ch.beneficiary_nir] = ch.oc_id
        if set(chosen) != set(concerned):
            raise invalid("choices", M.OC_CHOICE_MISSING)
        with store.tx() as c:
            c.execute("SELECT 1 FROM accounts WHERE assure_nir=? FOR UPDATE", (sess["assure_nir"],))
            if c.execute("SELECT 1 FROM oc_requests WHERE idempotency_key=? OR (assure_nir=? AND processed_at IS NULL)",
                         (idempotency_key, sess["assure_nir"])).fetchone():
                raise ApiError(409, "conflict", M.REQUEST_PENDING)
            c.execute("INSERT INTO oc_requests VALUES (?,?,?,?,?,?,NULL)",
                      (str(uuid.uuid4()), idempotency_key, request_hash, sess["assure_nir"], json.dumps(chosen),
                       clk.now().isoformat(timespec="seconds")))
        return oc_state(sess)
    return r
