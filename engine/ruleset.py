"""The compiled rule set: packs combined per jurisdiction (a *scope*) and per date (a *plan*).

A :class:`RuleSet` is immutable and identified by the digest of its source files. For a
jurisdiction it combines the packs on the path 全国 → 省 → 市 into a :class:`Scope`; for an
``as_of`` date it selects what was in force and binds every parameter into a :class:`Plan`,
which is what executors run. Plans are cached; building one never reads the clock.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import hashlib
import json
import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from .errors import FactProblem, InputInvalid, ParameterNotInForce, did_you_mean
from .model import (
    AllOf,
    AnyOf,
    Condition,
    DecisionAmend,
    DecisionDef,
    DecisionTest,
    DerivedDef,
    DetailValue,
    ExceptionCondition,
    FactRef,
    FactTest,
    NotOf,
    PackManifest,
    ParameterDef,
    ParameterOverride,
    ParamRef,
    ParamValue,
    RuleDef,
    SumTest,
    WorkdaysAfter,
)
from .vocabulary import Vocabulary

ConclusionKind = Literal["decision", "derived", "warning"]
_ONE_DAY = dt.timedelta(days=1)
_T = TypeVar("_T")


def decision_key(decision_id: str) -> str:
    return "decision:" + decision_id


def warning_key(rule_id: str) -> str:
    return "warning:" + rule_id


@dataclass(frozen=True)
class Pack:
    manifest: PackManifest
    files: tuple[str, ...]
    digest: str
    parameters: tuple[ParameterDef, ...]
    overrides: tuple[ParameterOverride, ...]
    decisions: tuple[DecisionDef, ...]
    amendments: tuple[DecisionAmend, ...]
    derived: tuple[DerivedDef, ...]
    rules: tuple[RuleDef, ...]

    @property
    def id(self) -> str:
        return self.manifest.pack

    @property
    def jurisdiction(self) -> str:
        return self.manifest.jurisdiction

    @property
    def ref(self) -> str:
        """``pack@digest-prefix``, as results name the packs that produced them."""
        return f"{self.id}@{self.digest[:12]}"


@dataclass(frozen=True)
class DecisionView:
    """A decision as a jurisdiction sees it: its definition plus declared amendments of its detail."""

    definition: DecisionDef
    pack: str
    detail: Mapping[str, DetailValue]
    amendments: tuple[DecisionAmend, ...] = ()

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def label(self) -> str:
        return self.definition.label

    def detail_on(self, on: dt.date) -> dict[str, DetailValue]:
        """The default detail on a date: the definition's, changed by the amendments then in force."""
        detail = dict(self.definition.detail)
        for amend in self.amendments:
            if amend.in_force(on):
                detail.update(amend.detail)
        return detail


@dataclass(frozen=True)
class DerivedView:
    definition: DerivedDef
    pack: str
    label: str
    also_input: bool

    @property
    def id(self) -> str:
        return self.definition.id


@dataclass(frozen=True)
class ParamLayer:
    pack: str
    source: str
    verification: str
    values: tuple[ParamValue, ...]

    def value_on(self, on: dt.date) -> ParamValue | None:
        current = None
        for entry in sorted(self.values, key=lambda v: v.start):
            if entry.start <= on:
                current = entry
        if current is None or (current.end is not None and on > current.end):
            return None
        return current


@dataclass(frozen=True)
class BoundParam:
    """A parameter's value for one jurisdiction on one date, with where that value comes from."""

    definition: ParameterDef
    value: int | float
    pack: str
    entry: ParamValue
    source: str
    verification: str

    @property
    def id(self) -> str:
        return self.definition.id


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


