"""The time of the act around the rules: 从旧兼从轻 and the limitation period (行政处罚法第三十六、三十七条).

Rules and parameters are dated; the plain evaluation applies those in force on ``as_of``. Here,
when the request gives ``act_date`` (违法行为发生日期; for a continuing act, its end), the case is
evaluated on both dates and the lenient answer taken: the law of the time of the act, unless the
law in force on ``as_of`` is lighter (刑法第十二条, 行政处罚法第三十七条). Lighter means a lesser
outcome for 移送司法机关 — the one decision that turns on how grave the act is; on a tie the law of
the time of the act applies (从旧). The result's ``time_of_act`` says which date was applied and why.

Then the limitation period (:mod:`.periods`): an act discovered too late is not penalised, so the
decisions leading to a penalty are not required and a warning says so; 移送 is still assessed.
Without ``act_date`` the result is today's, and ``time_of_act`` says that it assumed so.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Protocol

from ..errors import FactProblem, InputInvalid, ParameterNotInForce
from ..evaluate import Traced, decision_id
from ..executors import Executor, get_executor
from ..explanation.outcomes import Explain
from ..plan import Plan
from ..request import ParsedRequest, parse_request
from ..result import OUTCOME_LABELS, TimeOfAct, TriageResult
from ..ruleset import RuleSet
from .limitation_result import apply_limitation
from .periods import ENGINE_FACTS, limitation

__all__ = ["ENGINE_FACTS", "triage", "triage_in_time", "triage_request"]

TriageAt = Callable[[ParsedRequest], TriageResult]
_SEVERITY = {"not_required": 0, "undetermined": 1, "required": 2}
TRANSFER = "judicial_transfer"


def triage(
    ruleset: RuleSet,
    request: ParsedRequest,
    executor: Executor | None = None,
    explain_level: Explain = "full",
) -> TriageResult:
    """The explained triage of one parsed request, at the time of the act (``explain_level``: how much
    of the why to show)."""
    return _in_time(ruleset, request, _Stager(ruleset, executor or get_executor(), explain_level))


def triage_request(
    ruleset: RuleSet,
    raw: Any,
    default_as_of: dt.date,
    executor: Executor | None = None,
    explain_level: Explain = "full",
) -> tuple[ParsedRequest, TriageResult]:
    """Parse and triage one raw request. Bad input — including an ``as_of`` on which a rule in force
    has no parameter value — raises :class:`InputInvalid` naming every problem."""
    request = parse_request(ruleset, raw, default_as_of)
    try:
        return request, triage(ruleset, request, executor, explain_level)
    except ParameterNotInForce as exc:
        problem = FactProblem("parameter_not_in_force", "as_of", str(exc), value=request.as_of.isoformat())
        raise InputInvalid([problem]) from None


class Staged(Protocol):
    """A case evaluated on one date: its outcomes now, its explained result when chosen."""

    def outcome(self, decision: str) -> str | None: ...

    def result(self) -> TriageResult: ...


class _Stager:
    """Evaluates a request on its dates; the second date reuses the first's evaluation when the same
    prepared plan applies on both (the dates share a stretch: the same rules and parameter values), as
    the executors decide from the prepared plan and the facts alone. The reused evaluation is still
    explained on its own date (a decision's detail may be amended within a stretch)."""

    def __init__(self, ruleset: RuleSet, executor: Executor, level: Explain) -> None:
        self.ruleset, self.executor, self.level = ruleset, executor, level
        self.first: Traced | None = None

    def __call__(self, request: ParsedRequest) -> Traced:
        first = self.first
        if first is None:
            self.first = Traced(self.ruleset, request, self.executor, self.level)
            return self.first
        plan = self.ruleset.plan(request.jurisdiction, request.as_of)  # ParameterNotInForce as evaluate
        before = first.evaluation
        if (
            request.facts is first.request.facts
            and request.jurisdiction == first.request.jurisdiction
            and self.ruleset.prepared(plan) is self.ruleset.prepared(before.plan)
        ):
            return redated(first, request, plan)
        return Traced(self.ruleset, request, self.executor, self.level)


def redated(traced: Traced, request: ParsedRequest, plan: Plan) -> Traced:
    """``traced``'s evaluation as that of ``request`` (same facts, another date) under ``plan``."""
    twin = copy.copy(traced)
    twin.request = request
    twin.evaluation = replace(traced.evaluation, plan=plan)
    return twin


class _Done:
    def __init__(self, result: TriageResult) -> None:
        self._result = result

    def outcome(self, decision: str) -> str | None:
        return self._result.outcome(decision)

    def result(self) -> TriageResult:
        return self._result


def triage_in_time(ruleset: RuleSet, request: ParsedRequest, triage_at: TriageAt) -> TriageResult:
    """``triage_at`` (one evaluation on the request's ``as_of``) applied at the time of the act."""
    return _in_time(ruleset, request, lambda r: _Done(triage_at(r)))


def _in_time(
    ruleset: RuleSet, request: ParsedRequest, stage_at: Callable[[ParsedRequest], Staged]
) -> TriageResult:
    """The time of the act over ``stage_at``: both dates evaluated, only the applied one explained."""
    act = _date(request.facts.get("act_date"))
    at_as_of = stage_at(request)
    staged, time = _choose(request, act, at_as_of, stage_at)
    chosen = staged.result()
    period = limitation(
        act, _date(request.facts.get("discovery_date")), _bool(request, "life_health_or_financial_harm")
    )
    time = time.model_copy(update={"limitation": period.status, "limitation_note": period.note})
    result = chosen.model_copy(
        update={
            "as_of": request.as_of,
            "decision_id": decision_id(ruleset.digest, request, ruleset.caches),
            "time_of_act": time,
        }
    )
    return apply_limitation(result, period, request.facts.get("action_type") == "行政处罚")


def _choose(
    request: ParsedRequest,
    act: dt.date | None,
    at_as_of: Staged,
    stage_at: Callable[[ParsedRequest], Staged],
) -> tuple[Staged, TimeOfAct]:
    as_of = request.as_of
    if act is None:
        reason = (
            "未填写违法行为发生日期：假定行为时与评估日期适用相同的规定，"
            f"按 {as_of.isoformat()} 有效的规则和参数分流"
        )
        return at_as_of, TimeOfAct(act_date=None, evaluated_on=as_of, applied="as_of", reason=reason)
    if act >= as_of:
        reason = (
            f"违法行为发生日期（{act.isoformat()}）不早于评估日期，"
            f"按 {as_of.isoformat()} 有效的规则和参数分流"
        )
        return at_as_of, TimeOfAct(act_date=act, evaluated_on=as_of, applied="as_of", reason=reason)
    try:
        at_act = stage_at(replace(request, as_of=act))
    except ParameterNotInForce:
        reason = (
            f"违法行为发生于 {act.isoformat()}，规则包没有该日的参数"
            "（最早 2021-07-15，须由法制机构补充旧法），"
            f"按 {as_of.isoformat()} 有效的规则和参数分流"
        )
        return at_as_of, TimeOfAct(act_date=act, evaluated_on=as_of, applied="as_of", reason=reason)
    old, new = at_act.outcome(TRANSFER), at_as_of.outcome(TRANSFER)
    compared = f"移送司法机关：行为时{_label(old)}，评估日期时{_label(new)}"
    if _SEVERITY.get(new or "", 0) < _SEVERITY.get(old or "", 0):
        reason = (
            f"从旧兼从轻：违法行为发生于 {act.isoformat()}，"
            f"评估日期（{as_of.isoformat()}）有效的规定处理较轻（{compared}），"
            "适用评估日期的规定"
        )
        return at_as_of, TimeOfAct(act_date=act, evaluated_on=as_of, applied="as_of", reason=reason)
    lighter = "两者结论相同" if old == new else "行为时的规定不重于现行规定"
    reason = (
        f"从旧兼从轻：违法行为发生于 {act.isoformat()}，适用行为时有效的规则和参数（{lighter}；{compared}）"
    )
    return at_act, TimeOfAct(act_date=act, evaluated_on=act, applied="act_date", reason=reason)


def _label(outcome: str | None) -> str:
    return f"为“{OUTCOME_LABELS[outcome]}”" if outcome else "无此决定"


def _date(value: Any) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _bool(request: ParsedRequest, fact: str) -> bool | None:
    value = request.facts.get(fact)
    return value if isinstance(value, bool) else None
