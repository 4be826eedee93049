"""Case files through the API: who sees which unit's cases, and a case told for people.

A key holder sees the cases of their 执法单位 and the units under it; 审计 sees every unit. A case
outside that scope answers 404, exactly like one that does not exist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from engine import RuleSet
from store import Store
from store.case_events import Event
from store.cases import Case, CaseError, not_found
from store.keys import KeyHolder
from store.register import RegisterEntry
from store.roles import PERMISSIONS, Permission
from store.units import UnitError

from ..errors import ApiError
from ..schemas.cases import CaseOut, EventOut, OutcomeOut, RegisterOut, TriageStep, ValueChange


def case_error(exc: CaseError | UnitError) -> ApiError:
    status = exc.status if isinstance(exc, CaseError) else (404 if exc.code == "unit_not_found" else 409)
    if isinstance(exc, UnitError) and exc.code == "invalid_unit":
        status = 422
    location = exc.location if isinstance(exc, CaseError) else "unit_id"
    return ApiError(status, exc.code, exc.message, location=location, suggestion=exc.suggestion)


def scope(store: Store, holder: KeyHolder) -> set[str] | None:
    """The units whose cases ``holder`` sees (None: every unit)."""
    if Permission.read_all_records in PERMISSIONS[holder.role]:
        return None
    unit = store.units.unit_of(holder.key_id)
    if unit is None:
        raise ApiError(
            403,
            "no_unit",
            f"密钥持有人「{holder.name}」不属于任何执法单位，不能办理案件",
            suggestion=f"请管理员执行 lexgate units assign --key {holder.key_id} --unit 单位编号，"
            "或由本单位法制人员在「单位」页加入",
        )
    return store.units.subtree(unit)


def visible_case(store: Store, holder: KeyHolder, case_ref: str) -> Case:
    case = store.cases.get(case_ref)
    units = scope(store, holder)
    if case is None or (units is not None and case.unit_id not in units):
        raise case_error(not_found(case_ref))
    return case


def case_out(store: Store, case: Case) -> CaseOut:
    return CaseOut(
        case_ref=case.case_ref,
        unit_id=case.unit_id,
        unit=store.units.path(case.unit_id),
        case_no=case.case_no,
        title=case.title,
        party=case.party,
        field=case.field,
        handler=case.handler,
        stage=case.stage,
        created_at=case.created_at,
        updated_at=case.updated_at,
    )


def register_out(entry: RegisterEntry, case: Case | None = None, unit: str | None = None) -> RegisterOut:
    extra = {"case_no": case.case_no, "title": case.title} if case else {}
    return RegisterOut(**entry.__dict__, **extra, unit=unit)


def event_out(event: Event) -> EventOut:
    return EventOut(
        seq=event.seq,
        event_id=event.event_id,
        kind=event.kind,
        actor=event.actor,
        created_at=event.created_at,
        body=event.body,
    )


def value_text(value: Any) -> str:
    if value is None:
        return "未知"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) if value else "以上皆无"
    return str(value)


def _changes(
    before: Mapping[str, Any], after: Mapping[str, Any], labels: Mapping[str, str]
) -> list[ValueChange]:
    out = []
    for key in dict.fromkeys([*before, *after]):
        old, new = value_text(before.get(key)), value_text(after.get(key))
        if old != new:
            out.append(ValueChange(id=key, label=labels.get(key, key), before=old, after=new))
    return out


def history(triages: Sequence[dict[str, Any]], ruleset: RuleSet) -> list[TriageStep]:
    """The case's triages in order, each with the facts and outcomes that changed since the one before."""
    fact_labels = {f.id: f.label for f in ruleset.vocabulary.facts}
    steps: list[TriageStep] = []
    previous_facts: dict[str, Any] = {}
    previous_outcomes: dict[str, str] = {}
    for index, row in enumerate(triages):
        result = row["result"]
        facts = dict(result.get("facts", {}))
        decisions = result.get("decisions", {})
        outcomes = {key: str(d.get("outcome_label")) for key, d in decisions.items()}
        labels = {key: str(d.get("label", key)) for key, d in decisions.items()}
        first = index == 0
        steps.append(
            TriageStep(
                seq=row["seq"],
                decision_id=row["decision_id"],
                created_at=row["created_at"],
                actor=row["actor"],
                as_of=row["as_of"],
                outcomes=[OutcomeOut(id=k, label=labels[k], outcome=v) for k, v in outcomes.items()],
                facts_changed=[] if first else _changes(previous_facts, facts, fact_labels),
                outcomes_changed=[] if first else _changes(previous_outcomes, outcomes, labels),
            )
        )
        previous_facts, previous_outcomes = facts, outcomes
    return steps


def act_of(triages: Sequence[dict[str, Any]]) -> str:
    """The kind of enforcement act (执法行为类别) for the public page — a category, never the facts."""
    for row in reversed(triages):
        act = row["result"].get("facts", {}).get("action_type")
        if isinstance(act, str):
            return act
    return "行政执法行为"


def today() -> dt.date:
    return dt.date.today()
