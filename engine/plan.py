"""A plan: what executors run for one jurisdiction on one date.

For an ``as_of`` date :func:`build_plan` selects the rules of a :class:`~engine.scope.Scope` in force,
folds each declared exception into the rule it defeats, orders the conclusions so that
dependencies come first, and binds every parameter the rules and details use. Building a plan
never reads the clock; plans are pure data (caching them is ``engine.caches``' job).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .errors import ParameterNotInForce
from .language.nodes import Condition
from .language.semantics import decision_key, warning_key
from .model import RuleDef, detail_params
from .plan_parts import effective_condition, kept, parameters
from .scope import BoundParam, Scope

ConclusionKind = Literal["decision", "derived", "warning"]
Step = tuple[
    str, str | None, tuple[int, ...]
]  # a conclusion's key, the fact that gives it directly, its rules


@dataclass(frozen=True)
class PlanRule:
    """A rule in force: its effective condition has its declared exceptions folded in."""

    index: int
    rule: RuleDef
    pack: str
    conclusion: str
    condition: Condition
    exceptions: tuple[RuleDef, ...]

    @property
    def id(self) -> str:
        return self.rule.id


@dataclass(frozen=True)
class Conclusion:
    """Something the rules conclude: a decision, a derived fact, or a warning."""

    key: str
    kind: ConclusionKind
    id: str
    label: str
    rules: tuple[int, ...]
    also_input: bool = False


@dataclass(frozen=True, repr=False)
class Plan:
    jurisdiction: str
    as_of: dt.date
    scope: Scope
    stretch: int  # the scope's stretch of dates (``Scope.stretch``): every date in it has this plan
    rules: tuple[PlanRule, ...]
    conclusions: tuple[Conclusion, ...]  # dependencies first
    params: Mapping[str, BoundParam]
    signature: str  # equal for two dates on which the same packs, rules and parameter values apply
    by_key: Mapping[str, Conclusion]
    steps: tuple[Step, ...]  # the conclusions as the evaluation loop walks them

    def __repr__(self) -> str:
        return f"Plan({self.jurisdiction!r}, {self.as_of.isoformat()}, {len(self.rules)} rules)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """What hypothesis and IPython print: they walk a dataclass's fields instead of calling ``repr``."""
        printer.text(repr(self))

    def dated(self, as_of: dt.date) -> Plan:
        """This plan for another date of its stretch."""
        return self if as_of == self.as_of else dataclasses.replace(self, as_of=as_of)

    def conclusion(self, key: str) -> Conclusion:
        return self.by_key[key]

    def decisions(self) -> Iterator[Conclusion]:
        """The decisions the jurisdiction has on this date: a decision none of whose rules is in force
        (宜春's 简易会议 before its 方案 took effect) is absent from results, as one it never had. It stays
        a conclusion, false, for rules that test it."""
        return (c for c in self.conclusions if c.kind == "decision" and c.rules)

    def warnings(self) -> Iterator[Conclusion]:
        return (c for c in self.conclusions if c.kind == "warning")


def conclusion_of(rule: RuleDef) -> str:
    """The key of what a (non-exception) rule concludes."""
    if rule.kind == "decision":
        return decision_key(rule.decision or "")
    if rule.kind == "derive":
        return rule.derive or ""
    if rule.kind == "warning":
        return warning_key(rule.id)
    raise ValueError(f"exception rule {rule.id} concludes nothing itself")


def build_plan(scope: Scope, as_of: dt.date) -> Plan:
    """The plan of ``scope`` on ``as_of``; raises :class:`ParameterNotInForce` when a rule in force
    needs a parameter without a value on that date."""
    in_force = [(r, p) for r, p in scope.rules if r.in_force(as_of)]
    exceptions: dict[str, list[RuleDef]] = {}
    for rule, _ in in_force:
        for target in rule.exception_to or ():
            exceptions.setdefault(target, []).append(rule)
    plan_rules = _plan_rules(scope, in_force, exceptions)
    conclusions = _conclusions(scope, plan_rules)
    params: dict[str, BoundParam] = {}
    for prule in plan_rules:
        for ref in parameters(prule.rule, prule.condition):
            _bind_into(scope, params, ref, as_of, f"规则「{prule.rule.title}」")
    for view in scope.decisions:
        for ref in detail_params(view.detail):
            _bind_into(scope, params, ref, as_of, f"决定「{view.label}」")
    return Plan(
        scope.jurisdiction,
        as_of,
        scope,
        scope.stretch(as_of),
        tuple(plan_rules),
        tuple(conclusions),
        params,
        _signature(scope, plan_rules, params),
        {c.key: c for c in conclusions},
        tuple((c.key, c.id if c.also_input else None, c.rules) for c in conclusions),
    )


