"""From a recorded evaluation to the explained result: why, why not, and what is missing.

* ``required``: the rules that hold, each with every condition, its value and test, and nested
  ``because`` reasons for derived facts and decisions it relies on (a proof tree);
* ``not_required``: the closest rules (fewest failed conditions) and which conditions failed;
* ``undetermined``: the rules that could still hold and exactly the missing facts they need.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .describe import Namer, condition_text, sum_text, test_text
from .model import (
    Condition,
    DecisionTest,
    DetailValue,
    ExceptionCondition,
    FactRef,
    FactTest,
    ParamRef,
    SumTest,
    WorkdaysAfter,
)
from .result import (
    OUTCOME_LABELS,
    ConditionResult,
    DecisionResult,
    MissingFact,
    ParamUse,
    Reason,
    WarningFact,
    WarningResult,
)
from .ruleset import BoundParam, Conclusion, Plan, PlanRule, decision_key, detail_facts, iter_conditions
from .trace import RecordingTracer, TraceNode, Tri
from .vocabulary import describe_value, json_value
from .workdays import nth_workday_after

WHY_NOT_LIMIT = 3
NESTED_WHY_NOT_LIMIT = 1
SHARED_REASON_READS = 3  # reasons shared across triages read at most this many input facts


def _failed(node: TraceNode, negated: bool) -> int:
    """How many of a rule's listed conditions fail (what ``Reason.conditions`` would show as false)."""
    if node.kind in ("all", "any"):
        return sum(_failed(child, negated) for child in node.children)
    if node.kind == "not":
        return _failed(node.children[0], not negated)
    return 1 if node.result is negated else 0


class ReasonCache:
    """Reasons of rules that read few input facts, by (plan, rule, with detail, values read), for the
    whole process: bounded by two
    generations of ``limit`` entries — when the current one is full it becomes the old one, and an
    old entry that is used again moves back. A lock guards the swap (requests are concurrent)."""

    def __init__(self, limit: int = 2048) -> None:  # ~10 MB of reasons per generation
        self.limit = limit
        self._current: dict[Any, Reason] = {}
        self._old: dict[Any, Reason] = {}
        self._lock = threading.Lock()

    def get(self, key: Any) -> Reason | None:
        found = self._current.get(key)
        if found is None:
            found = self._old.get(key)
            if found is not None:
                self.put(key, found)
        return found

    def put(self, key: Any, reason: Reason) -> None:
        with self._lock:
            if len(self._current) >= self.limit:
                self._old, self._current = self._current, {}
            self._current[key] = reason


_REASONS = ReasonCache()


def reason_cache(plan: Plan) -> ReasonCache:
    """The process's reason cache (keys name the plan by :func:`plan_key`)."""
    return _REASONS


def plan_key(plan: Plan) -> tuple[Any, ...]:
    """What a reason depends on besides the facts: the rules in force and each parameter's value
    with its source (two stretches may share the values but cite different sources)."""
    found = plan.memo.get("plan-key")
    if found is None:
        params = tuple(sorted((k, v.value, v.entry.start, v.source, v.pack) for k, v in plan.params.items()))
        found = plan.memo.setdefault("plan-key", (plan.signature, params))
    key: tuple[Any, ...] = found
    return key


def input_facts_read(plan: Plan, rule: PlanRule) -> set[str]:
    """Every input fact that a rule's reason can depend on: those its condition and detail read,
    and those read by the rules of every derived fact and decision it tests (a fact a handler may
    also give directly counts as read itself)."""
    seen: set[str] = set()
    facts: set[str] = set()

    def of_conclusion(key: str) -> None:
        if key in seen:
            return
        seen.add(key)
        conclusion = plan.by_key.get(key)
        if conclusion is None:
            return
        if conclusion.also_input:
            facts.add(conclusion.id)
        for index in conclusion.rules:
            of_rule(plan.rules[index])

    def of_rule(target: PlanRule) -> None:
        for node in iter_conditions(target.condition):
            if isinstance(node, FactTest):
                if node.fact in plan.by_key:
                    of_conclusion(node.fact)
                facts.add(node.fact)
            elif isinstance(node, SumTest):
                facts.update(term.fact for term in node.sum)
            elif isinstance(node, DecisionTest):
                of_conclusion(decision_key(node.decision))
        facts.update(detail_facts(target.rule.detail))

    of_rule(rule)
    return facts


def outcome_of(value: Tri) -> str:
    return "required" if value is True else ("undetermined" if value is None else "not_required")


