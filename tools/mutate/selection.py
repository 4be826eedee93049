"""Which scenarios can tell a mutant apart, and in which order to try them.

A scenario reads a mutant when its jurisdiction's path holds the changed pack (every scenario, for a
change of the vocabulary) and, on the scenario's date, the mutant's plan there differs from the
original's (rules with their conditions and exceptions, parameter values, the decisions' defaults):
where both plans are the same, so is the scenario's result. A scenario that gives the time of the
act may be evaluated on another date, so it is always run. Scenarios that caught a mutant are tried
first for the next one: the same few scenarios pin most of a pack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from engine import ParameterNotInForce, RuleSet
from engine.toolkit import ENGINE_FACTS, build_plan

from .features import Scenario
from .scenarios import DEFAULT_AS_OF


def plan_shape(ruleset: RuleSet, jurisdiction: str | None, day: dt.date) -> Any:
    scope = ruleset.scopes.get(jurisdiction or "")
    if scope is None:
        return None
    try:
        plan = build_plan(scope, day)
    except ParameterNotInForce:
        return "no plan"
    rules = tuple((r.rule, r.condition, r.exceptions) for r in plan.rules)
    params = tuple(sorted((key, bound.value) for key, bound in plan.params.items()))
    return rules, params, scope.decisions


class Selection:
    def __init__(self, original: RuleSet, scenarios: list[Scenario]) -> None:
        self.original = original
        self.order = list(scenarios)
        vocab = original.vocabulary
        self.time_labels = {fact.label for fact in vocab.facts if fact.id in ENGINE_FACTS}
        self._shapes: dict[tuple[str | None, dt.date], Any] = {}

    def _original_shape(self, jurisdiction: str | None, day: dt.date) -> Any:
        key = (jurisdiction, day)
        if key not in self._shapes:
            self._shapes[key] = plan_shape(self.original, jurisdiction, day)
        return self._shapes[key]

    def _changed(self, scenario: Scenario, mutant: RuleSet) -> bool:
        for part in (scenario, *scenario.then):
            if self.time_labels & set(part.facts):
                return True
            try:
                day = dt.date.fromisoformat(part.as_of) if part.as_of else DEFAULT_AS_OF
            except ValueError:
                return True
            if plan_shape(mutant, part.jurisdiction, day) != self._original_shape(part.jurisdiction, day):
                return True
        return False

    def reading(
        self, jurisdictions: set[str], mutant: RuleSet, vocabulary_changed: bool
    ) -> Iterator[Scenario]:
        """The scenarios the mutant may change, those that caught earlier mutants first."""
        for scenario in list(self.order):
            where = {scenario.jurisdiction, *(t.jurisdiction for t in scenario.then)}
            if not where & jurisdictions:
                continue
            if vocabulary_changed or self._changed(scenario, mutant):
                yield scenario

    def caught(self, scenario: Scenario) -> None:
        self.order.remove(scenario)
        self.order.insert(0, scenario)
