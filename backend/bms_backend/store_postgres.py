"""PostgreSQL storage (psycopg 3 and its pool), for several server processes on one database.
Connections are in autocommit mode; ``tx()`` opens an explicit transaction.

The SQL of the handlers is the one both stores read: ``?`` placeholders become ``%s`` here.
Transactions run at READ COMMITTED; the ones that decide on an account's money or lockout lock
the account's row first (``SELECT … FOR UPDATE``), and the CHECK constraints of ``creances``
refuse any over-reservation whatever the interleaving. Migrations: ``migrations/postgres/``,
applied under an advisory lock so that workers starting together migrate once.
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterator

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from bms_backend.store import Conflict, Store, _statements, migration_files

_LOCK_KEY = 0x424D53  # pg_advisory_xact_lock key of migrations and seed ("BMS")


def _pg_sql(sql: str) -> str:
    return sql.replace("?", "%s")


class _PgTx:
    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn

    def execute(self, sql: str, args: tuple[Any, ...] = ()) -> psycopg.Cursor:
        return self.conn.execute(_pg_sql(sql), args)


class PostgresStore(Store):
    dialect = "postgres"

    def __init__(self, url: str, max_size: int = 8) -> None:
        self.url = url
        self.pool = ConnectionPool(url, min_size=1, max_size=max_size, open=True,
                                   kwargs={"row_factory": dict_row, "autocommit": True})
        self.migrate()

    def close(self) -> None:
        self.pool.close()

    @contextlib.contextmanager
    def tx(self) -> Iterator[_PgTx]:
        with self.pool.connection() as conn:
            try:
                with conn.transaction():
                    yield _PgTx(conn)
            except psycopg.IntegrityError as exc:
                raise Conflict(str(exc)) from exc

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[_PgTx]:
        with self.pool.connection() as conn:
            yield _PgTx(conn)

    def read(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        with self.pool.connection() as conn:
            return conn.execute(_pg_sql(sql), args).fetchall()

    def exclusive(self, c: Any) -> None:
        c.execute("SELECT pg_advisory_xact_lock(?)", (_LOCK_KEY,))

    def migrate(self) -> None:
        with self.tx() as c:
            self.exclusive(c)
            exists = c.execute("SELECT to_regclass('meta') IS NOT NULL AS e").fetchone()["e"]
            row = c.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() if exists else None
            current = int(row["value"]) if row else 0
            for version, sql in migration_files("postgres"):
                if version > current:
                    for statement in _statements(sql):
                        c.execute(statement)
                    c.execute("INSERT INTO meta VALUES ('schema_version', ?) ON CONFLICT (key) DO UPDATE"
                              " SET value=excluded.value", (str(version),))