@dataclass(frozen=True)
class Plan:
    jurisdiction: str
    as_of: dt.date
    scope: Scope
    rules: tuple[PlanRule, ...]
    conclusions: tuple[Conclusion, ...]  # dependencies first
    params: Mapping[str, BoundParam]
    signature: str  # equal for two dates on which the same packs, rules and parameter values apply
    by_key: Mapping[str, Conclusion]
    # What explanations compute from the plan alone (condition texts, labels, tracing closures, the
    # lines of conditions on values from finite domains), filled on first use: bounded by the plan's
    # size, gone with the plan.
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    def conclusion(self, key: str) -> Conclusion:
        return self.by_key[key]

    def cached(self, kind: str, node: object, make: Callable[[], _T]) -> _T:
        """``make()`` for a node of this plan, computed once. The node is kept with the value, so an
        id can never be mistaken for another object's."""
        key = (kind, id(node))
        found = self.memo.get(key)
        if found is not None and found[0] is node:
            value: _T = found[1]
            return value
        value = make()
        self.memo[key] = (node, value)
        return value

    def decisions(self) -> Iterator[Conclusion]:
        """The decisions the jurisdiction has on this date: a decision none of whose rules is in force
        (宜春's 简易会议 before its 方案 took effect) is absent from results, as one it never had. It stays
        a conclusion, false, for rules that test it."""
        return (c for c in self.conclusions if c.kind == "decision" and c.rules)

    def warnings(self) -> Iterator[Conclusion]:
        return (c for c in self.conclusions if c.kind == "warning")


