"""Where the data lives: the database URL, the engine (SQLite set up for WAL), and the Alembic migrations."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event, make_url
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

ENV_URL = "ITIL_APP_DATABASE_URL"
MIGRATIONS = Path(__file__).resolve().parents[1] / "migrations"


def database_url(explicit: str | None = None) -> str:
    """Return `explicit`, else $ITIL_APP_DATABASE_URL, else the URL of a SQLite file in the user's data folder."""
    if explicit:
        return explicit
    if url := os.environ.get(ENV_URL):
        return url
    xdg = os.environ.get("XDG_DATA_HOME", "")
    # The XDG spec says to ignore a relative XDG_DATA_HOME.
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    folder = base / "itil-app"
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{(folder / 'progress.sqlite3').as_posix()}"


def make_engine(url: str) -> Engine:
    """Create an engine for `url`; SQLite gets WAL and enforced foreign keys on every connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url)
    if parsed.database in (None, "", ":memory:"):
        # An in-memory database lives in one connection: share it, across threads too.
        engine = create_engine(url, poolclass=StaticPool, connect_args={"check_same_thread": False})
    else:
        engine = create_engine(url)
    event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Both are per-connection settings; SQLite leaves foreign keys off unless asked.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # In WAL mode NORMAL cannot corrupt the database; it only skips an fsync per commit, which at most
    # loses the last answers on a power cut. Recording an answer takes a few ms instead of tens.
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def migration_config(connection: Connection | None = None) -> Config:
    """Return the Alembic configuration of this package's migrations, bound to `connection` if given."""
    config = Config()
    # Config values go through ConfigParser interpolation, where '%' is special.
    config.set_main_option("script_location", str(MIGRATIONS).replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


_MIGRATING = threading.Lock()
_MIGRATION_LOCK = 4_244_240_012  # any constant: the key of the advisory lock that migrations take


def migrate(engine: Engine) -> None:
    """Create or upgrade the schema to the newest migration, in one transaction."""
    # Alembic keeps the running migration in module globals: one at a time per process.
    with _MIGRATING, engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # Take the write lock before reading the version, so processes opening a new file
            # at once wait for each other rather than all creating the tables.
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif connection.dialect.name == "postgresql":
            # The same for app processes starting at once on one PostgreSQL database: a lock held to commit.
            connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_MIGRATION_LOCK})")
        command.upgrade(migration_config(connection), "head")
