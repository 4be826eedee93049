"""Record retention (案卷归档保存): each record's and case's class from the rules, expiry, and purge.

**Class.** The rules decide it: the decision ``record_retention`` of the record's own result —
``required`` with ``detail.period`` a number of years (the parameter ``retention.years``), or 永久 (重大、
复杂 cases). A record whose result says 无法确定, or has no such decision (made before the rules had
it), is kept: nothing is purged on a guess. A case is kept as long as its longest-kept triage; every
record of a case takes the case's class.

**Expiry.** From the case's 结案 (the last time it reached that stage) or, for a record of no case,
from the day it was made; an open case never expires.

**Purge.** An expired record keeps its row, hash and links; its ``request`` becomes ``{}`` and its
``result`` a tombstone, and ``purged_records`` keeps the SHA-256 of both removed texts. The chain
then verifies a purged record by its links (the next record's ``prev_hash`` is its hash, as are the
leaves of the signed Merkle checkpoints), no longer by recomputing its own hash; an archived copy of
the payload can still be matched by the digests and the record's hash. A record whose own hash does
not match at purge time is not purged (it is reported by ``lexgate records verify``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, select, update

from .chain import canonical_json, record_hash
from .compact import view
from .db import write_transaction
from .ledger import utc_now
from .schema import case_events, cases, purged_records, records

DECISION = "record_retention"
PERMANENT, YEARS, KEPT = "permanent", "years", "kept"
PURGED_REQUEST = "{}"


@dataclass(frozen=True)
class Retention:
    kind: str  # permanent, years, kept (undetermined or unclassified: never purged)
    years: int | None
    label: str

    def longer(self, other: Retention) -> Retention:
        rank = {PERMANENT: 3, KEPT: 2, YEARS: 1}
        if rank[other.kind] != rank[self.kind]:
            return other if rank[other.kind] > rank[self.kind] else self
        return other if (other.years or 0) > (self.years or 0) else self


def retention_of(result: Mapping[str, Any]) -> Retention:
    """A record's class from its result's 案卷归档保存 decision."""
    decision = (result.get("decisions") or {}).get(DECISION)
    if not isinstance(decision, Mapping):
        return Retention(KEPT, None, "未分类（分流时规则尚无案卷归档保存，不清理）")
    if decision.get("outcome") == "undetermined":
        return Retention(KEPT, None, "无法确定（不清理）")
    if decision.get("outcome") != "required":
        return Retention(KEPT, None, "规则未要求归档保存（不清理）")
    period = (decision.get("detail") or {}).get("period")
    if isinstance(period, int) and not isinstance(period, bool):
        return Retention(YEARS, period, f"保存 {period} 年")
    return Retention(PERMANENT, None, "永久保存")


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Planned:
    seq: int
    decision_id: str
    case_no: str | None
    retention: Retention
    start: str | None  # 结案 date, or the record's own date; None: the case is still open
    expires_on: str | None
    purged: bool

    def expired(self, today: dt.date) -> bool:
        return not self.purged and self.expires_on is not None and self.expires_on <= today.isoformat()

    def as_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "decision_id": self.decision_id,
            "case_no": self.case_no,
            "class": self.retention.kind,
            "years": self.retention.years,
            "label": self.retention.label,
            "start": self.start,
            "expires_on": self.expires_on,
        }


def _closed_on(conn: Connection) -> dict[tuple[str, str], str]:
    """(unit, 案号) → the date the case last reached 结案, for closed cases."""
    numbers = {
        r.case_ref: (r.unit_id, r.case_no)
        for r in conn.execute(select(cases.c.case_ref, cases.c.unit_id, cases.c.case_no))
    }
    stage = {r.case_ref: r.stage for r in conn.execute(select(cases.c.case_ref, cases.c.stage))}
    closed: dict[tuple[str, str], str] = {}
    query = select(case_events.c.case_ref, case_events.c.body, case_events.c.created_at).where(
        case_events.c.kind == "stage"
    )
    for row in conn.execute(query.order_by(case_events.c.seq)):
        if json.loads(row.body).get("to") == "结案" and stage.get(row.case_ref) == "结案":
            closed[numbers[row.case_ref]] = row.created_at[:10]
    return closed


def plan(engine: Engine) -> list[Planned]:
    """Every record with its class (its case's, when it has one), start and expiry."""
    with engine.connect() as conn:
        purged = {r.seq for r in conn.execute(select(purged_records.c.seq))}
        opened = {(r.unit_id, r.case_no) for r in conn.execute(select(cases.c.unit_id, cases.c.case_no))}
        closed = _closed_on(conn)
        query = select(
            records.c.seq,
            records.c.decision_id,
            records.c.unit_id,
            records.c.case_id,
            records.c.created_at,
            records.c.request,
            records.c.result,
            records.c.result_form,
        ).order_by(records.c.seq)
        rows = list(conn.execute(query))
        stored = {r.seq: json.loads(r.retention)["retention"] for r in conn.execute(select(purged_records))}
    own: dict[int, Retention] = {}
    by_case: dict[tuple[str, str], Retention] = {}
    for row in rows:
        if row.seq in purged:
            saved = stored[row.seq]
            own[row.seq] = Retention(saved["kind"], saved["years"], saved["label"])
        else:
            own[row.seq] = retention_of(view(dict(row._mapping)))
        key = (row.unit_id, row.case_id)
        if row.case_id and key in opened:
            by_case[key] = by_case[key].longer(own[row.seq]) if key in by_case else own[row.seq]
    planned = []
    for row in rows:
        key = (row.unit_id, row.case_id)
        in_case = bool(row.case_id) and key in opened
        retention = by_case[key] if in_case else own[row.seq]
        start = closed.get(key) if in_case else row.created_at[:10]
        expires = None
        if retention.kind == YEARS and retention.years is not None and start is not None:
            expires = add_years(dt.date.fromisoformat(start), retention.years).isoformat()
        planned.append(
            Planned(row.seq, row.decision_id, row.case_id, retention, start, expires, row.seq in purged)
        )
    return planned


def _sha256(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class PurgeOutcome:
    purged: list[Planned]
    refused: list[Planned]  # own hash did not match: left for lexgate records verify to report


def purge(engine: Engine, today: dt.date, actor: str) -> PurgeOutcome:
    """Remove the payload of every expired record (never a permanent or kept one)."""
    expired = [p for p in plan(engine) if p.expired(today) and p.retention.kind == YEARS]
    done, refused = [], []
    with write_transaction(engine) as conn:
        for item in expired:
            row = dict(conn.execute(select(records).where(records.c.seq == item.seq)).one()._mapping)
            if record_hash(row) != row["hash"]:
                refused.append(item)
                continue
            now = utc_now()
            tombstone = {"purged": {"purged_at": now, "retention": item.as_json(), "hash": row["hash"]}}
            conn.execute(
                update(records)
                .where(records.c.seq == item.seq)
                .values(request=PURGED_REQUEST, result=canonical_json(tombstone))
            )
            conn.execute(
                insert(purged_records).values(
                    seq=item.seq,
                    decision_id=item.decision_id,
                    purged_at=now,
                    actor=actor,
                    request_sha256=_sha256(row["request"]),
                    result_sha256=_sha256(row["result"]),
                    retention=canonical_json(
                        {
                            "retention": {
                                "kind": item.retention.kind,
                                "years": item.retention.years,
                                "label": item.retention.label,
                            },
                            "plan": item.as_json(),
                        }
                    ),
                )
            )
            done.append(item)
    return PurgeOutcome(done, refused)
