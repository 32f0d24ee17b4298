"""A throwaway PostgreSQL cluster for the tests: initdb and pg_ctl in a temporary folder, never the system's.

The server listens only on a Unix socket in that folder (no TCP), on a random port number, with durability off
(fsync) since the data dies with the test run. initdb refuses to run as root, so as root the cluster runs as the
`postgres` user (Debian's package creates it) in a folder that user owns.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

BIN = Path(os.environ.get("ITIL_APP_PG_BIN", "/usr/lib/postgresql/15/bin"))
SUPERUSER = "postgres"


def missing_reason() -> str | None:
    """Why a cluster cannot start here, or None."""
    if not (BIN / "initdb").is_file() or not (BIN / "pg_ctl").is_file():
        return f"PostgreSQL is not installed ({BIN}/initdb missing; apt-get install postgresql-15)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no 'postgres' user to run the cluster as"
    return None


def skip_or_fail_without_postgres() -> None:
    """Skip the PostgreSQL tests when it is missing, except under CI, where that is a failure."""
    reason = missing_reason()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and the PostgreSQL tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    # The server opens no TCP socket; the port only names the Unix socket file. A free TCP port keeps it unique.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """One running server; `new_database()` gives every test an empty database of its own."""

    def __init__(self) -> None:
        # Not pytest's tmp_path: it sits in a root-only folder, and a socket path must stay under 108 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="itil-pg-"))
        self.port = _free_port()
        self._as = []
        if os.geteuid() == 0:
            shutil.chown(self.root, user="postgres")
            self._as = ["runuser", "-u", "postgres", "--"]
        self._names = itertools.count(1)
        self._run(BIN / "initdb", "-D", self.root / "data", "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                  "--no-sync", "--no-instructions")
        options = (f"-k {self.root} -p {self.port} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._run(BIN / "pg_ctl", "-D", self.root / "data", "-o", options, "-l", self.root / "server.log",
                  "-w", "-t", "60", "start")

    def _run(self, *command: object) -> None:
        done = subprocess.run([*self._as, *map(str, command)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            log = self.root / "server.log"
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{command[0]} failed ({done.returncode}): {done.stderr.strip()}\n{detail}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.root}&port={self.port}"

    def new_database(self) -> str:
        """Create an empty database and return its SQLAlchemy URL."""
        name = f"test_{next(self._names)}"
        with psycopg.connect(host=str(self.root), port=self.port, user=SUPERUSER, dbname="postgres",
                             autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(BIN / "pg_ctl", "-D", self.root / "data", "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
