"""SQLite storage of the reference backend: WAL, one transaction per change, versioned migrations
(``migrations/sqlite/NNNN_*.sql``, the number kept in ``meta.schema_version``).

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

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def hash_secret(secret: str, salt: bytes) -> bytes:
    return hashlib.scrypt(secret.encode(), salt=salt, n=2 ** 14, r=8, p=1, dklen=32)


def check_secret(secret: str, salt: bytes, expected: bytes) -> bool:
    return hmac.compare_digest(hash_secret(secret, salt), expected)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Terminal keys are 192-bit random secrets: nothing to slow down a guess of, so a keyed hash
# (microseconds) replaces scrypt (tens of ms and 16 MiB a try, which let wrong keys starve the API).
TERMINAL_KEY_SCHEME = "hmac-sha256"


def terminal_key_hash(key: str, salt: bytes) -> bytes:
    return hmac.new(salt, key.encode(), hashlib.sha256).digest()


def migration_files(dialect: str) -> list[tuple[int, str]]:
    """(version, SQL) of every migration of the dialect, in order."""
    return [(int(p.name.split("_", 1)[0]), p.read_text(encoding="utf-8"))
            for p in sorted((MIGRATIONS / dialect).glob("*.sql"))]


class Conflict(Exception):
    """A constraint of the database refused a change (e.g. a unique idempotency key sent twice at once)."""


class Store:
    """The storage interface: transactions over SQL in the dialect both stores read (``?``
    placeholders, ``ON CONFLICT``, ``FOR UPDATE`` that SQLite ignores: its writers are serialised
    anyway), plus what the command line does (terminals, unlock, seed).

    Every money and lockout invariant is held by the database: CHECK constraints on the créances
    (reserved ≤ remaining, both ≥ 0), unique keys, and the account's row locked (PostgreSQL) or
    the database locked (SQLite, BEGIN IMMEDIATE) for the transactions that decide.
    """

    dialect = ""
    # reads are local and never wait on a lock held across I/O: the API may run them on its event
    # loop (no thread hop); otherwise (a network database) they go to the thread pool
    inline_reads = False

    def tx(self) -> contextlib.AbstractContextManager[Any]:
        """One transaction: everything inside commits together or not at all."""
        raise NotImplementedError

    def read(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        raise NotImplementedError

    def snapshot(self) -> contextlib.AbstractContextManager[Any]:
        """Several reads that change nothing, without the write lock of ``tx()``."""
        raise NotImplementedError

    def one(self, sql: str, args: tuple[Any, ...] = ()) -> Any:
        rows = self.read(sql, args)
        return rows[0] if rows else None

    def close(self) -> None:
        raise NotImplementedError

    # --- terminals
    def issue_terminal(self, terminal_id: str, created_at: str) -> str:
        """A new credential for the terminal (the previous one stops at once); shown once."""
        key = f"{terminal_id}.{secrets.token_urlsafe(24)}"
        salt = secrets.token_bytes(16)
        with self.tx() as c:
            c.execute("INSERT INTO terminals (id, salt, hash, created_at, scheme, revoked_at) VALUES (?,?,?,?,?,NULL)"
                      " ON CONFLICT (id) DO UPDATE SET salt=excluded.salt, hash=excluded.hash,"
                      " created_at=excluded.created_at, scheme=excluded.scheme, revoked_at=NULL",
                      (terminal_id, salt, terminal_key_hash(key, salt), created_at, TERMINAL_KEY_SCHEME))
        return key

    def revoke_terminal(self, terminal_id: str, at: str) -> bool:
        with self.tx() as c:
            return c.execute("UPDATE terminals SET revoked_at=? WHERE id=? AND revoked_at IS NULL",
                             (at, terminal_id)).rowcount == 1

    def check_terminal(self, key: str) -> str | None:
        """The terminal id of a valid, unrevoked key; read from the database on every call, so a
        re-issue or a revocation by another process counts at once."""
        terminal_id = key.split(".", 1)[0]
        row = self.one("SELECT salt, hash FROM terminals WHERE id=? AND revoked_at IS NULL AND scheme=?",
                       (terminal_id, TERMINAL_KEY_SCHEME))
        if row is None or not hmac.compare_digest(terminal_key_hash(key, row["salt"]), row["hash"]):
            return None
        return terminal_id

    def server_secret(self, name: str) -> bytes:
        """A random secret of this database, made on first use and then the same for every process."""
        with self.tx() as c:
            c.execute("INSERT INTO meta VALUES (?, ?) ON CONFLICT (key) DO NOTHING", (name, secrets.token_hex(32)))
            return bytes.fromhex(c.execute("SELECT value FROM meta WHERE key=?", (name,)).fetchone()["value"])

    def unlock_account(self, assure_nir: str) -> bool:
        with self.tx() as c:
            return c.execute("UPDATE accounts SET failures=0, locked_until=NULL WHERE assure_nir=?",
                             (assure_nir,)).rowcount == 1

    # --- seed
    def is_seeded(self) -> bool:
        return self.one("SELECT value FROM meta WHERE key='seeded'") is not None

    def exclusive(self, c: Any) -> None:
        """Inside a transaction: wait for any other process doing the same (migration, seed)."""

    def seed(self, today: date, cards_dir: Path = CARDS_DIR) -> None:
        with self.tx() as c:
            self.exclusive(c)
            if c.execute("SELECT 1 FROM meta WHERE key='seeded'").fetchone():
                return
            for path in sorted(cards_dir.glob("*.toml")):
                _seed_card(c, path, today)
            _seed_business(c, today)
            c.execute("INSERT INTO meta VALUES ('seeded', ?)", (today.isoformat(),))


class SqliteStore(Store):
    """Two SQLite connections (WAL) shared by the request threads: the writer's, serialised by a
    lock, for transactions; the reader's, for ``read``/``snapshot``, which in WAL mode never waits
    for a writer (nor its fsync) — so reads are quick enough to run on the event loop. Other
    processes on the same file wait on SQLite's own lock (busy_timeout)."""

    dialect = "sqlite"
    inline_reads = True

    def __init__(self, db_path: str | Path) -> None:
        self.path = str(db_path)
        self._lock = threading.RLock()
        self.conn = self._connect()
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.migrate()
        self._read_lock = threading.Lock()
        self._reader = self._connect()

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA busy_timeout=5000")
        return conn

    def schema_version(self) -> int:
        if not self.conn.execute("SELECT 1 FROM sqlite_master WHERE name='meta'").fetchone():
            return 0
        row = self.conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
        return int(row[0]) if row else 1  # a database of the first version had no number

    def migrate(self) -> None:
        """Apply the migrations this database has not had, all in one transaction."""
        with self.tx() as c:
            current = self.schema_version()
            for version, sql in migration_files("sqlite"):
                if version > current:
                    for statement in _statements(sql):
                        c.execute(statement)
                    c.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE"
                              " SET value=excluded.value", (str(version),))

    def close(self) -> None:
        with self._lock, self._read_lock:
            self._reader.close()
            self.conn.close()

    @contextlib.contextmanager
    def tx(self) -> Iterator["_SqliteTx"]:
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteTx(self.conn)
            except sqlite3.IntegrityError as exc:
                self.conn.execute("ROLLBACK")
                raise Conflict(str(exc)) from exc
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            else:
                self.conn.execute("COMMIT")

    @contextlib.contextmanager
    def snapshot(self) -> Iterator["_SqliteTx"]:
        """One read transaction on the reader's connection: every read inside sees one state."""
        with self._read_lock:
            self._reader.execute("BEGIN")
            try:
                yield _SqliteTx(self._reader)
            finally:
                self._reader.execute("COMMIT")

    def read(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._read_lock:
            return self._reader.execute(_sqlite_sql(sql), args).fetchall()


def _sqlite_sql(sql: str) -> str:
    return sql.replace(" FOR UPDATE", "")


class _SqliteTx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, args: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        return self.conn.execute(_sqlite_sql(sql), args)


def open_store(target: str | Path) -> Store:
    """The store named by ``target``: a PostgreSQL URL (``postgresql://…``) or an SQLite file."""
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        from bms_backend.store_postgres import PostgresStore
        return PostgresStore(text)
    return SqliteStore(text)


def _statements(sql: str) -> list[str]:
    """The statements of a migration file (no ';' inside a statement, '--' comments dropped)."""
    lines = [line for line in sql.splitlines() if not line.lstrip().startswith("--")]
    return [st.strip() for st in "\n".join(lines).split(";") if st.strip()]


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
GARNIER_MAXIME = "103026912304755"  # droits_partiels: the only one of his family without open rights
CLOSED_RIGHTS = frozenset({LEROY_JEAN, GARNIER_MAXIME})

CAISSES = {"751": "CPAM de Paris"}
# Centre gestionnaire of each caisse (fictitious, like everything the reference server seeds):
# the last 4 digits of the code organisme printed on an attestation de droits.
CENTRES = {"751": "1010"}


def code_organisme(code_regime: str, caisse_code: str) -> str:
    """Régime (2) + caisse (3) + centre (4): '01' '751' → '017511010' ('01 751 1010' on paper)."""
    return f"{code_regime:0>2}{caisse_code:0>3}{CENTRES.get(caisse_code, '0000')}"


def _mobile_for(nir: str) -> str:
    digits = str(int(hashlib.sha256(nir.encode()).hexdigest(), 16))[:8]
    return "06" + digits


def _seed_card(c: Any, path: Path, today: date) -> None:
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
        closed = nir in CLOSED_RIGHTS
        c.execute("INSERT INTO persons VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                  (nir, assure, p["nom"], p["prenom"], naissance, int(p.get("rang", 1)),
                   p.get("qualite", "assure" if i == 0 else "autre"),
                   None if closed else rights_from, None if closed else rights_to,
                   "" if closed else "Dr Claire DUPONT", 1 if nir == MARTIN_LEA else 0,
                   "ALD" if nir == MARTIN_LEA else "", 0,
                   "rejected" if nir == FOURNIER_LUC else "ok"))


