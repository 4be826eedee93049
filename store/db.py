"""Database engines: URL defaults, SQLite pragmas and the write transaction that serializes appends.

SQLite: the driver's own transaction handling is switched off so that SQLAlchemy's BEGIN is ours:
plain ``BEGIN`` for reads (WAL readers never block) and ``BEGIN IMMEDIATE`` for writes, which takes
the database's write lock before the chain head is read. Writers first queue on an exclusive
``flock`` of ``<database>.lock``: SQLite's own busy handler polls with growing sleeps (1, 2, 5, 10 …
ms), so a writer that just committed keeps winning and the others starve, while a kernel lock wakes
the next waiter at once (and is released by the kernel when a process dies, even by kill -9).
``synchronous=FULL``: an acknowledged record survives a power cut, not only a killed process.

PostgreSQL (psycopg 3): a write locks the ledger row (``SELECT … FOR UPDATE``), which every append
and every rule-set activation updates, so appends from any number of processes queue on it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

WRITE_OPTION = "lexgate_write"  # execution option: this transaction writes (SQLite: BEGIN IMMEDIATE)
SQLITE_BUSY_MS = 30_000


def default_database_url() -> str:
    """``$LEXGATE_DATABASE_URL``, else a SQLite file in the user's data directory (no setup needed)."""
    env = os.environ.get("LEXGATE_DATABASE_URL")
    if env:
        return env
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return f"sqlite:///{base / 'lexgate' / 'lexgate.db'}"


def normalize_url(url: str) -> str:
    """``postgresql://`` means psycopg 3 here (SQLAlchemy would pick psycopg2, which is not installed)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def display_url(url: str) -> str:
    return make_url(normalize_url(url)).render_as_string(hide_password=True)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def make_engine(url: str, *, pool_size: int = 5) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, pool_size=pool_size, max_overflow=10)
        _sqlite_events(engine)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(
            f"不支持的数据库 '{parsed.get_backend_name()}'：LEXGATE_DATABASE_URL 应为 sqlite:///文件 或 "
            "postgresql://用户@主机/库"
        )
    # No pre-ping: it costs a round trip per checkout; a connection the server dropped fails one
    # request and SQLAlchemy then discards the pool's connections.
    return create_engine(url, pool_size=pool_size, max_overflow=10, pool_recycle=3600)


def _sqlite_events(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy issues BEGIN itself (below)
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        driver_cursor(conn).execute("BEGIN IMMEDIATE" if write else "BEGIN")  # (CPU: see driver_cursor)


def _lock_path(engine: Engine) -> Path | None:
    database = engine.url.database
    if engine.dialect.name != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database + ".lock")


@contextmanager
def _writer_queue(path: Path | None) -> Iterator[None]:
    """Exclusive flock of ``path``; one open file per acquisition, so threads queue like processes."""
    if path is None:
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # blocks in the kernel; the GIL is released meanwhile
        yield
    finally:
        os.close(fd)  # closing releases the lock


def driver_cursor(conn: Connection) -> Any:
    """A cursor of the driver's connection under ``conn``, inside ``conn``'s transaction: for the few
    hot statements whose SQL is written for the driver (store/ledger.py, store/records.py)."""
    return conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]


@contextmanager
def write_transaction(engine: Engine) -> Iterator[Connection]:
    """A transaction that holds the database's write lock (SQLite) from its first statement.

    On PostgreSQL the caller locks the ledger row itself (``ledger.read(lock=True)``)."""
    with _writer_queue(_lock_path(engine)), engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})
        with conn.begin():
            yield conn
