"""A private PostgreSQL cluster for the test session (Debian's ``postgresql``), and one fresh
database per test. No system service is touched: the cluster lives in a temp folder, listens on
127.0.0.1 at a free port and a socket in that folder, runs as the ``postgres`` user (initdb and
postgres refuse root) and is stopped at the end of the session."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from typing import Iterator

import pytest


def _bin() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise RuntimeError("PostgreSQL absent : lancez `bash scripts/setup.sh` (paquet Debian postgresql)")
    return os.path.dirname(found[-1])


def _as_postgres(*cmd: str, cwd: str) -> None:
    done = subprocess.run(["runuser", "-u", "postgres", "--", *cmd], cwd=cwd, capture_output=True, text=True,
                          timeout=60)
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[0]}: {done.stderr.strip()}")


class PgCluster:
    def __init__(self) -> None:
        self.bin = _bin()
        pw = pwd.getpwnam("postgres")
        self.tmp = tempfile.mkdtemp(prefix="bms-pg-", dir="/tmp")
        os.chown(self.tmp, pw.pw_uid, pw.pw_gid)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.data = f"{self.tmp}/data"
        _as_postgres(f"{self.bin}/initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
                     "--locale=C.UTF-8", "--no-sync", cwd=self.tmp)
        # fsync off: a throwaway cluster (never for real data)
        _as_postgres(f"{self.bin}/pg_ctl", "-D", self.data, "-l", f"{self.tmp}/log", "-w", "-o",
                     f"-c listen_addresses=127.0.0.1 -p {self.port} -c unix_socket_directories={self.tmp} "
                     "-c fsync=off -c max_connections=200", "start", cwd=self.tmp)
        self._names = itertools.count()

    def url(self, dbname: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def new_database(self) -> str:
        import psycopg
        name = f"t{os.getpid()}_{next(self._names)}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            _as_postgres(f"{self.bin}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", cwd=self.tmp)
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    cluster = PgCluster()
    try:
        yield cluster
    finally:
        cluster.stop()
