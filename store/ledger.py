"""The ledger row: chain head and active rule set, read and locked inside write transactions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, update

from .db import driver_cursor
from .schema import ledger


@dataclass(frozen=True)
class Ledger:
    head_seq: int
    head_hash: str
    ruleset_digest: str | None
    ruleset_generation: int


def utc_now() -> str:
    """Record timestamps: UTC, microseconds, ISO 8601 (text, identical on every back end)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


# The statements of every append as the driver's SQL: SQLAlchemy's statement building, cache keys and
# execution context cost more CPU than the database's own work on them (bench/README.md).
_READ = "SELECT head_seq, head_hash, ruleset_digest, ruleset_generation FROM ledger WHERE id = 1"
_WRITE_HEAD = {
    "sqlite": "UPDATE ledger SET head_seq = :seq, head_hash = :hash WHERE id = 1",
    "postgresql": "UPDATE ledger SET head_seq = %(seq)s, head_hash = %(hash)s WHERE id = 1",
}


def read(conn: Connection, *, lock: bool = False) -> Ledger:
    """The ledger; ``lock`` holds its row until the transaction ends (PostgreSQL ``FOR UPDATE``;
    on SQLite the write transaction already holds the database's write lock)."""
    query = _READ + " FOR UPDATE" if lock and conn.dialect.name != "sqlite" else _READ
    if conn.dialect.name == "sqlite":
        seq, hash_, digest, generation = driver_cursor(conn).execute(query).fetchone()
    else:  # through SQLAlchemy: the first statement of a write, so that a connection the server
        # dropped is seen there (and the pool's connections discarded)
        seq, hash_, digest, generation = conn.exec_driver_sql(query).one()
    return Ledger(int(seq), str(hash_), digest, int(generation))


def write_head(conn: Connection, seq: int, hash_: str) -> None:
    driver_cursor(conn).execute(_WRITE_HEAD[conn.dialect.name], {"seq": seq, "hash": hash_})


def write_ruleset(conn: Connection, digest: str, generation: int) -> None:
    conn.execute(
        update(ledger).where(ledger.c.id == 1).values(ruleset_digest=digest, ruleset_generation=generation)
    )