@dataclass(frozen=True)
class Scope:
    """One jurisdiction: the packs on its path and what they define together."""

    jurisdiction: str
    path: tuple[Pack, ...]
    decisions: tuple[DecisionView, ...]
    derived: Mapping[str, DerivedView]
    parameters: Mapping[str, tuple[ParamLayer, ...]]  # most local layer first
    parameter_defs: Mapping[str, ParameterDef]
    rules: tuple[tuple[RuleDef, str], ...]  # (rule, pack), replaced rules removed
    dependency_order: tuple[str, ...]  # conclusion keys, dependencies first
    # Plans by stretch of dates (between two change dates the same rules and parameter entries
    # apply): one is built per stretch and shared, memo included, by every date in it.
    _stretches: dict[int, Plan] = field(default_factory=dict, compare=False, repr=False)
    _cuts: list[dt.date] = field(default_factory=list, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._cuts.extend(self.change_dates())

    def change_dates(self) -> list[dt.date]:
        """Every date on which a rule or parameter value of the scope starts or stops applying."""
        dates: set[dt.date] = set()
        for rule, _ in self.rules:
            if rule.effective_from:
                dates.add(rule.effective_from)
            if rule.effective_to:
                dates.add(rule.effective_to + _ONE_DAY)
        for layers in self.parameters.values():
            for layer in layers:
                for value in layer.values:
                    dates.add(value.start)
                    if value.end:
                        dates.add(value.end + _ONE_DAY)
        return sorted(dates)

    def bind(self, param_id: str, on: dt.date) -> BoundParam | None:
        for layer in self.parameters.get(param_id, ()):
            entry = layer.value_on(on)
            if entry is not None:
                return BoundParam(
                    self.parameter_defs[param_id],
                    entry.value,
                    layer.pack,
                    entry,
                    entry.source or layer.source,
                    layer.verification,
                )
        return None

    def plan(self, on: dt.date) -> Plan:
        stretch = bisect.bisect_right(self._cuts, on)
        found = self._stretches.get(stretch)
        if found is None:
            found = self._stretches.setdefault(stretch, self._build(on))
        return found if found.as_of == on else dataclasses.replace(found, as_of=on)

    def _build(self, on: dt.date) -> Plan:
        in_force = [(r, p) for r, p in self.rules if r.in_force(on)]
        exceptions: dict[str, list[RuleDef]] = {}
        for rule, _ in in_force:
            for target in rule.exception_to or ():
                exceptions.setdefault(target, []).append(rule)

        derived_given = {d.id for d in self.derived.values() if d.also_input}
        plan_rules: list[PlanRule] = []
        by_conclusion: dict[str, list[int]] = {}
        rank = {key: i for i, key in enumerate(self.dependency_order)}
        ordered = sorted(
            (x for x in in_force if x[0].kind != "exception"),
            key=lambda x: rank[_conclusion_of(x[0])],
        )
        for rule, pack in ordered:
            key = _conclusion_of(rule)
            condition: Condition = rule.when
            excs = tuple(exceptions.get(rule.id, ()))
            if excs:
                folded = tuple(
                    ExceptionCondition(exception_rule=e.id, title=e.title, basis=e.basis, when=e.when)
                    for e in excs
                )
                unless: Condition = folded[0] if len(folded) == 1 else AnyOf(any=folded)
                condition = AllOf(all=(condition, NotOf(not_=unless)))
            if rule.kind == "derive" and rule.derive in derived_given:
                # a value the handler gives wins: the derivation applies only when it is absent
                condition = AllOf(all=(FactTest(fact=rule.derive or "", absent=True), condition))
            index = len(plan_rules)
            plan_rules.append(PlanRule(index, rule, pack, key, condition, excs))
            by_conclusion.setdefault(key, []).append(index)

        conclusions: list[Conclusion] = []
        decision_keys = {decision_key(d.id): d for d in self.decisions}
        for key in self.dependency_order:
            indexes = tuple(by_conclusion.get(key, ()))
            if key in decision_keys:
                view = decision_keys[key]
                conclusions.append(Conclusion(key, "decision", view.id, view.label, indexes))
            elif key.startswith("warning:"):
                if indexes:
                    rule = plan_rules[indexes[0]].rule
                    conclusions.append(Conclusion(key, "warning", rule.id, rule.title, indexes))
            else:
                view_d = self.derived[key]
                conclusions.append(Conclusion(key, "derived", key, view_d.label, indexes, view_d.also_input))

        params: dict[str, BoundParam] = {}
        for prule in plan_rules:
            for ref in _param_refs(prule.condition, prule.rule.detail):
                self._bind_into(params, ref, on, prule.rule.id)
        for view in self.decisions:
            for ref in _param_refs(None, view.detail):
                self._bind_into(params, ref, on, view.id)

        signature_src = {
            "j": self.jurisdiction,
            # the packs' contents: executors cache programs by signature, and a reloaded or candidate
            # rule set may change a condition while keeping every id and parameter value
            "packs": [p.digest for p in self.path],
            "rules": [r.id for r in plan_rules],
            "exc": sorted(e.id for r in plan_rules for e in r.exceptions),
            "params": sorted((k, v.value) for k, v in params.items()),
        }
        signature = hashlib.sha256(
            json.dumps(signature_src, ensure_ascii=False, sort_keys=True).encode()
        ).hexdigest()[:20]
        return Plan(
            self.jurisdiction,
            on,
            self,
            tuple(plan_rules),
            tuple(conclusions),
            params,
            signature,
            {c.key: c for c in conclusions},
        )

    def _bind_into(self, params: dict[str, BoundParam], ref: str, on: dt.date, user: str) -> None:
        if ref in params:
            return
        bound = self.bind(ref, on)
        if bound is None:
            starts = sorted(
                v.start.isoformat() for layer in self.parameters.get(ref, ()) for v in layer.values
            )
            raise ParameterNotInForce(
                f"参数 {ref} 在 {on.isoformat()} 没有生效的取值（{self.jurisdiction}），"
                f"而规则 {user} 在该日需要它；已有取值的起始日期: {', '.join(starts) or '无'}。"
                "请选择参数生效期内的评估日期，或在规则包中补充该日期的参数取值"
            )
        params[ref] = bound


def _conclusion_of(rule: RuleDef) -> str:
    if rule.kind == "decision":
        return decision_key(rule.decision or "")
    if rule.kind == "derive":
        return rule.derive or ""
    if rule.kind == "warning":
        return warning_key(rule.id)
    raise ValueError(f"exception rule {rule.id} concludes nothing itself")


def conclusion_of(rule: RuleDef) -> str:
    return _conclusion_of(rule)


def iter_conditions(condition: Condition) -> Iterator[Condition]:
    """Every node of a condition tree, parents before children."""
    yield condition
    if isinstance(condition, AllOf):
        for child in condition.all:
            yield from iter_conditions(child)
    elif isinstance(condition, AnyOf):
        for child in condition.any:
            yield from iter_conditions(child)
    elif isinstance(condition, NotOf):
        yield from iter_conditions(condition.not_)
    elif isinstance(condition, ExceptionCondition):
        yield from iter_conditions(condition.when)


def _param_refs(condition: Condition | None, detail: Mapping[str, DetailValue]) -> Iterator[str]:
    if condition is not None:
        for node in iter_conditions(condition):
            if isinstance(node, FactTest):
                for op in ("ge", "gt", "le", "lt"):
                    value = getattr(node, op)
                    if isinstance(value, ParamRef):
                        yield value.param
            elif isinstance(node, SumTest):
                if isinstance(node.operand, ParamRef):
                    yield node.operand.param
                for term in node.sum:
                    if isinstance(term.times, ParamRef):
                        yield term.times.param
    for value in detail.values():
        if isinstance(value, ParamRef):
            yield value.param
        elif isinstance(value, WorkdaysAfter) and isinstance(value.days, ParamRef):
            yield value.days.param


def param_refs(condition: Condition | None, detail: Mapping[str, DetailValue]) -> Iterator[str]:
    """Ids of the parameters a condition and a detail refer to (repeats possible)."""
    return _param_refs(condition, detail)


def detail_facts(detail: Mapping[str, DetailValue]) -> Iterator[str]:
    """Ids of the facts a detail reads: copied values and the start dates of working-day deadlines."""
    for value in detail.values():
        if isinstance(value, FactRef):
            yield value.fact
        elif isinstance(value, WorkdaysAfter):
            yield value.workdays_after


def referenced_conclusions(condition: Condition, derived: Mapping[str, Any]) -> Iterator[str]:
    """Keys of the derived facts and decisions a condition depends on."""
    for node in iter_conditions(condition):
        if isinstance(node, FactTest) and node.fact in derived:
            yield node.fact
        elif isinstance(node, DecisionTest):
            yield decision_key(node.decision)


@dataclass(frozen=True)
class RuleSet:
    """Every pack of a rules directory, checked and combined; identified by ``digest``."""

    root: str
    digest: str
    bundle: Mapping[str, str]  # relative path -> file text: what the digest covers
    vocabulary: Vocabulary
    packs: Mapping[str, Pack]
    scopes: Mapping[str, Scope]
    rules: Mapping[str, tuple[RuleDef, str]]  # every rule of every pack, with its pack id
    _plans: dict[tuple[str, dt.date], Plan] = field(default_factory=dict, compare=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, compare=False, repr=False)

    @property
    def jurisdictions(self) -> list[str]:
        return list(self.scopes)

    def scope(self, jurisdiction: str) -> Scope:
        try:
            return self.scopes[jurisdiction]
        except KeyError:
            known = "、".join(self.scopes)
            raise InputInvalid(
                [
                    FactProblem(
                        "unknown_jurisdiction",
                        "jurisdiction",
                        f"未知的管辖地 '{jurisdiction}'",
                        value=jurisdiction,
                        allowed=known,
                        suggestion=did_you_mean(jurisdiction, self.scopes),
                    )
                ]
            ) from None

    def plan(self, jurisdiction: str, on: dt.date) -> Plan:
        key = (jurisdiction, on)
        plan = self._plans.get(key)
        if plan is None:
            plan = self.scope(jurisdiction).plan(on)
            with self._lock:
                if len(self._plans) > 4096:  # bounded: plans are cheap to rebuild
                    self._plans.clear()
                self._plans[key] = plan
        return plan
