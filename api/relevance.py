"""Which input facts can still matter for a case, given its jurisdiction, date and a few known facts.

The web page collapses the fields that cannot matter (e.g. 食品-only crime facts in a 广告 case).
This is derived from the rules in force, never from a hand-kept list:

1. Every rule of the plan is evaluated three-valued on the known facts alone. A rule that comes out
   *false* stays false whatever the unknown facts turn out to be (Kleene logic is monotone), so it can
   never fire for this case. Derived facts a handler may also give (``also_input``) count as unknown
   here, because a value the handler gives would win over the derivation.
2. Starting from the decisions and warnings, the rules that can still fire are followed back through
   the derived facts and decisions they read; every input fact read on the way (in a condition, a
   weighted sum or a detail such as a due date) is relevant.

The answer errs on the side of showing a field: a rule whose condition is unsatisfiable in a way
three-valued logic cannot see keeps its facts relevant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from engine.conditions import compile_condition
from engine.executors.base import combine
from engine.model import DecisionTest, FactTest, SumTest
from engine.ruleset import RuleSet, decision_key, detail_facts, iter_conditions
from engine.trace import Tri

from .schemas.catalog import FactRelevance, RelevanceOut


def _alive(ruleset: RuleSet, jurisdiction: str, on: dt.date, known: Mapping[str, Any]) -> list[bool]:
    """Per plan rule: can it still hold for some values of the unknown facts?"""
    plan = ruleset.plan(jurisdiction, on)
    env: dict[str, Any] = dict(known)
    alive = [True] * len(plan.rules)
    for conclusion in plan.conclusions:
        verdicts: list[Tri] = []
        for index in conclusion.rules:
            value = compile_condition(plan.rules[index].condition, plan)(env)
            alive[index] = value is not False
            verdicts.append(value)
        if conclusion.also_input:
            given = known.get(conclusion.id)
            env[conclusion.key] = None if given is None else bool(given)
        else:
            env[conclusion.key] = combine(verdicts)
    return alive


def relevance(ruleset: RuleSet, jurisdiction: str, on: dt.date, known: Mapping[str, Any]) -> RelevanceOut:
    """Every input fact with whether it can matter, and the rules that would read it.

    A known fact always counts as relevant: another value of it may bring rules back.
    """
    plan = ruleset.plan(jurisdiction, on)
    scope = plan.scope
    alive = _alive(ruleset, jurisdiction, on, known)
    details = {decision_key(view.id): view.detail for view in scope.decisions}
    needed = {c.key for c in plan.conclusions if c.kind in ("decision", "warning")}
    readers: dict[str, list[str]] = {}

    def read(fact_id: str, by: str) -> None:
        if fact_id in ruleset.vocabulary:
            users = readers.setdefault(fact_id, [])
            if by not in users:
                users.append(by)

    for conclusion in reversed(plan.conclusions):  # dependents first: they add what they read
        if conclusion.key not in needed:
            continue
        live = [plan.rules[i] for i in conclusion.rules if alive[i]]
        if conclusion.also_input:
            read(conclusion.id, conclusion.id)
        for prule in live:
            for node in iter_conditions(prule.condition):
                if isinstance(node, FactTest):
                    read(node.fact, prule.id)
                    if node.fact in scope.derived:
                        needed.add(node.fact)
                elif isinstance(node, SumTest):
                    for term in node.sum:
                        read(term.fact, prule.id)
                elif isinstance(node, DecisionTest):
                    needed.add(decision_key(node.decision))
            for fact_id in detail_facts(prule.rule.detail):
                read(fact_id, prule.id)
        if live and conclusion.key in details:
            for fact_id in detail_facts(details[conclusion.key]):
                read(fact_id, conclusion.id)

    return RelevanceOut(
        jurisdiction=jurisdiction,
        as_of=on,
        known=sorted(known),
        facts=[
            FactRelevance(
                fact=f.id,
                label=f.label,
                relevant=f.id in readers or f.id in known,
                rules=readers.get(f.id, []),
            )
            for f in ruleset.vocabulary.facts
        ],
    )