@dataclass
class Explainer:
    plan: Plan
    facts: Mapping[str, Any]
    trace: RecordingTracer
    namer: Namer
    _reasons: dict[tuple[str, bool], list[Reason]] = field(default_factory=dict)
    _rule_reasons: dict[tuple[int, bool], Reason] = field(default_factory=dict)

    # ---- texts that depend on the plan only, computed once per plan (Plan.cached)

    def _expression(self, condition: Condition) -> str:
        return self.plan.cached(
            "expr", condition, lambda: condition_text(condition, self.plan.params, self.namer)
        )

    def _test(self, cond: FactTest | DecisionTest | SumTest, negated: bool) -> str:
        kind = "not-test" if negated else "test"
        return self.plan.cached(kind, cond, lambda: test_text(cond, self.plan.params, self.namer, negated))

    def _label(self, kind: str, name: str) -> str:
        memo = self.plan.memo
        found: str | None = memo.get((kind, name))
        if found is None:
            namer = self.namer
            found = namer.fact_label(name) if kind == "fact" else namer.decision_label(name)
            memo[kind, name] = found
        return found

    # ---- leaves

    def _params(self, used: tuple[BoundParam, ...]) -> list[ParamUse]:
        return [
            ParamUse(
                id=b.id,
                label=b.definition.label,
                value=b.value,
                source=b.source,
                verification=b.verification,
                pack=b.pack,
            )
            for b in used
        ]

    def _leaves(
        self, node: TraceNode, negated: bool, out: list[tuple[ConditionResult, list[Reason]]]
    ) -> None:
        if node.kind in ("all", "any"):
            for child in node.children:
                self._leaves(child, negated, out)
            return
        if node.kind == "not":
            self._leaves(node.children[0], not negated, out)
            return
        result = node.result if node.result is None or not negated else not node.result
        cond = node.condition
        params = self.plan.params
        if isinstance(cond, ExceptionCondition):
            inner = node.children[0]
            because = [
                Reason(
                    rule=cond.exception_rule,
                    concludes=cond.exception_rule,
                    title=cond.title,
                    basis=list(cond.basis),
                    pack=self.plan.scope.jurisdiction,
                    result=inner.result,
                    expression=self._expression(cond.when),
                    conditions=self._conditions(inner),
                )
            ]
            out.append(
                (
                    ConditionResult(
                        kind="exception",
                        fact=cond.exception_rule,
                        label=f"例外：{cond.title}",
                        test="不适用" if negated else "适用",
                        value=node.result,
                        value_text={True: "适用", False: "不适用", None: "未知"}[node.result],
                        result=result,
                        negated=negated,
                    ),
                    because,
                )
            )
            return
        if isinstance(cond, DecisionTest):
            value = node.value
            key = "decision:" + cond.decision
            out.append(
                (
                    ConditionResult(
                        kind="decision",
                        fact=cond.decision,
                        label=self._label("decision", cond.decision),
                        test=self._test(cond, negated),
                        value=outcome_of(value),
                        value_text=OUTCOME_LABELS[outcome_of(value)],
                        result=result,
                        negated=negated,
                    ),
                    self.reasons_of(key, value, nested=True),
                )
            )
            return
        if isinstance(cond, SumTest):
            terms = node.value or {}
            value_text = "；".join(
                f"{self._label('fact', f)} {describe_value(self._fact_def(f), v)}" for f, v in terms.items()
            )
            out.append(
                (
                    ConditionResult(
                        kind="sum",
                        fact=None,
                        label=self.plan.cached("sum", cond, lambda: sum_text(cond, params, self.namer)),
                        test=self._test(cond, negated),
                        value={f: json_value(v) for f, v in terms.items()},
                        value_text=value_text,
                        result=result,
                        negated=negated,
                        params=self._params(node.params),
                    ),
                    [],
                )
            )
            return
        assert isinstance(cond, FactTest)
        derived = cond.fact in self.plan.scope.derived
        given = (
            derived
            and self.plan.scope.derived[cond.fact].also_input
            and self.facts.get(cond.fact) is not None
        )
        because = (
            self.reasons_of(cond.fact, node.value, nested=True)
            if derived and not given and cond.absent is None
            else []
        )
        out.append((self._fact_leaf(node, cond, negated, result, derived and not given), because))

    def _fact_leaf(
        self, node: TraceNode, cond: FactTest, negated: bool, result: Tri, derived: bool
    ) -> ConditionResult:
        """A fact test's line. Within a plan it depends on the value alone (the parameters are the
        plan's), so lines of values from a finite domain (unknown, yes/no, an enum value, a set of
        them) are made once per plan and shared, as whole reasons already are."""
        value = node.value
        finite = value is None or isinstance(value, bool | str | frozenset)
        # by id: every condition a trace holds is one of the plan's, alive as long as its memo
        key = ("leaf-line", id(cond), negated, derived, type(value), value)
        if finite:
            found: ConditionResult | None = self.plan.memo.get(key)
            if found is not None:
                return found
        fact = self._fact_def(cond.fact)
        line = ConditionResult(
            kind="derived" if derived else "fact",
            fact=cond.fact,
            label=self._label("fact", cond.fact),
            test=self._test(cond, negated),
            value=json_value(value, fact),
            value_text=describe_value(fact, value),
            result=result,
            negated=negated,
            params=self._params(node.params),
        )
        if finite:
            self.plan.memo[key] = line
        return line

    def _fact_def(self, fact_id: str) -> Any:
        return self.namer.vocabulary.get(fact_id)

    def _conditions(self, node: TraceNode) -> list[ConditionResult]:
        leaves: list[tuple[ConditionResult, list[Reason]]] = []
        self._leaves(node, False, leaves)
        return [c for c, _ in leaves]

    # ---- reasons

    def reason(self, rule: PlanRule, with_detail: bool = False) -> Reason:
        memo = (rule.index, with_detail)
        found = self._rule_reasons.get(memo)
        if found is None:  # a rule can be a reason in several places of the result: built once
            # ... and across triages: a rule's reason (its conditions, values, nested reasons and
            # detail) is fixed by the values of the input facts it reads, directly or through the
            # derived facts and decisions it tests, so cases that agree on those share it.
            # Only reasons that read few facts are worth keeping: with more, cases rarely agree on
            # all of them (measured on generated cases: 92 % of lookups hit with one fact read,
            # 53 % with three, under 11 % with four or more), and a miss costs its key and its slot.
            read = self._reads(rule)
            if len(read) > SHARED_REASON_READS:
                found = self._reason(rule, with_detail)
            else:
                cache = reason_cache(self.plan)
                key = (plan_key(self.plan), rule.index, with_detail, tuple([self.facts.get(f) for f in read]))
                found = cache.get(key)
                if found is None:
                    found = self._reason(rule, with_detail)
                    cache.put(key, found)
            self._rule_reasons[memo] = found
        return found

    def _reads(self, rule: PlanRule) -> tuple[str, ...]:
        return self.plan.cached("reads", rule, lambda: tuple(sorted(input_facts_read(self.plan, rule))))

    def _reason(self, rule: PlanRule, with_detail: bool) -> Reason:
        node = self.trace.rules[rule.index]
        leaves: list[tuple[ConditionResult, list[Reason]]] = []
        self._leaves(node, False, leaves)
        because: list[Reason] = []
        seen: set[str] = set()
        for _, nested in leaves:
            for r in nested:
                if r.rule not in seen:
                    seen.add(r.rule)
                    because.append(r)
        return Reason(
            rule=rule.id,
            concludes=rule.conclusion.removeprefix("decision:"),
            title=rule.rule.title,
            basis=list(rule.rule.basis),
            pack=rule.pack,
            result=node.result,
            expression=self._expression(rule.rule.when),
            conditions=[c for c, _ in leaves],
            because=because,
            detail=self.resolve_detail(rule.rule.detail)[0] if with_detail else {},
            effective_from=rule.rule.effective_from,
            effective_to=rule.rule.effective_to,
        )

    def reasons_of(self, key: str, value: Tri, nested: bool = False) -> list[Reason]:
        """Reasons for a conclusion's value: supporting rules, unknown rules, or the closest misses."""
        memo = (key, nested)
        if memo in self._reasons:
            return self._reasons[memo]
        self._reasons[memo] = []  # guards against re-entry; conclusions are acyclic
        conclusion = self.plan.by_key.get(key)
        reasons: list[Reason] = []
        if conclusion is not None:
            rules = [self.plan.rules[i] for i in conclusion.rules]
            verdicts = {r.index: self.trace.rules[r.index].result for r in rules}
            if value is True:
                reasons = [self.reason(r, with_detail=True) for r in rules if verdicts[r.index] is True]
            elif value is None:
                reasons = [self.reason(r) for r in rules if verdicts[r.index] is None]
            else:
                reasons = self.closest(rules, NESTED_WHY_NOT_LIMIT if nested else WHY_NOT_LIMIT)
        self._reasons[memo] = reasons
        return reasons

    def closest(self, rules: list[PlanRule], limit: int) -> list[Reason]:
        """The rules with the fewest failed conditions (and those failing one more), best first."""
        scored = sorted((_failed(self.trace.rules[rule.index], False), rule.index, rule) for rule in rules)
        if not scored:
            return []
        best = scored[0][0]
        return [self.reason(rule) for failed, _, rule in scored if failed <= best + 1][:limit]

    # ---- details

    def resolve_detail(self, detail: Mapping[str, DetailValue]) -> tuple[dict[str, Any], set[str]]:
        """Detail values made concrete, and the facts a computed value still needs."""
        out: dict[str, Any] = {}
        needs: set[str] = set()
        for key, value in detail.items():
            if isinstance(value, ParamRef):
                out[key] = self.plan.params[value.param].value
            elif isinstance(value, FactRef):
                out[key] = json_value(self.facts.get(value.fact), self._fact_def(value.fact))
            elif isinstance(value, WorkdaysAfter):
                start = self.facts.get(value.workdays_after)
                days = (
                    value.days
                    if isinstance(value.days, int)
                    else int(self.plan.params[value.days.param].value)
                )
                if not isinstance(start, dt.date):
                    out[key] = None
                    out[key + "_note"] = (
                        f"缺少「{self.namer.fact_label(value.workdays_after)}」，无法计算截止日期"
                    )
                    needs.add(value.workdays_after)
                else:
                    deadline = nth_workday_after(start, days)
                    out[key] = deadline.due.isoformat() if deadline.due else None
                    if deadline.note:
                        out[key + "_note"] = deadline.note
            elif isinstance(value, tuple):
                out[key] = list(value)
            else:
                out[key] = value
        return out, needs

    def decision_detail(self, conclusion: Conclusion) -> tuple[dict[str, Any], set[str]]:
        view = next(v for v in self.plan.scope.decisions if v.id == conclusion.id)
        detail, needs = self.resolve_detail(view.detail_on(self.plan.as_of))
        fired = [self.plan.rules[i] for i in conclusion.rules if self.trace.rules[i].result is True]
        fired.sort(key=lambda r: (r.rule.priority, r.index))
        if view.definition.detail_mode == "collect":
            collected = []
            for rule in fired:
                item, more = self.resolve_detail(rule.rule.detail)
                needs |= more
                collected.append({"rule": rule.id, **item})
            detail[view.definition.collect_as or "items"] = collected
        else:
            for rule in fired:
                item, more = self.resolve_detail(rule.rule.detail)
                needs |= more
                detail.update(item)
        return detail, needs

    # ---- the whole result

    def decisions(self) -> tuple[dict[str, DecisionResult], list[MissingFact]]:
        results: dict[str, DecisionResult] = {}
        affects: dict[str, list[str]] = {}
        for conclusion in self.plan.decisions():
            value = self.trace.values[conclusion.key]
            outcome = outcome_of(value)
            missing: set[str] = set(self.trace.missing.get(conclusion.key, frozenset()))
            detail = None
            if value is True:
                detail, needs = self.decision_detail(conclusion)
                missing |= needs
            for fact in missing:
                affects.setdefault(fact, []).append(conclusion.id)
            view = next(v for v in self.plan.scope.decisions if v.id == conclusion.id)
            results[conclusion.id] = DecisionResult(
                label=conclusion.label,
                outcome=outcome,
                outcome_label=OUTCOME_LABELS[outcome],
                detail=detail,
                detail_labels=dict(view.definition.detail_labels) if detail is not None else {},
                reasons=self.reasons_of(conclusion.key, value),
                missing_facts=[self._missing(f) for f in self._ordered(missing)],
            )
        top = [self._missing(f, affects[f]) for f in self._ordered(affects)]
        return results, top

    def _ordered(self, fact_ids: Any) -> list[str]:
        """Facts in vocabulary order, as the form and the questions list them."""
        vocabulary = self.namer.vocabulary
        order = self.plan.cached(
            "fact-order", vocabulary, lambda: {f.id: i for i, f in enumerate(vocabulary.facts)}
        )
        return sorted(fact_ids, key=lambda f: (order.get(f, 10_000), f))

    def _missing(self, fact_id: str, affects: list[str] | None = None) -> MissingFact:
        fact = self.namer.vocabulary.get(fact_id)
        return MissingFact(
            fact=fact_id,
            label=self.namer.fact_label(fact_id),
            question=fact.question if fact is not None else f"请确认「{self.namer.fact_label(fact_id)}」",
            affects=affects or [],
        )

    def warnings(self) -> list[WarningResult]:
        out = []
        for conclusion in self.plan.warnings():
            if self.trace.values.get(conclusion.key) is not True:
                continue
            rule = self.plan.rules[conclusion.rules[0]]
            facts: list[WarningFact] = []
            seen: set[str] = set()
            for node in iter_conditions(rule.rule.when):
                names = [node.fact] if isinstance(node, FactTest) else []
                names += [t.fact for t in node.sum] if isinstance(node, SumTest) else []
                for name in names:
                    if name in seen:
                        continue
                    seen.add(name)
                    value = self.facts.get(name, self.trace.values.get(name))
                    facts.append(
                        WarningFact(
                            fact=name,
                            label=self.namer.fact_label(name),
                            value=json_value(value, self._fact_def(name)),
                            value_text=describe_value(self._fact_def(name), value),
                        )
                    )
            out.append(
                WarningResult(
                    rule=rule.id,
                    message=rule.rule.warn or rule.rule.title,
                    basis=list(rule.rule.basis),
                    facts=facts,
                )
            )
        return out
