"""What happens to a case after it is opened, each in one write transaction with its events:
a change of stage (决定 enters the 公示 register), publication, revocation (the 撤下 deadline),
撤下, and 码上评 feedback with the bureau's answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, select

from .case_events import Event, EventStore, append_event
from .cases import DECIDED, Case, CaseError, CaseStore, not_found
from .db import write_transaction
from .feedback import ANSWER_WORKDAYS, RATINGS
from .register import (
    REVOCATION_REASONS,
    TAKEDOWN_WORKDAYS,
    RegisterEntry,
    deadline,
    entry_of,
    entry_on_decision,
)
from .schema import case_events


@dataclass(frozen=True)
class StageChange:
    stage: Event
    register: Event | None


def _conflict(code: str, message: str, suggestion: str) -> CaseError:
    return CaseError(409, code, message, suggestion)


class CaseWork:
    def __init__(self, engine: Engine, cases: CaseStore, events: EventStore) -> None:
        self.engine = engine
        self.cases = cases
        self.events = events

    def _fresh(self, conn: Connection, case: Case) -> Case:
        found = self.cases.get(case.case_ref, conn)
        if found is None:
            raise not_found(case.case_ref)
        return found

    def change_stage(
        self, case: Case, stage: str, actor: str, decided_on: dt.date | None, note: str | None
    ) -> StageChange:
        triages = self.cases.triages(case)
        last = triages[-1] if triages else None
        with write_transaction(self.engine) as conn:
            current = self._fresh(conn, case)
            event = self.cases.set_stage(conn, current, stage, actor, note)
            register = None
            if stage == DECIDED:
                on = decided_on or _decision_date(last) or dt.date.today()
                body = entry_on_decision(last, on)
                if body is not None:
                    register = append_event(conn, case.case_ref, case.unit_id, "register", actor, body)
        return StageChange(event, register)

    def register_entry(self, case: Case, today: dt.date) -> RegisterEntry | None:
        return entry_of(self.events.of_case(case.case_ref), today)

    def publish(self, case: Case, on: dt.date, where: str, actor: str, today: dt.date) -> Event:
        entry = self._entry(case, today)
        if entry.published_on is not None:
            raise _conflict("already_published", f"本案已于 {entry.published_on} 公示", "无需重复登记")
        if on.isoformat() < entry.decided_on or on > today:
            raise CaseError(
                422,
                "invalid_date",
                f"公示日期 {on} 应在决定日期 {entry.decided_on} 与今天之间",
                "核对公示日期",
                "on",
            )
        return self._append(case, "published", actor, {"on": on.isoformat(), "where": where})

    def revoke(self, case: Case, on: dt.date, reason: str, actor: str, today: dt.date) -> Event:
        entry = self._entry(case, today)
        if reason not in REVOCATION_REASONS:
            raise CaseError(
                422,
                "invalid_reason",
                f"「{reason}」不是撤下的原因",
                f"可选：{'、'.join(REVOCATION_REASONS)}",
                "reason",
            )
        if entry.published_on is None:
            raise _conflict(
                "not_published", "本案的决定尚未公示，无需撤下", "不再公示即可；已公示的请先登记公示"
            )
        if entry.revoked_on is not None:
            raise _conflict(
                "already_revoked", f"已于 {entry.revoked_on} 登记{entry.revoked_reason}", "无需重复登记"
            )
        if on.isoformat() < entry.published_on or on > today:
            raise CaseError(422, "invalid_date", f"日期 {on} 应在公示日期与今天之间", "核对日期", "on")
        found = deadline(on, TAKEDOWN_WORKDAYS)
        body = {
            "on": on.isoformat(),
            "reason": reason,
            "takedown_due": found.due,
            "takedown_note": found.note,
        }
        return self._append(case, "revoked", actor, body)

    def taken_down(self, case: Case, on: dt.date, actor: str, today: dt.date) -> Event:
        entry = self._entry(case, today)
        if entry.revoked_on is None or entry.taken_down_on is not None:
            raise _conflict(
                "nothing_to_take_down", "本案没有待撤下的公示信息", "先登记撤销、确认违法或重新作出"
            )
        if on.isoformat() < entry.revoked_on or on > today:
            raise CaseError(422, "invalid_date", f"撤下日期 {on} 应在撤销日期与今天之间", "核对日期", "on")
        return self._append(case, "taken_down", actor, {"on": on.isoformat()})

    def _entry(self, case: Case, today: dt.date) -> RegisterEntry:
        entry = self.register_entry(case, today)
        if entry is None:
            raise _conflict("not_in_register", "本案不在公示登记簿中", "案件进入“决定”阶段且需要公示时才登记")
        return entry

    def _append(self, case: Case, kind: str, actor: str, body: Mapping[str, object]) -> Event:
        with write_transaction(self.engine) as conn:
            self._fresh(conn, case)
            return append_event(conn, case.case_ref, case.unit_id, kind, actor, body)

    def rate(self, case: Case, rating: str, comment: str, today: dt.date) -> Event:
        """码上评: once per case (its token); 不满意 gets an answer deadline."""
        if rating not in RATINGS:
            raise CaseError(
                422, "invalid_rating", f"「{rating}」不是评价等级", f"可选：{'、'.join(RATINGS)}", "rating"
            )
        due = deadline(today, ANSWER_WORKDAYS) if rating == "不满意" else None
        body = {"rating": rating, "comment": comment, "answer_due": due.due if due else None}
        if due is not None:
            body["answer_note"] = due.note
        with write_transaction(self.engine) as conn:
            self._fresh(conn, case)
            if any(e.kind == "feedback" for e in _events(conn, case)):
                raise _conflict(
                    "already_rated", "本案已经评价过，每个二维码只能评价一次", "如需补充意见，请联系执法单位"
                )
            return append_event(conn, case.case_ref, case.unit_id, "feedback", "当事人", body)

    def answer(self, case: Case, text: str, actor: str) -> Event:
        with write_transaction(self.engine) as conn:
            self._fresh(conn, case)
            events = _events(conn, case)
            feedback = [e for e in events if e.kind == "feedback"]
            if not feedback:
                raise _conflict("no_feedback", "本案还没有当事人的评价", "收到评价后再答复")
            if any(e.kind == "answer" for e in events):
                raise _conflict("already_answered", "本案的评价已经答复过", "答复是记录，不能修改")
            return append_event(
                conn,
                case.case_ref,
                case.unit_id,
                "answer",
                actor,
                {"feedback": feedback[0].event_id, "text": text},
            )


def _events(conn: Connection, case: Case) -> list[Event]:
    query = select(case_events).where(case_events.c.case_ref == case.case_ref).order_by(case_events.c.seq)
    return [Event.of(dict(r._mapping)) for r in conn.execute(query)]


def _decision_date(triage: dict[str, Any] | None) -> dt.date | None:
    """The 决定日期 the last triage was given (its parsed facts), if any."""
    if triage is None:
        return None
    value = triage["result"].get("facts", {}).get("decision_date")
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
