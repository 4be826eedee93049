"""A plan's conditions as formulas over *partial* cases: Kleene's three values made two formulas.

``translate`` reads conditions on complete cases, which is all "can this rule ever hold" needs. An
invariant such as "暂扣许可证件 with 其他较重处罚 unknown → 听证告知 is never 不需要" is about cases
with unknown facts, so here every fact may also be unknown:

* a 是/否 or enum fact takes one more value, :data:`UNKNOWN`;
* a set or number fact gets a companion 是/否 variable ``known:<id>``; an unknown amount that a sum
  reads is pinned to 0, which is how the engine counts it (the known part alone decides).

Each condition then has two formulas, ``T`` (it holds, 成立) and ``F`` (it fails, 不成立); on a case
where neither holds it is unknown. They follow the engine's semantics
(``engine/language/semantics.py``) exactly: ``all`` holds when every part holds and fails when one
fails, ``any`` the reverse, ``not`` swaps, a conclusion (decision or 中间结论) holds when one of its
rules holds and fails when all fail, and a fact a handler may also give wins over its derivation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
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
    SumTest,
    Vocabulary,
    decision_key,
    visit,
)

from .logic import (
    FALSE,
    TRUE,
    Bound,
    Domain,
    Formula,
    Interval,
    Op,
    choice,
    conj,
    disj,
    linear,
    negate,
)
from .translate import _set_test

Concluded = dict[str, tuple["Tri", frozenset[str]]]  # conclusion key -> its formulas, facts its sums read
UNKNOWN = "（未知）"
KNOWN_PREFIX = "known:"
_BOOL: frozenset[str | bool] = frozenset({True, False})


@dataclass(frozen=True)
class Tri:
    """When a condition holds (``t``) and when it fails (``f``); neither: unknown."""

    t: Formula
    f: Formula

    def swap(self) -> Tri:
        return Tri(self.f, self.t)


def initial_domains(vocabulary: Vocabulary) -> dict[str, Domain]:
    """Amounts are ≥ 0 and integers respect their minimum, as on complete cases."""
    domains: dict[str, Domain] = {}
    for fact in vocabulary.facts:
        if fact.type == "money":
            domains[fact.id] = Interval(lo=0.0)
        elif fact.type == "int":
            lo = float(fact.minimum) if fact.minimum is not None else -math.inf
            domains[fact.id] = Interval(lo=lo, integer=True)
    return domains


class Kleene(ConditionVisitor[Tri]):
    """``T`` / ``F`` formulas for the conditions of one plan."""

    def __init__(self, plan: Plan, vocabulary: Vocabulary, shared: Concluded | None = None) -> None:
        self.plan = plan
        self.vocabulary = vocabulary
        self._memo: dict[str, Tri] = {}
        self.summed: set[str] = set()  # number facts read by sums: unknown pins them to 0
        # conclusions made by other Kleenes of the plan, with the facts their sums read; and the facts
        # read by the conclusions being made now (innermost last)
        self._shared = shared
        self._reading: list[set[str]] = []

    # ---- facts and their knownness

    def universe(self, fact_id: str) -> frozenset[str | bool]:
        fact = self.vocabulary[fact_id]
        values: frozenset[str | bool] = _BOOL if fact.type == "bool" else frozenset(fact.values)
        return values | {UNKNOWN}

    def known(self, fact_id: str) -> Formula:
        fact = self.vocabulary[fact_id]
        if fact.type in ("bool", "enum"):
            universe = self.universe(fact_id)
            return choice(fact_id, universe - {UNKNOWN}, universe)
        return choice(KNOWN_PREFIX + fact_id, {True}, _BOOL)

    def side_conditions(self) -> Formula:
        """An unknown amount that a sum reads counts as 0 (amounts are never negative)."""
        return conj(disj((self.known(f), Bound(f, "le", 0.0))) for f in sorted(self.summed))

    # ---- conclusions

    def conclusion(self, key: str) -> Tri:
        found = self._memo.get(key)
        if found is None and self._shared is not None and key in self._shared:
            found, summed = self._shared[key]
            self._memo[key] = found
            self._summing(summed)
        elif found is None:
            self._memo[key] = Tri(FALSE, TRUE)  # conclusions are acyclic (the loader checks)
            target = self.plan.by_key.get(key)
            rules = target.rules if target is not None else ()
            self._reading.append(set())
            parts = [self.of(self.plan.rules[i].condition) for i in rules]
            found = Tri(disj(p.t for p in parts), conj(p.f for p in parts))
            summed = frozenset(self._reading.pop())
            self._memo[key] = found
            if self._shared is not None:
                self._shared[key] = (found, summed)
            self._summing(summed)
        elif self._shared is not None and self._reading and key in self._shared:
            self._summing(self._shared[key][1])  # read again inside another conclusion being made
        return found

    def _summing(self, facts: Iterable[str]) -> None:
        self.summed.update(facts)
        if self._reading:
            self._reading[-1].update(facts)

    def assume(self, key: str, found: Tri) -> None:
        """Read the conclusion ``key`` as ``found`` from now on: formulas proven equal to its own on
        every case (``lexgate mutate`` compares a changed plan with the original conclusion by
        conclusion, and what depends on a conclusion shown unchanged need not differ)."""
        self._memo[key] = found

    def of(self, node: Condition) -> Tri:
        return visit(node, self)

    # ---- the visitor

    def all_of(self, node: AllOf) -> Tri:
        parts = [self.of(c) for c in node.all]
        return Tri(conj(p.t for p in parts), disj(p.f for p in parts))

    def any_of(self, node: AnyOf) -> Tri:
        parts = [self.of(c) for c in node.any]
        return Tri(disj(p.t for p in parts), conj(p.f for p in parts))

    def not_of(self, node: NotOf) -> Tri:
        return self.of(node.not_).swap()

    def exception(self, node: ExceptionCondition) -> Tri:
        return self.of(node.when)

    def decision(self, node: DecisionTest) -> Tri:
        found = self.conclusion(decision_key(node.decision))
        return found if node.is_ else found.swap()

    def sum_test(self, node: SumTest) -> Tri:
        terms = [(t.fact, float(self._number(t.times))) for t in node.sum]
        self._summing([fact for fact, _ in terms])
        op = cast(Op, node.op)
        limit = float(self._number(node.operand))
        holds = linear(terms, op, limit)
        all_known = conj(self.known(fact) for fact, _ in terms)
        fails = negate(holds)
        if any(c < 0 for _, c in terms):  # the engine decides such a sum only when every term is known
            return Tri(conj((all_known, holds)), conj((all_known, fails)))
        if op in ("ge", "gt"):  # unknown terms count as 0 and can only add
            return Tri(holds, conj((all_known, fails)))
        return Tri(conj((all_known, holds)), fails)

    def _number(self, value: Any) -> float:
        if isinstance(value, ParamRef):
            return float(self.plan.params[value.param].value)
        return float(value)

    def fact(self, node: FactTest) -> Tri:
        derived = self.plan.scope.derived.get(node.fact)
        if node.absent is not None:
            absent = negate(self.known(node.fact))
            return Tri(absent, negate(absent)) if node.absent else Tri(negate(absent), absent)
        if derived is not None:
            derivation = self.conclusion(node.fact)
            if derived.also_input:
                given, universe = node.fact, self.universe(node.fact)
                missing = choice(given, {UNKNOWN}, universe)
                holds = disj((choice(given, {True}, universe), conj((missing, derivation.t))))
                fails = disj((choice(given, {False}, universe), conj((missing, derivation.f))))
                derivation = Tri(holds, fails)
            return derivation if node.operand else derivation.swap()
        return self._fact_test(node)

    def _fact_test(self, node: FactTest) -> Tri:
        fact = self.vocabulary[node.fact]
        op, operand = node.op, node.operand
        if fact.type in ("bool", "enum"):
            universe = self.universe(fact.id)
            values = universe - {UNKNOWN}
            if fact.type == "bool":
                picked: frozenset[str | bool] = frozenset({bool(operand)})
            else:
                picked = frozenset({operand}) if op in ("eq", "ne") else frozenset(operand)
                if op in ("ne", "not_in"):
                    picked = values - picked
            return Tri(choice(fact.id, picked, universe), choice(fact.id, values - picked, universe))
        if fact.type == "set":
            test = _set_test(fact.id, op, operand, fact.values)
        elif fact.type in ("money", "int"):
            test = Bound(fact.id, cast(Op, op), self._number(operand))
        else:
            raise ValueError(f"no test on {fact.type} facts")
        known = self.known(fact.id)
        return Tri(conj((known, test)), conj((known, negate(test))))
