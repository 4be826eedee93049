"""Is the mutant's plan on a date the original's? Compared rule by rule, each pair of objects once.

A mutant re-reads only the file it changes, so most of its rules are the original's own objects
(compared by identity); the others are compared once per mutant, however many jurisdictions and
dates share them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine import ParameterNotInForce, RuleSet
from engine.toolkit import Plan


def plan_on(ruleset: RuleSet, jurisdiction: str | None, day: dt.date) -> Plan | str | None:
    """The plan (cached by the rule set per stretch); ``None``: no such jurisdiction; a text: none
    can be built on that date."""
    if jurisdiction is None or jurisdiction not in ruleset.scopes:
        return None
    try:
        return ruleset.plan(jurisdiction, day)
    except ParameterNotInForce:
        return "no plan"


class PlanComparison:
    """The original's plans against one mutant's, with what was compared kept for the next question."""

    def __init__(self, original: RuleSet, mutant: RuleSet) -> None:
        self.original, self.mutant = original, mutant
        self._equal: dict[tuple[int, int], bool] = {}
        self._kept: list[Any] = []  # the objects compared: their ids stay theirs while compared
        self._same: dict[tuple[str | None, dt.date], bool] = {}

    def _eq(self, a: Any, b: Any) -> bool:
        if a is b:
            return True
        key = (id(a), id(b))
        found = self._equal.get(key)
        if found is None:
            found = self._equal[key] = a == b
            self._kept.append((a, b))
        return found

    def same_plans(self, a: Plan | str | None, b: Plan | str | None) -> bool:
        if not isinstance(a, Plan) or not isinstance(b, Plan):
            return a == b
        if len(a.rules) != len(b.rules) or a.params.keys() != b.params.keys():
            return False
        if any(a.params[k].value != b.params[k].value for k in a.params):
            return False
        if not self._eq(a.scope.decisions, b.scope.decisions):
            return False
        return all(
            self._eq(x.rule, y.rule)
            and self._eq(x.condition, y.condition)
            and self._eq(x.exceptions, y.exceptions)
            for x, y in zip(a.rules, b.rules, strict=True)
        )

    def same(self, jurisdiction: str | None, day: dt.date) -> bool:
        """Whether the mutant's plan there on ``day`` is the original's."""
        key = (jurisdiction, day)
        if key not in self._same:
            self._same[key] = self.same_plans(
                plan_on(self.original, jurisdiction, day), plan_on(self.mutant, jurisdiction, day)
            )
        return self._same[key]
