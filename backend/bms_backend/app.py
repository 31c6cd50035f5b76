"""The /v1 API (FastAPI). Wording of the outcomes: SPEC.md. Contract: docs/backend.md, docs/openapi.json.

Errors are ``{"detail": {"code", "message", ...}}`` with ``field`` (invalid_field),
``attempts_left`` (wrong_code) or ``reason`` (not_eligible). NIRs never reach the log.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import secrets
import uuid
from calendar import monthrange
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Literal

from typing import Annotated

from fastapi import Depends, FastAPI, Header, Path as PathParam, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from bms_backend.clock import Clock
from bms_backend.store import Store, check_secret, token_hash
from bms_client import messages as M
from bms_client.config import Config
from bms_client.models import mask_nir

log = logging.getLogger("bms_backend")

API_VERSION = "1.0.0"
REFERENCE_RE = re.compile(r"^[0-9]{16}[A-Z]$")
AMOUNT_RE = re.compile(r"^[0-9]{1,6}(\.[0-9]{1,2})?$")
NIR_PATTERN = r"^[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{8}$"
MERCHANT_ID = "CPAM-DEMO-0751"


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, **extra: Any) -> None:
        self.status, self.code, self.message, self.extra = status, code, message, extra


def invalid(field: str, message: str) -> ApiError:
    return ApiError(422, "invalid_field", message, field=field)


def not_eligible(reason: str, message: str, status: int = 409) -> ApiError:
    return ApiError(status, "not_eligible", message, reason=reason)


def cents_text(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def add_months(d: date, months: int) -> date:
    y, m = divmod(d.month - 1 + months, 12)
    y, m = d.year + y, m + 1
    return date(y, m, min(d.day, monthrange(y, m)[1]))


def body_hash(obj: Any) -> str:
    return hashlib.sha256(json.dumps(obj, sort_keys=True).encode()).hexdigest()


# --- request bodies (semantic checks are done in the handlers, to name the field)
REFERENCE_PATTERN = r"^[0-9]{16}[A-Z]$"
AMOUNT_PATTERN = r"^[0-9]{1,6}(\.[0-9]{1,2})?$"
Nir = Annotated[str, Field(pattern=NIR_PATTERN, min_length=15, max_length=15)]
Reference = Annotated[str, Field(pattern=REFERENCE_PATTERN, min_length=17, max_length=17)]


class CardBody(BaseModel):
    card_nirs: list[Nir] = Field(min_length=1, max_length=20,
                                 description="NIR of the assuré first, then the beneficiaries read on the card")


class CodeBody(CardBody):
    code: str = Field(min_length=1, max_length=32, description="code de sécurité")


class SmsVerifyBody(CardBody):
    sms_code: str = Field(min_length=1, max_length=32)


class AttestationBody(BaseModel):
    beneficiary_nir: Nir | None = Field(default=None,
                                        description="one person on the card; null: l'ensemble des bénéficiaires")
    include_exoneration: bool = False


class PaymentBody(BaseModel):
    reference: Reference
    lines: list[Reference] = Field(default_factory=list, max_length=50,
                             description="selected references (the reference itself is always included)")
    amount: str = Field(pattern=AMOUNT_PATTERN, max_length=9, description="decimal euros, at most 2 decimals, e.g. \"25.50\"")


class PaymentResultBody(BaseModel):
    status: Literal["accepted", "failed"]
    authorisation_number: str = Field(default="", max_length=32)
    card_last4: str = Field(default="", max_length=4)


class OcChoice(BaseModel):
    beneficiary_nir: Nir
    oc_id: str = Field(max_length=32)


class OcChoicesBody(BaseModel):
    choices: list[OcChoice] = Field(min_length=1, max_length=20)


def create_app(db_path: str | Path, config: Config | None = None, clock: Clock | None = None,
               test_hooks: bool = False) -> FastAPI:
    """The API over the SQLite file ``db_path`` (created and seeded if new).

    ``test_hooks`` adds /v1/admin/* (clock forward, SMS outbox), never in the OpenAPI document.
    """
    cfg = config or Config()
    clk = clock or Clock()
    store = Store(db_path)
    store.seed(clk.today())
    app = FastAPI(title="BMS téléservices API", version=API_VERSION,
                  description="Téléservices de l'Assurance Maladie pour la borne multi-services et les "
                              "autres canaux. Voir docs/backend.md.")
    app.state.store, app.state.config, app.state.clock = store, cfg, clk
    terminal_cache: dict[str, str] = {}

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(status_code=exc.status,
                            content={"detail": {"code": exc.code, "message": exc.message, **exc.extra}})

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        loc = [str(p) for p in (errors[0].get("loc", ()) if errors else ()) if p not in ("body", "query", "path", "header")]
        field = loc[0] if loc else "body"
        return JSONResponse(status_code=422, content={"detail": {
            "code": "invalid_field", "field": field,
            "message": M.FIELD_MESSAGES.get(field, M.INVALID_FIELD.format(field=field))}})

    # --- dependencies
    def terminal(x_terminal_key: str | None = Header(default=None)) -> str:
        if not x_terminal_key or len(x_terminal_key) > 200:
            raise ApiError(401, "terminal_unauthorised", M.TERMINAL_UNAUTHORISED)
        digest = hashlib.sha256(x_terminal_key.encode()).hexdigest()
        tid = terminal_cache.get(digest)
        if tid is None:
            tid = store.check_terminal(x_terminal_key)
            if tid is None:
                raise ApiError(401, "terminal_unauthorised", M.TERMINAL_UNAUTHORISED)
            terminal_cache[digest] = tid
        return tid

    def session(terminal_id: str = Depends(terminal),
                x_session_token: str | None = Header(default=None)) -> dict[str, Any]:
        if not x_session_token or len(x_session_token) > 200:
            raise ApiError(401, "session_invalid", M.SESSION_EXPIRED)
        row = store.one("SELECT * FROM sessions WHERE token_hash=?", (token_hash(x_session_token),))
        if row is None or row["expires"] <= clk.timestamp() or row["terminal_id"] != terminal_id:
            raise ApiError(401, "session_invalid", M.SESSION_EXPIRED)
        process_due()
        return {"assure_nir": row["assure_nir"], "card_nirs": json.loads(row["card_nirs"]),
                "terminal_id": terminal_id}

    # --- helpers
    def add_message(c: Any, assure: str, kind: str, title: str, body: str) -> None:
        now = clk.now()
        expires = add_months(now.date(), cfg.message_retention_months)
        c.execute("INSERT INTO messages (assure_nir, kind, title, body, created_at, expires_at) VALUES (?,?,?,?,?,?)",
                  (assure, kind, title, body, now.isoformat(timespec="seconds"), expires.isoformat()))

    def process_due() -> None:
        """OC choices older than oc_processing_days are processed; a notification follows."""
        limit = (clk.now() - timedelta(days=cfg.oc_processing_days)).isoformat(timespec="seconds")
        due = store.read("SELECT id, assure_nir FROM oc_requests WHERE processed_at IS NULL AND requested_at<=?",
                         (limit,))
        for req in due:
            with store.tx() as c:
                done = c.execute("UPDATE oc_requests SET processed_at=? WHERE id=? AND processed_at IS NULL",
                                 (clk.now().isoformat(timespec="seconds"), req["id"])).rowcount
                if done:
                    c.execute("DELETE FROM oc_overlaps WHERE assure_nir=?", (req["assure_nir"],))
                    add_message(c, req["assure_nir"], "notification",
                                "Transmission vers votre complémentaire",
                                "Votre choix d'organisme complémentaire a été pris en compte : la transmission "
                                "automatique de vos remboursements vers votre complémentaire est de nouveau active.")

    def account(nir: str) -> Any:
        row = store.one("SELECT * FROM accounts WHERE assure_nir=?", (nir,))
        if row is None:
            raise not_eligible("unknown_account", M.UNKNOWN_ACCOUNT, status=404)
        return row

    def check_card(card_nirs: list[str]) -> Any:
        for i, nir in enumerate(card_nirs):
            if not re.match(NIR_PATTERN, nir):
                raise invalid("card_nirs", M.BAD_NIR)
        return account(card_nirs[0])

    def open_session(acc: Any, card_nirs: list[str], terminal_id: str) -> dict[str, Any]:
        token = secrets.token_urlsafe(32)
        expires = clk.timestamp() + cfg.auth_session_delay
        with store.tx() as c:
            c.execute("UPDATE accounts SET failures=0, sms_hash=NULL, sms_expires=NULL WHERE assure_nir=?",
                      (acc["assure_nir"],))
            c.execute("INSERT INTO sessions VALUES (?,?,?,?,?)",
                      (token_hash(token), acc["assure_nir"], json.dumps(card_nirs), terminal_id, expires))
        log.info("session opened for %s on %s", mask_nir(acc["assure_nir"]), terminal_id)
        people = beneficiaries_of({"assure_nir": acc["assure_nir"], "card_nirs": card_nirs})
        process_due()
        overlap = bool(store.read("SELECT 1 FROM oc_overlaps WHERE assure_nir=?", (acc["assure_nir"],)))
        return {"token": token, "expires_at": datetime.fromtimestamp(expires, clk.now().tzinfo).isoformat(),
                "assure": {"nom": people[0]["nom"], "prenom": people[0]["prenom"]} if people else {},
                "beneficiaries": [{k: p[k] for k in ("nir", "nom", "prenom", "date_naissance", "rang")}
                                  for p in people],
                "oc_overlap": overlap}

    def failed_attempt(acc: Any) -> ApiError:
        with store.tx() as c:
            c.execute("UPDATE accounts SET failures=failures+1, locked=CASE WHEN failures+1>=? THEN 1 ELSE locked END"
                      " WHERE assure_nir=?", (cfg.auth_max_attempts, acc["assure_nir"]))
            failures = c.execute("SELECT failures FROM accounts WHERE assure_nir=?",
                                 (acc["assure_nir"],)).fetchone()[0]
        locked = failures >= cfg.auth_max_attempts
        log.info("wrong code for %s (%d)", mask_nir(acc["assure_nir"]), failures)
        if locked:
            return ApiError(423, "account_locked", M.ACCOUNT_LOCKED)
        left = cfg.auth_max_attempts - failures
        return ApiError(403, "wrong_code", M.WRONG_CODE.format(attempts_left=left), attempts_left=left)

    def beneficiaries_of(sess: dict[str, Any]) -> list[dict[str, Any]]:
        """The people on the card that the account knows, in card order."""
        rows = {r["nir"]: r for r in store.read("SELECT p.*, a.code_regime, a.caisse_code, a.caisse_name, "
                                                "a.address_known FROM persons p JOIN accounts a "
                                                "ON a.assure_nir=p.assure_nir WHERE p.assure_nir=?",
                                                (sess["assure_nir"],))}
        out = []
        for nir in dict.fromkeys(sess["card_nirs"]):
            r = rows.get(nir)
            if r is None:
                continue
            out.append({"nir": r["nir"], "nom": r["nom"], "prenom": r["prenom"], "date_naissance": r["naissance"],
                        "rang": r["rang"], "qualite": r["qualite"], "rights_from": r["rights_from"],
                        "rights_to": r["rights_to"], "medecin_traitant": r["medecin"],
                        "exoneration_tm": bool(r["exo"]), "exoneration_label": r["exo_label"], "css": bool(r["css"]),
                        "code_regime": r["code_regime"], "caisse_code": r["caisse_code"],
                        "caisse_name": r["caisse_name"], "address_known": bool(r["address_known"]),
                        "status": r["status"]})
        return out

    # --- routes
    @app.get("/v1/health", tags=["service"])
    def health() -> dict[str, str]:
        return {"status": "ok", "version": API_VERSION}

    @app.post("/v1/sessions", status_code=201, tags=["sessions"])
    def create_session(body: CodeBody, terminal_id: str = Depends(terminal)) -> dict[str, Any]:
        acc = check_card(body.card_nirs)
        if acc["locked"]:
            raise ApiError(423, "account_locked", M.ACCOUNT_LOCKED)
        if not check_secret(body.code, acc["code_salt"], acc["code_hash"]):
            raise failed_attempt(acc)
        return open_session(acc, body.card_nirs, terminal_id)

    @app.post("/v1/sessions/sms", tags=["sessions"])
    def request_sms(body: CardBody, terminal_id: str = Depends(terminal)) -> dict[str, Any]:
        acc = check_card(body.card_nirs)
        if acc["locked"]:
            raise ApiError(423, "account_locked", M.ACCOUNT_LOCKED)
        mobile = acc["mobile"]
        if not mobile:
            raise not_eligible("no_mobile", M.NO_MOBILE)
        code = f"{secrets.randbelow(10 ** 6):06d}"
        salt = secrets.token_bytes(16)
        from bms_backend.store import hash_secret
        with store.tx() as c:
            c.execute("UPDATE accounts SET sms_hash=?, sms_expires=? WHERE assure_nir=?",
                      (salt + hash_secret(code, salt), clk.timestamp() + cfg.sms_code_validity_delay,
                       acc["assure_nir"]))
            c.execute("INSERT INTO sms_outbox (assure_nir, mobile, code, sent_at) VALUES (?,?,?,?)",
                      (acc["assure_nir"], mobile, code, clk.now().isoformat(timespec="seconds")))
        masked = f"{mobile[:2]} ** ** ** {mobile[-2:]}"
        return {"masked_mobile": masked, "validity_seconds": cfg.sms_code_validity_delay}

    @app.post("/v1/sessions/sms/verify", status_code=201, tags=["sessions"])
    def verify_sms(body: SmsVerifyBody, terminal_id: str = Depends(terminal)) -> dict[str, Any]:
        acc = check_card(body.card_nirs)
        if acc["locked"]:
            raise ApiError(423, "account_locked", M.ACCOUNT_LOCKED)
        stored, expires = acc["sms_hash"], acc["sms_expires"]
        if not stored or expires is None or expires <= clk.timestamp() \
                or not check_secret(body.sms_code, stored[:16], stored[16:]):
            raise failed_attempt(acc)
        return open_session(acc, body.card_nirs, terminal_id)

    @app.delete("/v1/sessions/current", status_code=204, tags=["sessions"])
    def close_session(x_session_token: str | None = Header(default=None),
                      sess: dict[str, Any] = Depends(session)) -> Response:
        with store.tx() as c:
            c.execute("DELETE FROM sessions WHERE token_hash=?", (token_hash(x_session_token or ""),))
        return Response(status_code=204)

    @app.get("/v1/rights", tags=["droits"])
    def rights(sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        return {"beneficiaries": beneficiaries_of(sess)}

    @app.post("/v1/attestations/droits", tags=["droits"])
    def attestation(body: AttestationBody, sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        """A read without side effect; POST so that no NIR ever appears in a URL (and so in a log)."""
        beneficiary, exoneration = body.beneficiary_nir, body.include_exoneration
        people = beneficiaries_of(sess)
        if beneficiary is not None:
            people = [p for p in people if p["nir"] == beneficiary]
            if not people:
                raise invalid("beneficiary", M.NOT_ON_CARD)
        if any(p["status"] == "rejected" for p in people):
            raise ApiError(409, "attestation_rejected", M.ATTESTATION_REJECTED)
        open_people = [p for p in people if p["rights_from"]]
        if not open_people:
            raise ApiError(409, "no_open_rights", M.NO_OPEN_RIGHTS)
        acc = account(sess["assure_nir"])
        if not acc["address_known"]:
            raise ApiError(409, "address_unknown", M.ADDRESS_UNKNOWN)
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
                "code_regime": acc["code_regime"], "beneficiaries": out, "include_exoneration": exoneration,
                "issued_on": clk.today().isoformat(), "terminal_id": sess["terminal_id"]}

    @app.get("/v1/attestations/ij", tags=["droits"])
    def attestation_ij(sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        row = store.one("SELECT periods FROM ij WHERE assure_nir=?", (sess["assure_nir"],))
        if row is None:
            raise not_eligible("no_ij", M.NO_IJ)
        periods = json.loads(row["periods"])
        total = sum(Decimal(p["total"]) for p in periods)
        return {"assure_nir": sess["assure_nir"], "periods": periods, "total": f"{total:.2f}",
                "issued_on": clk.today().isoformat()}

    @app.get("/v1/releve-fiscal", tags=["droits"])
    def releve_fiscal(sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        row = store.one("SELECT * FROM releves WHERE assure_nir=?", (sess["assure_nir"],))
        if row is None:
            raise not_eligible("no_releve", M.NO_RELEVE)
        published = date.fromisoformat(row["published_on"])
        until = add_months(published, cfg.releve_fiscal_months)
        if clk.today() >= until:
            raise not_eligible("releve_expired", M.RELEVE_EXPIRED.format(months=cfg.releve_fiscal_months))
        return {"assure_nir": sess["assure_nir"], "year": row["year"], "published_on": row["published_on"],
                "available_until": until.isoformat(), "total_imposable": cents_text(row["total_imposable"])}

    # --- créances
    def check_reference(ref: str, field: str = "reference") -> None:
        if not REFERENCE_RE.match(ref):
            raise invalid(field, M.REFERENCE_FORMAT)

    def creance_state(sess: dict[str, Any], ref: str) -> tuple[Any, list[Any]]:
        """The créance and all the account's créances, after every eligibility check."""
        check_reference(ref)
        rows = store.read("SELECT * FROM creances WHERE assure_nir=? ORDER BY issued_on, reference",
                          (sess["assure_nir"],))
        mine = next((r for r in rows if r["reference"] == ref), None)
        if mine is None or mine["remaining"] <= 0:
            raise not_eligible("reference_not_open", M.REFERENCE_NOT_OPEN, status=404)
        balance = sum(r["remaining"] for r in rows)
        lo, hi = int(cfg.creance_eligibility_min * 100), int(cfg.creance_eligibility_max * 100)
        if not lo <= balance <= hi:
            raise not_eligible("service_not_eligible", M.SERVICE_NOT_ELIGIBLE)
        if mine["remaining"] < int(cfg.payment_min * 100):
            raise not_eligible("remaining_below_minimum", M.BELOW_MINIMUM)
        return mine, rows

    def line_json(r: Any) -> dict[str, Any]:
        return {"reference": r["reference"], "issued_on": r["issued_on"], "caisse": r["caisse"],
                "initial_amount": cents_text(r["initial"]), "remaining_amount": cents_text(r["remaining"])}

    @app.get("/v1/creances/{reference}", tags=["créances"])
    def creance(reference: Annotated[str, PathParam(pattern=REFERENCE_PATTERN, min_length=17, max_length=17)],
                sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        mine, rows = creance_state(sess, reference)
        return {**line_json(mine), "balance_total": cents_text(sum(r["remaining"] for r in rows)),
                "payment_min": f"{cfg.payment_min:.2f}", "payment_max": f"{cfg.payment_max:.2f}",
                "others": [line_json(r) for r in rows if r["reference"] != reference and r["remaining"] > 0]}

    def payment_json(p: Any) -> dict[str, Any]:
        status = p["status"]
        return {"payment_id": p["id"], "status": status, "amount": cents_text(p["amount"]),
                "reference": p["reference"], "lines": json.loads(p["lines"]), "spread": json.loads(p["spread"]),
                "transaction_ref": p["transaction_ref"], "merchant_id": p["merchant_id"],
                "authorisation_number": p["authorisation"], "masked_card": p["masked_card"],
                "created_at": p["created_at"], "paid_at": p["result_at"] or "",
                "message": {"accepted": M.PAYMENT_ACCEPTED, "failed": M.PAYMENT_FAILED}.get(status, "")}

    @app.post("/v1/creances/payments", status_code=201, tags=["créances"])
    def order_payment(body: PaymentBody, idempotency_key: str = Header(min_length=8, max_length=100),
                      sess: dict[str, Any] = Depends(session)) -> Any:
        request_hash = body_hash(body.model_dump())
        existing = store.one("SELECT * FROM payments WHERE idempotency_key=?", (idempotency_key,))
        if existing is not None:
            if existing["request_hash"] != request_hash or existing["assure_nir"] != sess["assure_nir"]:
                raise ApiError(409, "conflict", M.KEY_REUSED)
            return JSONResponse(status_code=200, content=payment_json(existing))
        mine, rows = creance_state(sess, body.reference)
        by_ref = {r["reference"]: r for r in rows}
        selected = list(dict.fromkeys([body.reference, *body.lines]))
        for ref in selected:
            check_reference(ref, "lines")
            if ref not in by_ref or by_ref[ref]["remaining"] <= 0:
                raise invalid("lines", M.REFERENCE_NOT_OPEN)
        if not AMOUNT_RE.match(body.amount):
            raise invalid("amount", M.AMOUNT_FORMAT)
        try:
            amount = int(Decimal(body.amount) * 100)
        except InvalidOperation:  # pragma: no cover - the pattern excludes it
            raise invalid("amount", M.AMOUNT_INCORRECT) from None
        if not cfg.payment_min * 100 <= amount <= cfg.payment_max * 100:
            raise invalid("amount", M.PAYMENT_RANGE.format(minimum=cfg.payment_min, maximum=cfg.payment_max))
        owed = sum(by_ref[r]["remaining"] for r in selected)
        if amount > owed:
            raise invalid("amount", M.AMOUNT_ABOVE_OWED)
        # spreading rule: oldest avis first (date of issue, then reference), each paid off before the next
        spread, left = [], amount
        for r in sorted((by_ref[x] for x in selected), key=lambda r: (r["issued_on"], r["reference"])):
            part = min(left, r["remaining"])
            if part > 0:
                spread.append({"reference": r["reference"], "amount": cents_text(part)})
            left -= part
        pid = str(uuid.uuid4())
        with store.tx() as c:
            # checked again inside the transaction: two concurrent sends of one key record one order
            if c.execute("SELECT 1 FROM payments WHERE idempotency_key=?", (idempotency_key,)).fetchone():
                raise ApiError(409, "conflict", M.ORDER_IN_PROGRESS)
            c.execute("INSERT INTO payments (id, idempotency_key, request_hash, terminal_id, assure_nir, reference,"
                      " lines, amount, spread, status, transaction_ref, merchant_id, created_at)"
                      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                      (pid, idempotency_key, request_hash, sess["terminal_id"], sess["assure_nir"], body.reference,
                       json.dumps(selected), amount, json.dumps(spread), "pending",
                       "TR" + secrets.token_hex(6).upper(), MERCHANT_ID, clk.now().isoformat(timespec="seconds")))
        return payment_json(store.one("SELECT * FROM payments WHERE id=?", (pid,)))

    def own_payment(payment_id: str, terminal_id: str) -> Any:
        p = store.one("SELECT * FROM payments WHERE id=?", (payment_id,))
        if p is None or p["terminal_id"] != terminal_id:
            raise ApiError(404, "not_found", M.PAYMENT_UNKNOWN)
        return p

    @app.get("/v1/creances/payments/{payment_id}", tags=["créances"])
    def get_payment(payment_id: str, terminal_id: str = Depends(terminal)) -> dict[str, Any]:
        return payment_json(own_payment(payment_id, terminal_id))

    @app.post("/v1/creances/payments/{payment_id}/result", tags=["créances"])
    def payment_result(payment_id: str, body: PaymentResultBody,
                       terminal_id: str = Depends(terminal)) -> dict[str, Any]:
        """The payment terminal's outcome; applied once (a repeat returns the stored result)."""
        if body.status == "accepted":
            if not re.fullmatch(r"[0-9A-Z]{1,12}", body.authorisation_number):
                raise invalid("authorisation_number", M.AUTHORISATION_FORMAT)
            if not re.fullmatch(r"[0-9]{4}", body.card_last4):
                raise invalid("card_last4", M.CARD_LAST4_FORMAT)
        with store.tx() as c:
            p = c.execute("SELECT * FROM payments WHERE id=?", (payment_id,)).fetchone()
            if p is None or p["terminal_id"] != terminal_id:
                raise ApiError(404, "not_found", M.PAYMENT_UNKNOWN)
            if p["status"] != "pending":
                if p["status"] != body.status:
                    raise ApiError(409, "conflict", M.RESULT_ALREADY_RECORDED)
            else:
                now = clk.now().isoformat(timespec="seconds")
                if body.status == "accepted":
                    for part in json.loads(p["spread"]):
                        cents = int(Decimal(part["amount"]) * 100)
                        c.execute("UPDATE creances SET remaining=MAX(0, remaining-?) WHERE reference=?",
                                  (cents, part["reference"]))
                    c.execute("UPDATE payments SET status='accepted', authorisation=?, masked_card=?, result_at=?"
                              " WHERE id=?", (body.authorisation_number, f"**** **** **** {body.card_last4}",
                                              now, payment_id))
                    add_message(c, p["assure_nir"], "message", "Accusé de réception de votre paiement de créance",
                                f"Nous avons bien reçu votre paiement de {cents_text(p['amount'])} € "
                                f"(transaction {p['transaction_ref']}). Nous vous remercions pour votre paiement, "
                                "nous le traitons dans les plus brefs délais.")
                else:
                    c.execute("UPDATE payments SET status='failed', result_at=? WHERE id=?", (now, payment_id))
            p = c.execute("SELECT * FROM payments WHERE id=?", (payment_id,)).fetchone()
        return payment_json(p)

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
        reason = None
        if kinds & {"css", "cmuc", "acs"}:
            reason = "css"
        elif len(rows) >= cfg.oc_max_beneficiaries:
            reason = "too_many_beneficiaries"
        elif acc["partner_regime"]:
            reason = "partner_regime"
        out: dict[str, Any] = {"status": "none", "overlaps": overlaps, "exclusion": None, "message": "",
                               "request": None, "processing_days": cfg.oc_processing_days}
        if pending is not None:
            out["status"] = "pending"
            out["request"] = {"id": pending["id"], "requested_at": pending["requested_at"],
                              "status": "en cours",
                              "label": f"DEMANDE EN COURS — Demande faite le "
                                       f"{datetime.fromisoformat(pending['requested_at']):%d/%m/%Y} — "
                                       f"traitée sous {cfg.oc_processing_days} jours"}
        elif rows and reason:
            out["status"], out["exclusion"] = "excluded", {"reason": reason, "message": M.OC_EXCLUSIONS[reason]}
        elif rows:
            out["status"], out["message"] = "open", M.OC_BLOCKED
        return out

    @app.get("/v1/oc/overlaps", tags=["organismes complémentaires"])
    def oc_overlaps(sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        return oc_state(sess)

    @app.post("/v1/oc/choices", status_code=201, tags=["organismes complémentaires"])
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
            if c.execute("SELECT 1 FROM oc_requests WHERE idempotency_key=? OR (assure_nir=? AND processed_at IS NULL)",
                         (idempotency_key, sess["assure_nir"])).fetchone():
                raise ApiError(409, "conflict", M.REQUEST_PENDING)
            c.execute("INSERT INTO oc_requests VALUES (?,?,?,?,?,?,NULL)",
                      (str(uuid.uuid4()), idempotency_key, request_hash, sess["assure_nir"], json.dumps(chosen),
                       clk.now().isoformat(timespec="seconds")))
        return oc_state(sess)

    @app.get("/v1/messages", tags=["messages"])
    def messages(sess: dict[str, Any] = Depends(session)) -> dict[str, Any]:
        rows = store.read("SELECT * FROM messages WHERE assure_nir=? AND expires_at>? ORDER BY id DESC",
                          (sess["assure_nir"], clk.today().isoformat()))
        return {"messages": [{"id": r["id"], "kind": r["kind"], "title": r["title"], "body": r["body"],
                              "created_at": r["created_at"], "expires_at": r["expires_at"]} for r in rows]}

    if test_hooks:
        @app.post("/v1/admin/clock", include_in_schema=False)
        def advance_clock(days: float = 0, seconds: float = 0) -> dict[str, str]:
            return {"now": clk.advance(days=days, seconds=seconds).isoformat()}

        @app.get("/v1/admin/sms-outbox", include_in_schema=False)
        def sms_outbox(nir: str) -> dict[str, str]:
            row = store.one("SELECT code, mobile FROM sms_outbox WHERE assure_nir=? ORDER BY id DESC LIMIT 1", (nir,))
            if row is None:
                raise ApiError(404, "not_found", "Aucun SMS.")
            return {"code": row["code"], "mobile": row["mobile"]}

    return app
