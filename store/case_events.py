"""Case events: the append-only, hash-chained history of case files.

Stage changes, the 公示 register's entries, publications and 撤下, 码上评 feedback and the bureau's
answers are events. Each event's ``hash`` is SHA-256 over the canonical JSON of every other column
(``seq`` and ``prev_hash`` included), and the head row anchors the tail, exactly as for decision
records (``chain.py``); events are never updated or deleted.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from .chain import GENESIS, canonical_json
from .db import write_transaction
from .ledger import utc_now
from .schema import case_event_head, case_events

FIELDS = ("seq", "event_id", "case_ref", "unit_id", "kind", "actor", "created_at", "body", "prev_hash")


@dataclass(frozen=True)
class Event:
    seq: int
    event_id: str
    case_ref: str
    unit_id: str
    kind: str
    actor: str
    created_at: str
    body: dict[str, Any]

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Event:
        return cls(
            int(row["seq"]),
            row["event_id"],
            row["case_ref"],
            row["unit_id"],
            row["kind"],
            row["actor"],
            row["created_at"],
            json.loads(row["body"]),
        )


@dataclass(frozen=True)
class EventsReport:
    events: int
    head_seq: int
    ok: bool
    message: str | None


def event_hash(row: Mapping[str, Any]) -> str:
    body = canonical_json({name: row[name] for name in FIELDS})
    return "sha256:" + hashlib.sha256(body.encode()).hexdigest()


def append_event(
    conn: Connection, case_ref: str, unit_id: str, kind: str, actor: str, body: Mapping[str, Any]
) -> Event:
    """Inside the caller's write transaction: chain one event after the head and move the head."""
    query = select(case_event_head).where(case_event_head.c.id == 1)
    if conn.dialect.name != "sqlite":
        query = query.with_for_update()
    head = conn.execute(query).one()
    row: dict[str, Any] = {
        "seq": int(head.head_seq) + 1,
        "event_id": "e-" + secrets.token_hex(8),
        "case_ref": case_ref,
        "unit_id": unit_id,
        "kind": kind,
        "actor": actor,
        "created_at": utc_now(),
        "body": canonical_json(dict(body)),
        "prev_hash": head.head_hash,
    }
    row["hash"] = event_hash(row)
    conn.execute(insert(case_events).values(**row))
    conn.execute(
        update(case_event_head)
        .where(case_event_head.c.id == 1)
        .values(head_seq=row["seq"], head_hash=row["hash"])
    )
    return Event.of(row)


class EventStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def append(self, case_ref: str, unit_id: str, kind: str, actor: str, body: Mapping[str, Any]) -> Event:
        with write_transaction(self.engine) as conn:
            return append_event(conn, case_ref, unit_id, kind, actor, body)

    def of_case(self, case_ref: str) -> list[Event]:
        query = select(case_events).where(case_events.c.case_ref == case_ref).order_by(case_events.c.seq)
        with self.engine.connect() as conn:
            return [Event.of(dict(r._mapping)) for r in conn.execute(query)]

    def of_units(self, unit_ids: Iterable[str] | None, kinds: Iterable[str]) -> list[Event]:
        """Events of these kinds in these units (None: every unit), in chain order."""
        query = select(case_events).where(case_events.c.kind.in_(list(kinds))).order_by(case_events.c.seq)
        if unit_ids is not None:
            query = query.where(case_events.c.unit_id.in_(list(unit_ids)))
        with self.engine.connect() as conn:
            return [Event.of(dict(r._mapping)) for r in conn.execute(query)]

    def verify(self) -> EventsReport:
        with self.engine.connect() as conn, conn.begin():
            head = conn.execute(select(case_event_head).where(case_event_head.c.id == 1)).one()
            rows = conn.execute(select(case_events).order_by(case_events.c.seq))
            prev, expected, count = GENESIS, 1, 0
            for row in rows:
                data = dict(row._mapping)
                count += 1
                if int(data["seq"]) != expected:
                    return EventsReport(count, head.head_seq, False, f"案件事件第 {expected} 条缺失")
                if data["prev_hash"] != prev or event_hash(data) != data["hash"]:
                    return EventsReport(
                        count,
                        head.head_seq,
                        False,
                        f"案件事件第 {expected} 条（{data['event_id']}）被修改或调换",
                    )
                prev, expected = data["hash"], expected + 1
            if (expected - 1, prev) != (int(head.head_seq), head.head_hash):
                return EventsReport(
                    count, head.head_seq, False, "案件事件链头与最后一条事件不一致：末尾的事件缺失"
                )
        return EventsReport(count, int(head.head_seq), True, None)
