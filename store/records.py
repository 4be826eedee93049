"""Decision records: appended to the hash chain under the ledger lock, read back, verified.

An append is one transaction: lock the ledger, check the rule set is still the active one, give
each record the next ``seq`` and the previous hash, insert, move the head, commit. Only a
committed append returns, so a caller acknowledges nothing that a crash could lose; a crash before
the commit leaves no trace (both back ends roll the open transaction back on recovery).
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Connection, Engine, func, select

from . import ledger as ledger_row
from .chain import STORED_FIELDS, VerifyReport, record_hash, verify
from .db import driver_cursor, write_transaction
from .schema import purged_records, records

_COLUMNS = [c.name for c in records.columns]
# The append's insert as the driver's SQL (see ledger.py): every column, named parameters.
_INSERT = {
    "sqlite": f"INSERT INTO records ({', '.join(_COLUMNS)}) VALUES ({', '.join(':' + c for c in _COLUMNS)})",
    "postgresql": f"INSERT INTO records ({', '.join(_COLUMNS)}) "
    f"VALUES ({', '.join(f'%({c})s' for c in _COLUMNS)})",
}


class StaleRuleSet(Exception):
    """Another worker activated a different rule set since this one was evaluated: evaluate again."""

    def __init__(self, digest: str | None, generation: int) -> None:
        super().__init__(f"active rule set is now {digest} (generation {generation})")
        self.digest = digest
        self.generation = generation


@dataclass(frozen=True)
class Draft:
    """What the API knows of a triage before it is recorded."""

    decision_id: str
    actor: str
    key_id: str
    role: str
    case_id: str | None
    jurisdiction: str
    as_of: str
    ruleset_digest: str
    executor: str
    fingerprint: str
    request: str  # canonical JSON of the request as received (as_of filled in)
    result: str  # the result as stored: the full answer, or its compact form (store/compact.py)
    unit_id: str | None = None  # the key holder's 执法单位 (store/units.py), when it belongs to one
    result_form: str | None = None  # None: ``result`` is the full answer; see store/compact.py


@dataclass(frozen=True)
class Receipt:
    seq: int
    decision_id: str
    created_at: str
    hash: str


def new_decision_id() -> str:
    """Unique per triage and ordered by time: UUID version 7 layout (48-bit milliseconds, 74 random bits)."""
    millis = time.time_ns() // 1_000_000
    value = (millis & (2**48 - 1)) << 80 | int.from_bytes(os.urandom(10), "big")
    value = (value & ~(0xF << 76)) | (0x7 << 76)  # version 7
    value = (value & ~(0x3 << 62)) | (0x2 << 62)  # RFC 4122 variant
    return "d-" + uuid.UUID(int=value).hex


class RecordStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def append(self, drafts: Sequence[Draft], *, generation: int | None = None) -> list[Receipt]:
        """Chain and commit ``drafts`` in order; ``generation`` (when given) must still be active."""
        (outcome,) = self.append_groups([(drafts, generation)])
        if isinstance(outcome, StaleRuleSet):
            raise outcome
        return outcome

    def append_groups(
        self, groups: Sequence[tuple[Sequence[Draft], int | None]]
    ) -> list[list[Receipt] | StaleRuleSet]:
        """Several callers' drafts in one transaction (one lock, one fsync): a group commit.

        Each group is checked against the active generation on its own; a stale group is left out
        and answered with :class:`StaleRuleSet`, the others are chained in the order given."""
        with write_transaction(self.engine) as conn:
            return self.append_in(conn, groups)

    def append_in(
        self, conn: Connection, groups: Sequence[tuple[Sequence[Draft], int | None]]
    ) -> list[list[Receipt] | StaleRuleSet]:
        """The body of :meth:`append_groups` inside the caller's write transaction (no commit)."""
        head = ledger_row.read(conn, lock=True)
        seq, prev = head.head_seq, head.head_hash
        rows: list[dict[str, Any]] = []
        outcomes: list[list[Receipt] | StaleRuleSet] = []
        now = ledger_row.utc_now()
        for drafts, generation in groups:
            if generation is not None and head.ruleset_generation != generation:
                outcomes.append(StaleRuleSet(head.ruleset_digest, head.ruleset_generation))
                continue
            receipts = []
            for draft in drafts:
                seq += 1
                row: dict[str, Any] = {**draft.__dict__, "seq": seq, "created_at": now, "prev_hash": prev}
                row["hash"] = prev = record_hash(row)
                rows.append(row)
                receipts.append(Receipt(seq, draft.decision_id, now, prev))
            outcomes.append(receipts)
        if rows:
            driver_cursor(conn).executemany(_INSERT[conn.dialect.name], rows)
            ledger_row.write_head(conn, seq, prev)
        return outcomes

    def get(self, decision_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(records).where(records.c.decision_id == decision_id)).first()
        return dict(row._mapping) if row else None

    def get_by_seq(self, seq: int) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(records).where(records.c.seq == seq)).first()
        return dict(row._mapping) if row else None

    def recent(
        self,
        *,
        key_ids: Sequence[str] | None = None,
        case_id: str | None = None,
        jurisdiction: str | None = None,
        before_seq: int | None = None,
        limit: int = 50,
    ) -> list[dict[str, Any]]:
        """Most recent first; ``key_ids`` restricts to the records made with those keys (one holder's)."""
        query = select(records).order_by(records.c.seq.desc()).limit(limit)
        if key_ids is not None:
            query = query.where(records.c.key_id.in_(key_ids))
        if case_id is not None:
            query = query.where(records.c.case_id == case_id)
        if jurisdiction is not None:
            query = query.where(records.c.jurisdiction == jurisdiction)
        if before_seq is not None:
            query = query.where(records.c.seq < before_seq)
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(query)]

    def count(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(records)).scalar_one())

    def requests(self, *, page: int = 1000) -> Iterator[tuple[int, str]]:
        """``(seq, request JSON)`` of every record in chain order, read a page at a time (keyset
        pagination: memory stays flat however long the chain)."""
        last = 0
        while True:
            query = (
                select(records.c.seq, records.c.request)
                .where(records.c.seq > last)
                .order_by(records.c.seq)
                .limit(page)
            )
            with self.engine.connect() as conn:
                rows = conn.execute(query).all()
            if not rows:
                return
            for seq, request in rows:
                yield int(seq), str(request)
            last = int(rows[-1][0])

    def verify(self, conn: Connection | None = None) -> VerifyReport:
        """Check the whole chain in one consistent snapshot (one read transaction)."""
        if conn is not None:
            return self._verify(conn)
        with self.engine.connect() as own:
            if own.dialect.name == "postgresql":  # ledger and records from one snapshot
                own.execution_options(isolation_level="REPEATABLE READ")
            with own.begin():
                return self._verify(own)

    def _verify(self, conn: Connection) -> VerifyReport:
        head = ledger_row.read(conn)
        columns = [records.c[name] for name in STORED_FIELDS]
        purged = purged_records.c.seq.is_not(None).label("purged")  # payload removed (store/retention.py)
        joined = records.outerjoin(purged_records, purged_records.c.seq == records.c.seq)
        query = select(*columns, purged).select_from(joined).order_by(records.c.seq)
        stream = conn.execute(query.execution_options(yield_per=500))

        def rows() -> Iterator[dict[str, Any]]:
            for row in stream:
                yield dict(row._mapping)

        return verify(rows(), head.head_seq, head.head_hash)


class RecordCases:
    """The stored decision records as a corpus for ``lexgate whatif --records``: each record's request
    (as received, with the ``as_of`` it was evaluated on), keyed by its sequence number."""

    key_kind: Literal["record"] = "record"

    def __init__(self, store: RecordStore, where: str) -> None:
        self.store = store
        self.where = where

    @property
    def name(self) -> str:
        return f"决定记录（{self.where}）"

    def count(self) -> int | None:
        return self.store.count()

    def __iter__(self) -> Iterator[tuple[int, str]]:
        return self.store.requests()
