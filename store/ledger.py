"""The ledger row: chain head and active rule set, read and locked inside write transactions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, select, update

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


def read(conn: Connection, *, lock: bool = False) -> Ledger:
    """The ledger; ``lock`` holds its row until the transaction ends (PostgreSQL ``FOR UPDATE``;
    on SQLite the write transaction already holds the database's write lock)."""
    query = select(ledger).where(ledger.c.id == 1)
    if lock and conn.dialect.name != "sqlite":
        query = query.with_for_update()
    row = conn.execute(query).one()
    return Ledger(row.head_seq, row.head_hash, row.ruleset_digest, row.ruleset_generation)


def write_head(conn: Connection, seq: int, hash_: str) -> None:
    conn.execute(update(ledger).where(ledger.c.id == 1).values(head_seq=seq, head_hash=hash_))


def write_ruleset(conn: Connection, digest: str, generation: int) -> None:
    conn.execute(
        update(ledger).where(ledger.c.id == 1).values(ruleset_digest=digest, ruleset_generation=generation)
    )
