"""SQLite storage of the reference backend: WAL, one transaction per change.

Amounts are stored in cents (integers). Codes, session tokens and terminal credentials are
stored hashed. The seed reads the fictitious people from ``bms_backend/cards/*.toml`` (package
data) so that the NIRs match the test cards exactly.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
import tomllib
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any, Iterator

CARDS_DIR = Path(str(files(__package__))) / "cards"
DEFAULT_CODE = "1234"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS terminals (
    id TEXT PRIMARY KEY, salt BLOB NOT NULL, hash BLOB NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS accounts (
    assure_nir TEXT PRIMARY KEY, code_salt BLOB NOT NULL, code_hash BLOB NOT NULL,
    mobile TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0, locked INTEGER NOT NULL DEFAULT 0,
    sms_hash BLOB, sms_expires REAL, code_regime TEXT NOT NULL, caisse_code TEXT NOT NULL,
    caisse_name TEXT NOT NULL, address_known INTEGER NOT NULL, partner_regime INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS persons (
    nir TEXT PRIMARY KEY, assure_nir TEXT NOT NULL, nom TEXT NOT NULL, prenom TEXT NOT NULL,
    naissance TEXT NOT NULL, rang INTEGER NOT NULL, qualite TEXT NOT NULL,
    rights_from TEXT, rights_to TEXT, medecin TEXT NOT NULL, exo INTEGER NOT NULL,
    exo_label TEXT NOT NULL, css INTEGER NOT NULL, status TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    token_hash TEXT PRIMARY KEY, assure_nir TEXT NOT NULL, card_nirs TEXT NOT NULL,
    terminal_id TEXT NOT NULL, expires REAL NOT NULL);
CREATE TABLE IF NOT EXISTS sms_outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, assure_nir TEXT NOT NULL, mobile TEXT NOT NULL,
    code TEXT NOT NULL, sent_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS creances (
    reference TEXT PRIMARY KEY, assure_nir TEXT NOT NULL, caisse TEXT NOT NULL,
    issued_on TEXT NOT NULL, initial INTEGER NOT NULL, remaining INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS payments (
    id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, request_hash TEXT NOT NULL,
    terminal_id TEXT NOT NULL, assure_nir TEXT NOT NULL, reference TEXT NOT NULL,
    lines TEXT NOT NULL, amount INTEGER NOT NULL, spread TEXT NOT NULL, status TEXT NOT NULL,
    transaction_ref TEXT NOT NULL, merchant_id TEXT NOT NULL, authorisation TEXT NOT NULL DEFAULT '',
    masked_card TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, result_at TEXT);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT, assure_nir TEXT NOT NULL, kind TEXT NOT NULL,
    title TEXT NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS oc_overlaps (
    assure_nir TEXT NOT NULL, beneficiary_nir TEXT NOT NULL, ocs TEXT NOT NULL,
    PRIMARY KEY (assure_nir, beneficiary_nir));
CREATE TABLE IF NOT EXISTS oc_requests (
    id TEXT PRIMARY KEY, idempotency_key TEXT NOT NULL UNIQUE, request_hash TEXT NOT NULL,
    assure_nir TEXT NOT NULL, choices TEXT NOT NULL, requested_at TEXT NOT NULL, processed_at TEXT);
CREATE TABLE IF NOT EXISTS ij (
    assure_nir TEXT PRIMARY KEY, periods TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS releves (
    assure_nir TEXT PRIMARY KEY, year INTEGER NOT NULL, published_on TEXT NOT NULL,
    total_imposable INTEGER NOT NULL);
"""


def hash_secret(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, n=2 ** 14, r=8, p=1, dklen=32)


