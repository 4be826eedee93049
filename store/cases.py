"""Case files (案件): 案号 unique per unit, title, party, field, handler and stage; events in ``case_events``.

A case's triages are the decision records of its unit that name its 案号 (``case_id``), in chain
order. Reaching 决定 puts the case on the 公示 register when its last triage says 公示 需要
(``register.py``); every change is an event in the same transaction as the case row.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, insert, or_, select, update

from .case_events import Event, append_event
from .compact import view
from .db import write_transaction
from .ledger import utc_now
from .schema import cases, records

STAGES = ("立案", "调查", "审核", "告知", "听证", "决定", "执行", "结案")
DECIDED = "决定"


class CaseError(ValueError):
    """A case operation that cannot be done: ``status`` (HTTP), code, Chinese message and fix."""

    def __init__(
        self, status: int, code: str, message: str, suggestion: str, location: str | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.suggestion = suggestion
        self.location = location


@dataclass(frozen=True)
class Case:
    case_ref: str
    unit_id: str
    case_no: str
    title: str
    party: str
    field: str
    handler: str
    stage: str
    eval_token: str
    created_at: str
    updated_at: str


def check_stage(stage: str) -> str:
    if stage not in STAGES:
        raise CaseError(
            422, "invalid_stage", f"「{stage}」不是案件阶段", f"可选：{'、'.join(STAGES)}", "stage"
        )
    return stage


def not_found(what: str) -> CaseError:
    return CaseError(
        404,
        "case_not_found",
        f"没有编号为 {what} 的案件，或它不属于您所在的执法单位",
        "案件编号见 GET /v1/cases 的列表；只能查看本单位及下级单位的案件",
        "case_ref",
    )


class CaseStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def create(self, fields: dict[str, str], unit_id: str, actor: str) -> tuple[Case, Event]:
        now = utc_now()
        case = Case(
            case_ref="c-" + secrets.token_hex(8),
            unit_id=unit_id,
            case_no=fields["case_no"],
            title=fields["title"],
            party=fields["party"],
            field=fields["field"],
            handler=fields["handler"],
            stage=check_stage(fields.get("stage") or STAGES[0]),
            eval_token=secrets.token_urlsafe(24),  # 192 bits: not guessable, not enumerable
            created_at=now,
            updated_at=now,
        )
        with write_transaction(self.engine) as conn:
            clash = conn.execute(
                select(cases.c.case_ref).where(cases.c.unit_id == unit_id, cases.c.case_no == case.case_no)
            ).first()
            if clash is not None:
                raise CaseError(
                    409,
                    "case_exists",
                    f"本单位已有案号为「{case.case_no}」的案件（{clash[0]}）",
                    "案号在一个执法单位内唯一：打开已有的案件，或核对案号",
                    "case_no",
                )
            conn.execute(insert(cases).values(**case.__dict__))
            opened = {
                k: v for k, v in case.__dict__.items() if k not in ("eval_token", "created_at", "updated_at")
            }
            event = append_event(conn, case.case_ref, unit_id, "opened", actor, opened)
        return case, event

    def get(self, case_ref: str, conn: Connection | None = None) -> Case | None:
        query = select(cases).where(cases.c.case_ref == case_ref)
        if conn is not None:
            row = conn.execute(query).first()
        else:
            with self.engine.connect() as own:
                row = own.execute(query).first()
        return Case(**row._mapping) if row else None

    def by_token(self, token: str) -> Case | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(cases).where(cases.c.eval_token == token)).first()
        return Case(**row._mapping) if row else None

    def by_number(self, unit_id: str, case_no: str) -> Case | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                select(cases).where(cases.c.unit_id == unit_id, cases.c.case_no == case_no)
            ).first()
        return Case(**row._mapping) if row else None

    def search(self, unit_ids: Iterable[str] | None, text: str | None = None, limit: int = 50) -> list[Case]:
        """Cases of these units (None: all), newest first; ``text`` matches part of 案号, party or title."""
        query = select(cases).order_by(cases.c.updated_at.desc(), cases.c.case_ref).limit(limit)
        if unit_ids is not None:
            query = query.where(cases.c.unit_id.in_(list(unit_ids)))
        if text:
            query = query.where(
                or_(
                    cases.c.case_no.contains(text, autoescape=True),
                    cases.c.party.contains(text, autoescape=True),
                    cases.c.title.contains(text, autoescape=True),
                )
            )
        with self.engine.connect() as conn:
            return [Case(**r._mapping) for r in conn.execute(query)]

    def triages(self, case: Case) -> list[dict[str, Any]]:
        """The case's decision records (its unit, its 案号), oldest first, request and result parsed."""
        query = (
            select(records)
            .where(records.c.unit_id == case.unit_id, records.c.case_id == case.case_no)
            .order_by(records.c.seq)
        )
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
        for row in rows:
            row["result"] = view(row)  # a compact record's kept parts (store/compact.py)
            row["request"] = json.loads(row["request"])
        return rows

    def set_stage(self, conn: Connection, case: Case, stage: str, actor: str, note: str | None) -> Event:
        """Inside the caller's write transaction: move the case to ``stage`` and record the change."""
        check_stage(stage)
        if stage == case.stage:
            raise CaseError(409, "same_stage", f"案件已处于「{stage}」阶段", "选择下一个阶段", "stage")
        conn.execute(
            update(cases).where(cases.c.case_ref == case.case_ref).values(stage=stage, updated_at=utc_now())
        )
        body = {"from": case.stage, "to": stage, "note": note}
        return append_event(conn, case.case_ref, case.unit_id, "stage", actor, body)
