"""The 公示 register: decisions to publish, their due dates, publication and 撤下 (pure functions).

A case enters when it reaches 决定 and its last triage says 公示 需要: the due date is the engine's
working-day computation (N working days after the decision date, N from the triage's 公示期限). A
published decision that is revoked, confirmed illegal or re-decided must come down within
``TAKEDOWN_WORKDAYS`` working days of that event. Past the published State Council holiday schedule
there is no date: the entry says so instead of guessing from weekends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine import nth_workday_after

from .case_events import Event

TAKEDOWN_WORKDAYS = 3
REVOCATION_REASONS = ("撤销", "确认违法", "重新作出")
PUBLICITY = "publicity"
REGISTER_KINDS = ("register", "published", "revoked", "taken_down")


@dataclass(frozen=True)
class Deadline:
    due: str | None
    note: str | None


def deadline(start: dt.date, days: int) -> Deadline:
    found = nth_workday_after(start, days)
    return Deadline(found.due.isoformat() if found.due else None, found.note)


def entry_on_decision(last_triage: dict[str, Any] | None, decided_on: dt.date) -> dict[str, Any] | None:
    """The body of the ``register`` event when a case reaches 决定 (None: 公示 不需要)."""
    if last_triage is None:
        return {
            "decided_on": decided_on.isoformat(),
            "need": "unknown",
            "decision_id": None,
            "limit": None,
            "due": None,
            "note": "本案没有分流记录，无法确定是否需要公示：请先分流（案件编号填本案案号）",
        }
    publicity = last_triage["result"].get("decisions", {}).get(PUBLICITY)
    outcome = publicity["outcome"] if publicity else "unknown"
    if outcome == "not_required":
        return None
    entry: dict[str, Any] = {
        "decided_on": decided_on.isoformat(),
        "need": outcome,
        "decision_id": last_triage["decision_id"],
        "limit": None,
        "due": None,
        "note": None,
    }
    if outcome != "required":
        entry["note"] = "最后一次分流对“公示”的结论为无法确定：补充缺少的事实后重新分流"
        return entry
    limit = (publicity or {}).get("detail", {}).get("limit")
    if not isinstance(limit, int):
        entry["note"] = "分流结果没有给出公示期限（工作日），无法计算截止日期"
        return entry
    found = deadline(decided_on, limit)
    entry.update(limit=limit, due=found.due, note=found.note)
    return entry


@dataclass(frozen=True)
class RegisterEntry:
    case_ref: str
    unit_id: str
    status: str  # pending, overdue, undetermined, published, takedown_due, takedown_overdue, taken_down
    status_label: str
    decided_on: str
    need: str
    limit: int | None
    due: str | None
    note: str | None
    decision_id: str | None
    published_on: str | None = None
    published_where: str | None = None
    revoked_on: str | None = None
    revoked_reason: str | None = None
    takedown_due: str | None = None
    takedown_note: str | None = None
    taken_down_on: str | None = None


LABELS = {
    "pending": "待公示",
    "overdue": "逾期未公示",
    "undetermined": "无法确定截止日期",
    "published": "已公示",
    "takedown_due": "待撤下",
    "takedown_overdue": "逾期未撤下",
    "taken_down": "已撤下",
}


def entry_of(events: Sequence[Event], today: dt.date) -> RegisterEntry | None:
    """A case's register entry from its events (the last 决定 that entered the register wins)."""
    start = None
    for index, event in enumerate(events):
        if event.kind == "register":
            start = index
    if start is None:
        return None
    first = events[start]
    body = first.body
    fields: dict[str, Any] = {}
    for event in events[start + 1 :]:
        if event.kind == "published":
            fields.update(published_on=event.body["on"], published_where=event.body["where"])
        elif event.kind == "revoked":
            fields.update(
                revoked_on=event.body["on"],
                revoked_reason=event.body["reason"],
                takedown_due=event.body["takedown_due"],
                takedown_note=event.body["takedown_note"],
            )
        elif event.kind == "taken_down":
            fields.update(taken_down_on=event.body["on"])
    status = _status(body, fields, today)
    return RegisterEntry(
        case_ref=first.case_ref,
        unit_id=first.unit_id,
        status=status,
        status_label=LABELS[status],
        decided_on=body["decided_on"],
        need=body["need"],
        limit=body["limit"],
        due=body["due"],
        note=body["note"],
        decision_id=body["decision_id"],
        **fields,
    )


def _status(body: dict[str, Any], fields: dict[str, Any], today: dt.date) -> str:
    if "taken_down_on" in fields:
        return "taken_down"
    if "revoked_on" in fields:
        due = fields["takedown_due"]
        return "takedown_overdue" if due is not None and today.isoformat() > due else "takedown_due"
    if "published_on" in fields:
        return "published"
    if body["due"] is None:
        return "undetermined"
    return "overdue" if today.isoformat() > body["due"] else "pending"


def entries(events: Sequence[Event], today: dt.date) -> list[RegisterEntry]:
    """The register from the register events of many cases (chain order), soonest deadline first."""
    by_case: dict[str, list[Event]] = {}
    for event in events:
        by_case.setdefault(event.case_ref, []).append(event)
    found = [entry for group in by_case.values() if (entry := entry_of(group, today)) is not None]
    found.sort(key=lambda e: ((e.takedown_due if e.revoked_on else e.due) or "9999", e.case_ref))
    return found
