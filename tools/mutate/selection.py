"""Which scenarios can tell a mutant apart, and in which order to try them.

A scenario reads a mutant when its jurisdiction's path holds the changed pack (every scenario, for a
change of the vocabulary) and, on the scenario's date, the mutant's plan there differs from the
original's (rules with their conditions and exceptions, parameter values, the decisions' defaults):
where both plans are the same, so is the scenario's result. A scenario that gives the time of the
act may be evaluated on another date, so it is always run.

Order: first the scenarios on whose case the mutant's compiled program concludes otherwise than the
original's (a few microseconds each, no explanation) — those most likely fail; among them and among
the rest, the scenarios that caught earlier mutants first: the same few scenarios pin most of a pack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from engine import RuleSet
from engine.toolkit import ENGINE_FACTS

from .features import Scenario
from .plans import PlanComparison
from .scenarios import DEFAULT_AS_OF, conclusions, parsed_facts


class Selection:
    def __init__(self, original: RuleSet, scenarios: list[Scenario]) -> None:
        self.original = original
        self.order = list(scenarios)
        vocab = original.vocabulary
        self.time_labels = {fact.label for fact in vocab.facts if fact.id in ENGINE_FACTS}
        self._cases: dict[int, tuple[dt.date, dict[str, Any]] | None] = {}
        self._before: dict[int, Any] = {}

    def _case(self, part: Scenario) -> tuple[dt.date, dict[str, Any]] | None:
        key = id(part)
        if key not in self._cases:
            self._cases[key] = parsed_facts(part, self.original)
            found = self._cases[key]
            if found is not None and part.jurisdiction is not None:
                self._before[key] = conclusions(self.original, part.jurisdiction, *found)
        return self._cases[key]

    def _changed(self, scenario: Scenario, plans: PlanComparison) -> tuple[bool, bool]:
        """Whether the mutant may change the scenario's result, and whether it changes a conclusion."""
        changed = differs = False
        for part in (scenario, *scenario.then):
            try:
                day = dt.date.fromisoformat(part.as_of) if part.as_of else DEFAULT_AS_OF
            except ValueError:
                return True, False
            timed = bool(self.time_labels & set(part.facts))
            if not timed and plans.same(part.jurisdiction, day):
                continue
            changed = True
            case = self._case(part)
            if case is not None and part.jurisdiction is not None:
                after = conclusions(plans.mutant, part.jurisdiction, *case)
                differs = differs or after != self._before.get(id(part))
        return changed, differs

    def reading(
        self, jurisdictions: set[str], plans: PlanComparison, vocabulary_changed: bool, read: list[Scenario]
    ) -> Iterator[Scenario]:
        """The scenarios the mutant may change, most likely to fail first (each one yielded is also
        appended to ``read``): those whose conclusions it changes as they are found, then the rest."""
        rest: list[Scenario] = []
        for scenario in list(self.order):
            where = {scenario.jurisdiction, *(t.jurisdiction for t in scenario.then)}
            if not where & jurisdictions:
                continue
            changed, differs = (True, False) if vocabulary_changed else self._changed(scenario, plans)
            if differs:
                read.append(scenario)
                yield scenario
            elif changed:
                rest.append(scenario)
        for scenario in rest:
            read.append(scenario)
            yield scenario

    def caught(self, scenario: Scenario) -> None:
        self.order.remove(scenario)
        self.order.insert(0, scenario)