def check_secret(secret: str, salt: bytes, expected: bytes) -> bool:
    return hmac.compare_digest(hash_secret(secret, salt), expected)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Store:
    """One SQLite connection shared by the request threads, serialised by a lock."""

    def __init__(self, db_path: str | Path) -> None:
        self.path = str(db_path)
        self._lock = threading.RLock()
        self.conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self.conn.row_factory = sqlite3.Row
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute("PRAGMA busy_timeout=5000")
        self.conn.executescript(SCHEMA)

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    @contextlib.contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """One transaction: everything inside commits together or not at all."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    def read(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self.conn.execute(sql, args).fetchall()

    def one(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Row | None:
        rows = self.read(sql, args)
        return rows[0] if rows else None

    # --- terminals
    def issue_terminal(self, terminal_id: str, created_at: str) -> str:
        """A new credential for the terminal (replacing any previous one); shown once."""
        key = f"{terminal_id}.{secrets.token_urlsafe(24)}"
        salt = secrets.token_bytes(16)
        with self.tx() as c:
            c.execute("INSERT OR REPLACE INTO terminals VALUES (?,?,?,?)",
                      (terminal_id, salt, hash_secret(key, salt), created_at))
        return key

    def check_terminal(self, key: str) -> str | None:
        terminal_id = key.split(".", 1)[0]
        row = self.one("SELECT salt, hash FROM terminals WHERE id=?", (terminal_id,))
        if row is None or not check_secret(key, row["salt"], row["hash"]):
            return None
        return terminal_id

    # --- seed
    def is_seeded(self) -> bool:
        return self.one("SELECT value FROM meta WHERE key='seeded'") is not None

    def seed(self, today: date, cards_dir: Path = CARDS_DIR) -> None:
        if self.is_seeded():
            return
        with self.tx() as c:
            for path in sorted(cards_dir.glob("*.toml")):
                _seed_card(c, path, today)
            _seed_business(c, today)
            c.execute("INSERT INTO meta VALUES ('seeded', ?)", (today.isoformat(),))


# People with a special case (by NIR, as on the test cards)
LEROY_JEAN = "158026219303025"  # droits_fermes: no open rights
MOREAU_ANNE = "269052123103132"  # adresse_inconnue
FOURNIER_LUC = "177087654003240"  # rejet
MARTIN_PAUL = "184037511203367"
MARTIN_CLAIRE = "286071305500401"
MARTIN_LEA = "212057511208830"  # ALD
DURAND_SOPHIE = "275096938301276"
BERNARD_KARIM = "179015935000797"
PETIT_JULIE = "288044410904078"
GIRARD_EMILIE = "295039205007165"
ROUSSEAU_ANNE = "170013155520092"

CAISSES = {"751": "CPAM de Paris"}


def _mobile_for(nir: str) -> str:
    digits = str(int(hashlib.sha256(nir.encode()).hexdigest(), 16))[:8]
    return "06" + digits


def _seed_card(c: sqlite3.Connection, path: Path, today: date) -> None:
    card = tomllib.loads(path.read_text(encoding="utf-8"))
    people = card.get("beneficiary", [])
    if not people:
        return
    assure = people[0]["nir"]
    if c.execute("SELECT 1 FROM accounts WHERE assure_nir=?", (assure,)).fetchone():
        return
    caisse = card.get("caisse_code", "751") or "751"
    salt = secrets.token_bytes(16)
    mobile = "" if assure == LEROY_JEAN else _mobile_for(assure)
    c.execute("INSERT INTO accounts (assure_nir, code_salt, code_hash, mobile, code_regime, caisse_code,"
              " caisse_name, address_known, partner_regime) VALUES (?,?,?,?,?,?,?,?,?)",
              (assure, salt, hash_secret(DEFAULT_CODE, salt), mobile, card.get("code_regime", "01") or "01",
               caisse, CAISSES.get(caisse, "CPAM de démonstration"), 0 if assure == MOREAU_ANNE else 1,
               1 if assure == PETIT_JULIE else 0))
    rights_from = date(today.year, 1, 1).isoformat()
    rights_to = date(today.year + 1, 12, 31).isoformat()
    for i, p in enumerate(people):
        nir = p["nir"]
        if c.execute("SELECT 1 FROM persons WHERE nir=?", (nir,)).fetchone():
            continue
        n = p["naissance"]
        naissance = f"{n[:4]}-{n[4:6]}-{n[6:8]}"
        closed = nir == LEROY_JEAN
        c.execute("INSERT INTO persons VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  (nir, assure, p["nom"], p["prenom"], naissance, int(p.get("rang", 1)),
                   p.get("qualite", "assure" if i == 0 else "autre"),
                   None if closed else rights_from, None if closed else rights_to,
                   "" if closed else "Dr Claire DUPONT", 1 if nir == MARTIN_LEA else 0,
                   "ALD" if nir == MARTIN_LEA else "", 0,
                   "rejected" if nir == FOURNIER_LUC else "ok"))


def _oc(oc_id: str, name: str, adherent: str, contract: str, kind: str = "standard") -> dict[str, str]:
    return {"id": oc_id, "name": name, "adherent": adherent, "contract_date": contract, "kind": kind}


def _seed_business(c: sqlite3.Connection, today: date) -> None:
    def ago(days: int) -> str:
        return (today - timedelta(days=days)).isoformat()

    creances = [
        # DURAND SOPHIE: balance 65,50 € (eligible), one line below the minimum, one paid off
        ("1234567890123456A", DURAND_SOPHIE, ago(90), 3000, 3000),
        ("2345678901234567B", DURAND_SOPHIE, ago(60), 4000, 2550),
        ("3456789012345678C", DURAND_SOPHIE, ago(30), 2000, 1000),
        ("4567890123456789D", DURAND_SOPHIE, ago(200), 1500, 0),
        # MARTIN PAUL: balance 80 € (eligible)
        ("7890123456789012G", MARTIN_PAUL, ago(45), 4500, 4500),
        ("8901234567890123H", MARTIN_PAUL, ago(20), 3500, 3500),
        # BERNARD KARIM: balance 250 € (above the maximum), GIRARD EMILIE: 20 € (below)
        ("5678901234567890E", BERNARD_KARIM, ago(50), 25000, 25000),
        ("6789012345678901F", GIRARD_EMILIE, ago(50), 2000, 2000),
    ]
    for ref, nir, issued, initial, remaining in creances:
        c.execute("INSERT OR IGNORE INTO creances VALUES (?,?,?,?,?,?)",
                  (ref, nir, "CPAM de Paris", issued, initial, remaining))
    mgd = ("Mutuelle Générale de Démonstration", "MGD-481516", "2024-01-01")
    hes = ("Harmonie Exemple Santé", "HES-2342", "2025-09-01")
    overlaps = [
        (MARTIN_PAUL, MARTIN_PAUL, [_oc("MGD", *mgd), _oc("HES", *hes)]),
        (MARTIN_PAUL, MARTIN_CLAIRE, [_oc("MGD", *mgd), _oc("HES", *hes)]),
        (BERNARD_KARIM, BERNARD_KARIM,
         [_oc("CSS", "Complémentaire santé solidaire", "CSS-77001", "2025-03-01", "css"), _oc("HES", *hes)]),
        (PETIT_JULIE, PETIT_JULIE, [_oc("MGD", *mgd), _oc("HES", *hes)]),
    ]
    rousseau = c.execute("SELECT nir FROM persons WHERE assure_nir=? ORDER BY rowid LIMIT 5",
                         (ROUSSEAU_ANNE,)).fetchall()
    overlaps += [(ROUSSEAU_ANNE, r["nir"], [_oc("MGD", *mgd), _oc("HES", *hes)]) for r in rousseau]
    for assure, nir, ocs in overlaps:
        if c.execute("SELECT 1 FROM persons WHERE nir=?", (nir,)).fetchone():
            c.execute("INSERT OR IGNORE INTO oc_overlaps VALUES (?,?,?)", (assure, nir, json.dumps(ocs)))
    c.execute("INSERT OR IGNORE INTO ij VALUES (?,?)", (DURAND_SOPHIE, json.dumps([
        {"from": ago(120), "to": ago(100), "days": 21, "daily_amount": "42.15", "total": "885.15"},
        {"from": ago(40), "to": ago(33), "days": 8, "daily_amount": "42.15", "total": "337.20"},
    ])))
    c.execute("INSERT OR IGNORE INTO releves VALUES (?,?,?,?)", (DURAND_SOPHIE, today.year - 1, ago(60), 122235))
    c.execute("INSERT OR IGNORE INTO releves VALUES (?,?,?,?)", (MARTIN_PAUL, today.year - 1, ago(250), 51000))
