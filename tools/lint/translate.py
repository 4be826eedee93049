"""A plan's conditions as formulas: derived facts and decisions are replaced by their rules.

Only complete cases matter for "can this rule ever hold": under Kleene's logic a condition is
true on a case with missing facts only if it is true for every completion of that case, so a
condition that no complete case satisfies never holds at all. On complete cases derived facts
and decisions are plain disjunctions of their rules in force, which this module substitutes
(negated where a condition asks for 否 / 不需要). A derived fact a handler may also give
(``also_input``) stays a free 是/否 fact, since any value can be given.
"""

from __future__ import annotations

import math
from typing import Any, cast

from engine.toolkit import (
    AllOf,
    AnyOf,
    Condition,
    ConditionVisitor,
    DecisionTest,
    ExceptionCondition,
    FactTest,
    NotOf,
    ParamRef,
    Plan,
    PlanRule,
    SumTest,
    Vocabulary,
    decision_key,
    visit,
)

from .logic import (
    FALSE,
    Bound,
    Domain,
    Formula,
    Interval,
    Member,
    Op,
    SomeOf,
    choice,
    conj,
    disj,
    linear,
    negate,
)

_BOOL: frozenset[str | bool] = frozenset({True, False})
ABSENT_PREFIX = "absent:"  # "not given by the handler", for derivations of also_input facts


def initial_domains(vocabulary: Vocabulary) -> dict[str, Domain]:
    """What each number fact can be before any condition: amounts are ≥ 0, integers respect minimum."""
    domains: dict[str, Domain] = {}
    for fact in vocabulary.facts:
        if fact.type == "money":
            domains[fact.id] = Interval(lo=0.0)
        elif fact.type == "int":
            lo = float(fact.minimum) if fact.minimum is not None else -math.inf
            domains[fact.id] = Interval(lo=lo, integer=True)
    return domains


def value_order(vocabulary: Vocabulary) -> dict[str, tuple[Any, ...]]:
    """Declared order of values, so that examples read naturally (是 before 否, first enum value first)."""
    return {f.id: (True, False) if f.type == "bool" else tuple(f.values) for f in vocabulary.facts}


class Translator(ConditionVisitor[Formula]):
    """Formulas for the conditions of one plan (one jurisdiction, one stretch of dates)."""

    def __init__(self, plan: Plan, vocabulary: Vocabulary) -> None:
        self.plan = plan
        self.vocabulary = vocabulary
        self._memo: dict[str, Formula] = {}

    def condition(self, prule: PlanRule) -> Formula:
        """When the rule holds in this plan, declared exceptions included."""
        return self.formula(prule.condition)

    def when(self, prule: PlanRule) -> Formula:
        """When the rule's own ``when`` holds, ignoring exceptions."""
        return self.formula(prule.rule.when)

    def conclusion(self, key: str) -> Formula:
        """When a decision is 需要 / a derived fact is 是: any of its rules in force holds."""
        found = self._memo.get(key)
        if found is None:
            self._memo[key] = FALSE  # conclusions are acyclic (the loader checks); guards re-entry
            target = self.plan.by_key.get(key)
            rules = target.rules if target is not None else ()
            found = disj(self.formula(self.plan.rules[i].condition) for i in rules)
            self._memo[key] = found
        return found

    def formula(self, node: Condition) -> Formula:
        return visit(node, self)

    def all_of(self, node: AllOf) -> Formula:
        return conj(self.formula(c) for c in node.all)

    def any_of(self, node: AnyOf) -> Formula:
        return disj(self.formula(c) for c in node.any)

    def not_of(self, node: NotOf) -> Formula:
        return negate(self.formula(node.not_))

    def exception(self, node: ExceptionCondition) -> Formula:
        return self.formula(node.when)

    def decision(self, node: DecisionTest) -> Formula:
        holds = self.conclusion(decision_key(node.decision))
        return holds if node.is_ else negate(holds)

    def sum_test(self, node: SumTest) -> Formula:
        terms = [(t.fact, float(self._number(t.times))) for t in node.sum]
        return linear(terms, cast(Op, node.op), float(self._number(node.operand)))

    def _number(self, value: Any) -> float:
        if isinstance(value, ParamRef):
            return float(self.plan.params[value.param].value)
        return float(value)

    def fact(self, node: FactTest) -> Formula:
        if node.absent is not None:
            return choice(ABSENT_PREFIX + node.fact, {node.absent}, _BOOL)
        derived = self.plan.scope.derived.get(node.fact)
        if derived is not None and not derived.also_input:
            holds = self.conclusion(node.fact)
            return holds if node.operand else negate(holds)
        fact = self.vocabulary[node.fact]
        op, operand = node.op, node.operand
        if fact.type == "bool":
            return choice(fact.id, {bool(operand)}, _BOOL)
        if fact.type == "enum":
            universe: frozenset[str | bool] = frozenset(fact.values)
            picked = frozenset({operand}) if op in ("eq", "ne") else frozenset(operand)
            return choice(fact.id, picked if op in ("eq", "in") else universe - picked, universe)
        if fact.type == "set":
            return _set_test(fact.id, op, operand, fact.values)
        if fact.type in ("money", "int"):
            return Bound(fact.id, cast(Op, op), self._number(operand))
        raise ValueError(f"no test on {fact.type} facts")


def _set_test(var: str, op: str, operand: Any, values: tuple[str, ...]) -> Formula:
    universe = frozenset(values)
    if op == "contains":
        return Member(var, operand, True)
    if op == "contains_any":
        return SomeOf(var, frozenset(operand))
    if op == "contains_all":
        return conj(Member(var, v, True) for v in operand)
    if op == "only":
        return conj(Member(var, v, False) for v in sorted(universe - frozenset(operand)))
    if op == "empty":
        nothing = conj(Member(var, v, False) for v in values)
        return nothing if operand else SomeOf(var, universe)
    raise ValueError(f"unknown set operator {op}")
