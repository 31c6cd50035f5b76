"""What the routers share: the terminal and session dependencies, the account helpers (lockout,
sessions, beneficiaries, messages, OC processing), over one store, config and clock."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import re
import secrets
from datetime import datetime, timedelta
from typing import Any, Callable

from fastapi import Depends, Header, Request
from starlette.concurrency import run_in_threadpool

from bms_client import messages as M
from bms_backend import rules
from bms_backend.api.common import ApiError, NIR_PATTERN, add_months, invalid, not_eligible
from bms_backend.store import check_secret, hash_secret, token_hash
from bms_backend.texts import MSG_LOCKED, MSG_SESSION_EXPIRED, MSG_TERMINAL
from bms_client.models import mask_nir

log = logging.getLogger("bms_backend")
audit = logging.getLogger("bms_backend.audit")

# An unknown NIR costs the same code check as a known one and answers as a first wrong code
_DUMMY_SALT = secrets.token_bytes(16)
_DUMMY_HASH = hash_secret("dummy", _DUMMY_SALT)
DUE_SQL = "SELECT 1 FROM oc_requests WHERE processed_at IS NULL AND requested_at<=? LIMIT 1"


class Context:
    """The store, config and clock of one app, and the helpers every router uses."""

    def __init__(self, store: Any, cfg: Any, clk: Any) -> None:
        self.store, self.cfg, self.clk = store, cfg, clk

        # --- running store reads from async code
        async def io(fn: Callable[..., Any], *args: Any) -> Any:
            """``fn(*args)`` that only reads: on the event loop when the store's reads are local and
            lock-free (SQLite's reader connection: tens of µs, a thread hop costs more), else in the
            thread pool (PostgreSQL: a network round trip)."""
            if store.inline_reads:
                return fn(*args)
            return await run_in_threadpool(fn, *args)

        # --- dependencies (async: no thread hop of their own; see io())
        async def terminal(request: Request, x_terminal_key: str | None = Header(default=None)) -> str:
            """The terminal id that TerminalGate found for the key (the header is declared for the OpenAPI)."""
            tid = request.scope.get("state", {}).get("terminal_id")
            if tid is None:
                raise ApiError(401, "terminal_unauthorised", MSG_TERMINAL)
            return tid

        def session_of(terminal_id: str, token: str) -> tuple[dict[str, Any], bool]:
            """The open session of the token on this terminal, and whether OC choices are due."""
            row = store.one("SELECT * FROM sessions WHERE token_hash=?", (token_hash(token),))
            if row is None or row["expires"] <= clk.timestamp() or row["terminal_id"] != terminal_id:
                raise ApiError(401, "session_invalid", MSG_SESSION_EXPIRED)
            return ({"assure_nir": row["assure_nir"], "card_nirs": json.loads(row["card_nirs"]),
                     "terminal_id": terminal_id}, bool(store.read(DUE_SQL, (due_limit(),))))

        async def session(request: Request, x_session_token: str | None = Header(default=None),
                          x_terminal_key: str | None = Header(default=None)) -> dict[str, Any]:
            # terminal() called directly, not as a sub-dependency (one level less to solve per request)
            terminal_id = await terminal(request, x_terminal_key)
            if not x_session_token or len(x_session_token) > 200:
                raise ApiError(401, "session_invalid", MSG_SESSION_EXPIRED)
            sess, due = await io(session_of, terminal_id, x_session_token)
            if due:  # writes: never on the event loop
                await run_in_threadpool(process_due)
            return sess

        # --- helpers
        def add_message(c: Any, assure: str, kind: str, title: str, body: str) -> None:
            now = clk.now()
            expires = add_months(now.date(), cfg.message_retention_months)
            c.execute("INSERT INTO messages (assure_nir, kind, title, body, created_at, expires_at) VALUES (?,?,?,?,?,?)",
                      (assure, kind, title, body, now.isoformat(timespec="seconds"), expires.isoformat()))

        due_cache: list[Any] = [None, ""]  # the limit for the current second (asked on every request)

        def due_limit() -> str:
            second = int(clk.timestamp())
            if due_cache[0] != second:
                due_cache[:] = [second, (clk.now() - timedelta(days=cfg.oc_processing_days)).isoformat(
                    timespec="seconds")]
            return due_cache[1]

        def process_due() -> None:
            """OC choices older than oc_processing_days are processed; a notification follows."""
            due = store.read("SELECT id, assure_nir FROM oc_requests WHERE processed_at IS NULL AND requested_at<=?",
                             (due_limit(),))
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
            """The account of the card, or None when unknown (answered like a wrong code: no enumeration)."""
            for i, nir in enumerate(card_nirs):
                if not re.match(NIR_PATTERN, nir):
                    raise invalid("card_nirs", M.BAD_NIR)
            return store.one("SELECT * FROM accounts WHERE assure_nir=?", (card_nirs[0],))

        def wrong_code(left: int) -> ApiError:
            return ApiError(403, "wrong_code", M.wrong_code(left), attempts_left=left)

        def lock_state(row: Any) -> rules.LockState:
            return rules.LockState(row["failures"], row["locked_until"])

        def reserve_attempt(acc: Any, terminal_id: str, kind: str) -> rules.LockState:
            """Count the attempt before the slow check (rules.reserve_attempt), in one transaction."""
            nir = acc["assure_nir"]
            with store.tx() as c:
                row = c.execute("SELECT failures, locked_until FROM accounts WHERE assure_nir=? FOR UPDATE",
                                (nir,)).fetchone()
                state = rules.reserve_attempt(lock_state(row), clk.timestamp(), cfg.auth_max_attempts,
                                              cfg.auth_lock_delay)
                if state is not None:
                    c.execute("UPDATE accounts SET failures=?, locked_until=? WHERE assure_nir=?",
                              (state.failures, state.locked_until, nir))
            if state is None:
                audit.info("%s refused, account locked: %s on %s", kind, mask_nir(nir), terminal_id)
                raise ApiError(423, "account_locked", MSG_LOCKED)
            return state

        def checked(acc: Any, state: rules.LockState, ok: bool, terminal_id: str, kind: str) -> None:
            """After the check: a right code clears the count, a wrong one raises (it is counted already)."""
            nir = acc["assure_nir"]
            audit.info("%s code %s: %s on %s (attempt %d/%d)", kind, "right" if ok else "wrong", mask_nir(nir),
                       terminal_id, state.failures, cfg.auth_max_attempts)
            if ok:
                return
            if state.locked_until is not None:
                audit.warning("account locked: %s on %s", mask_nir(nir), terminal_id)
                raise ApiError(423, "account_locked", MSG_LOCKED)
            raise wrong_code(rules.attempts_left(state, cfg.auth_max_attempts))

        def unknown_card(terminal_id: str, kind: str) -> ApiError:
            check_secret("dummy", _DUMMY_SALT, _DUMMY_HASH)
            audit.info("%s code wrong: unknown account on %s", kind, terminal_id)
            return wrong_code(cfg.auth_max_attempts - 1)

        decoy_key = store.server_secret("sms_decoy_key")
        decoy_sent: dict[bytes, float] = {}  # keyed hash of an unknown NIR -> last answer (this process)

        def unknown_sms(nir: str, terminal_id: str) -> tuple[str, int]:
            """For an unknown NIR, what a known one would get: a masked mobile (stable: derived from
            the NIR with this database's secret), the same code hash cost, the same resend limit.
            Returns (masked mobile, seconds before another may be sent: 0 when this one was "sent").
            Nothing is stored on disk; the resend limit is this process's."""
            tag = hmac.new(decoy_key, nir.encode(), hashlib.sha256).digest()
            hash_secret(f"{secrets.randbelow(10 ** cfg.sms_code_length):0{cfg.sms_code_length}d}",
                        secrets.token_bytes(16))
            now = clk.timestamp()
            if len(decoy_sent) > 10_000:
                for k in [k for k, t in decoy_sent.items() if t <= now - cfg.sms_resend_delay]:
                    decoy_sent.pop(k, None)  # another request thread may prune too
            last = decoy_sent.get(tag)
            wait = 0 if last is None or last <= now - cfg.sms_resend_delay else \
                max(1, math.ceil(last + cfg.sms_resend_delay - now))
            if not wait:
                decoy_sent[tag] = now
            audit.info("sms requested: unknown account on %s", terminal_id)
            return f"0{6 + tag[0] % 2} ** ** ** {int.from_bytes(tag[1:3], 'big') % 100:02d}", wait

        def open_session(acc: Any, card_nirs: list[str], terminal_id: str) -> dict[str, Any]:
            token = secrets.token_urlsafe(32)
            expires = clk.timestamp() + cfg.auth_session_delay
            with store.tx() as c:
                c.execute("UPDATE accounts SET failures=0, locked_until=NULL, sms_hash=NULL, sms_expires=NULL"
                          " WHERE assure_nir=?", (acc["assure_nir"],))
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

        for name, value in list(locals().items()):
            if callable(value) and not name.startswith("_"):
                setattr(self, name, value)
