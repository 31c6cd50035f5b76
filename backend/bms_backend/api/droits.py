"""Droits: rights, attestation de droits, attestation IJ, relevé fiscal."""

from __future__ import annotations

import json
import logging
from datetime import date
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Depends

from bms_client import messages as M
from bms_backend.api.common import ApiError, AttestationBody, add_months, cents_text, invalid, not_eligible
from bms_backend.api.context import Context
from bms_backend.store import code_organisme
from bms_backend.texts import MSG_ADDRESS_UNKNOWN, MSG_NO_RIGHTS, MSG_REJECTED

log = logging.getLogger("bms_backend")
audit = logging.getLogger("bms_backend.audit")


def router(ctx: Context) -> APIRouter:
    store, cfg, clk = ctx.store, ctx.cfg, ctx.clk
    session = ctx.session
    account = ctx.account
    beneficiaries_of = ctx.beneficiaries_of
    r = APIRouter()

    @r.get("/v1/rights", tags=["droits"])
    def rights(sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        return {"beneficiaries": beneficiaries_of(sess)}

    @r.post("/v1/attestations/droits", tags=["droits"])
    def attestation(body: AttestationBody, sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        """A read without side effect; POST so that no NIR ever appears in a URL (and so in a log)."""
        beneficiary, exoneration = body.beneficiary_nir, body.include_exoneration
        people = beneficiaries_of(sess)
        if beneficiary is not None:
            people = [p for p in people if p["nir"] == beneficiary]
            if not people:
                raise invalid("beneficiary", M.NOT_ON_CARD)
        if any(p["status"] == "rejected" for p in people):
            raise ApiError(409, "attestation_rejected", MSG_REJECTED)
        open_people = [p for p in people if p["rights_from"]]
        if not open_people:
            raise ApiError(409, "no_open_rights", MSG_NO_RIGHTS)
        acc = account(sess["assure_nir"])
        if not acc["address_known"]:
            raise ApiError(409, "address_unknown", MSG_ADDRESS_UNKNOWN)
        assure = store.one("SELECT nom, prenom FROM persons WHERE nir=?", (sess["assure_nir"],))
        keys = ("nom", "prenom", "date_naissance", "nir", "rang", "rights_from", "rights_to",
                "medecin_traitant", "exoneration_tm", "exoneration_label", "css")
        out = []
        for p in open_people:
            item = {k: p[k] for k in keys}
            if not exoneration:
                item["exoneration_tm"], item["exoneration_label"] = False, ""
            out.append(item)
        return {"assure_nir": sess["assure_nir"], "assure_name": f"{assure['prenom']} {assure['nom']}",
                "caisse_name": acc["caisse_name"], "caisse_code": acc["caisse_code"],
                "code_regime": acc["code_regime"],
                "code_organisme": code_organisme(acc["code_regime"], acc["caisse_code"]),
                "beneficiaries": out, "include_exoneration": exoneration,
                "issued_on": clk.today().isoformat(), "terminal_id": sess["terminal_id"]}

    @r.get("/v1/attestations/ij", tags=["droits"])
    def attestation_ij(sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        row = store.one("SELECT periods FROM ij WHERE assure_nir=?", (sess["assure_nir"],))
        if row is None:
            raise not_eligible("no_ij", M.NO_IJ)
        periods = json.loads(row["periods"])
        total = sum(Decimal(p["total"]) for p in periods)
        return {"assure_nir": sess["assure_nir"], "periods": periods, "total": f"{total:.2f}",
                "issued_on": clk.today().isoformat()}

    @r.get("/v1/releve-fiscal", tags=["droits"])
    def releve_fiscal(sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        row = store.one("SELECT * FROM releves WHERE assure_nir=?", (sess["assure_nir"],))
        if row is None:
            raise not_eligible("no_releve", M.NO_RELEVE)
        published = date.fromisoformat(row["published_on"])
        until = add_months(published, cfg.releve_fiscal_months)
        if clk.today() >= until:
            raise not_eligible("releve_expired", "Le relevé fiscal n'est disponible que "
                               f"{cfg.releve_fiscal_months} mois après sa publication.")
        return {"assure_nir": sess["assure_nir"], "year": row["year"], "published_on": row["published_on"],
                "available_until": until.isoformat(), "total_imposable": cents_text(row["total_imposable"])}
    return r