def _oc(oc_id: str, name: str, adherent: str, contract: str, kind: str = "standard") -> dict[str, str]:
    return {"id": oc_id, "name": name, "adherent": adherent, "contract_date": contract, "kind": kind}


def _seed_business(c: Any, today: date) -> None:
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
        c.execute("INSERT INTO creances (reference, assure_nir, caisse, issued_on, initial, remaining)"
                  " VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
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
            c.execute("INSERT INTO oc_overlaps VALUES (?,?,?) ON CONFLICT DO NOTHING", (assure, nir, json.dumps(ocs)))
    c.execute("INSERT INTO ij VALUES (?,?) ON CONFLICT DO NOTHING", (DURAND_SOPHIE, json.dumps([
        {"from": ago(120), "to": ago(100), "days": 21, "daily_amount": "42.15", "total": "885.15"},
        {"from": ago(40), "to": ago(33), "days": 8, "daily_amount": "42.15", "total": "337.20"},
    ])))
    c.execute("INSERT INTO releves VALUES (?,?,?,?) ON CONFLICT DO NOTHING", (DURAND_SOPHIE, today.year - 1, ago(60), 122235))
    c.execute("INSERT INTO releves VALUES (?,?,?,?) ON CONFLICT DO NOTHING", (MARTIN_PAUL, today.year - 1, ago(250), 51000))