def _plan_rules(
    scope: Scope, in_force: list[tuple[RuleDef, str]], exceptions: Mapping[str, list[RuleDef]]
) -> list[PlanRule]:
    derived_given = {d.id for d in scope.derived.values() if d.also_input}
    rank = {key: i for i, key in enumerate(scope.dependency_order)}
    concluding = [(rule, pack, _concludes(rule)) for rule, pack in in_force]
    ordered = sorted(((r, p, c) for r, p, c in concluding if c is not None), key=lambda x: rank[x[2]])
    plan_rules: list[PlanRule] = []
    for rule, pack, conclusion in ordered:
        excs = tuple(exceptions.get(rule.id, ()))
        given = rule.derive if conclusion in derived_given and rule.kind == "derive" else None
        condition = effective_condition(rule, excs, given)
        index = len(plan_rules)
        plan_rules.append(
            kept(
                "plan rule",
                (rule, condition, *excs),
                (index, pack),
                lambda: PlanRule(index, rule, pack, conclusion, condition, excs),  # noqa: B023 (called here)
            )
        )
    return plan_rules


def _concludes(rule: RuleDef) -> str | None:
    """What the rule concludes (``None``: an exception), once per rule object."""
    return kept("concludes", (rule,), (), lambda: None if rule.kind == "exception" else conclusion_of(rule))


def _conclusions(scope: Scope, plan_rules: list[PlanRule]) -> list[Conclusion]:
    by_conclusion: dict[str, list[int]] = {}
    for prule in plan_rules:
        by_conclusion.setdefault(prule.conclusion, []).append(prule.index)
    conclusions: list[Conclusion] = []
    decision_views = {decision_key(d.id): d for d in scope.decisions}
    for key in scope.dependency_order:
        indexes = tuple(by_conclusion.get(key, ()))
        if key in decision_views:
            view = decision_views[key]
            conclusions.append(Conclusion(key, "decision", view.id, view.label, indexes))
        elif key.startswith("warning:"):
            if indexes:
                rule = plan_rules[indexes[0]].rule
                conclusions.append(Conclusion(key, "warning", rule.id, rule.title, indexes))
        else:
            derived = scope.derived[key]
            conclusions.append(Conclusion(key, "derived", key, derived.label, indexes, derived.also_input))
    return conclusions


def _signature(scope: Scope, plan_rules: list[PlanRule], params: Mapping[str, BoundParam]) -> str:
    source = {
        "j": scope.jurisdiction,
        # the packs' contents: executors keep programs by signature, and a reloaded or candidate
        # rule set may change a condition while keeping every id and parameter value
        "packs": [p.digest for p in scope.path],
        "rules": [r.id for r in plan_rules],
        "exc": sorted(e.id for r in plan_rules for e in r.exceptions),
        "params": sorted((k, v.value) for k, v in params.items()),
    }
    return hashlib.sha256(json.dumps(source, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:20]


def _cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _bind_into(scope: Scope, params: dict[str, BoundParam], ref: str, as_of: dt.date, user: str) -> None:
    if ref in params:
        return
    bound = scope.bind(ref, as_of)
    if bound is None:
        starts = sorted({v.start for layer in scope.parameters.get(ref, ()) for v in layer.values})
        label = scope.parameter_defs[ref].label if ref in scope.parameter_defs else ref
        raise ParameterNotInForce(
            f"参数「{label}」在{_cn_date(as_of)}没有生效的取值（{scope.jurisdiction}），"
            f"而{user}在该日需要它；已有取值的起始日期：{'、'.join(map(_cn_date, starts)) or '无'}。"
            "请选择参数生效期内的评估日期，或在规则包中补充该日期的参数取值"
        )
    params[ref] = bound
