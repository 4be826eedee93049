"""Which input facts can still matter for a case, given its jurisdiction, date and a few known facts.

The web page folds the fields that cannot matter (e.g. 食品-only crime facts in a 广告 case). This is
derived from the rules in force, never from a hand-kept list:

1. Every rule of the plan is evaluated three-valued on the known facts alone (the one evaluation
   loop, with the plan's compiled closures). A rule that comes out *false* stays false whatever the
   unknown facts turn out to be (Kleene logic is monotone), so it can never fire for this case.
   Derived facts a handler may also give (``also_input``) count as unknown here, because a value the
   handler gives would win over the derivation.
2. Starting from the decisions and warnings, the rules that can still fire are followed back through
   the derived facts and decisions they read; every input fact read on the way (in a condition, a
   weighted sum or a detail such as a due date) is relevant.

The answer errs on the side of showing a field: a rule whose condition is unsatisfiable in a way
three-valued logic cannot see keeps its facts relevant.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .language.semantics import decision_key
from .language.visitor import reads
from .model import detail_facts
from .ruleset import RuleSet
from .settle import settle
from .timing.periods import ENGINE_FACTS, ENGINE_READER


@dataclass(frozen=True)
class FactRelevance:
    fact: str
    label: str
    relevant: bool
    rules: tuple[str, ...]  # rules that can still hold and read the fact (or the fact a handler gives)


@dataclass(frozen=True)
class Relevance:
    jurisdiction: str
    as_of: dt.date
    known: tuple[str, ...]
    facts: tuple[FactRelevance, ...]  # every fact of the vocabulary, in its order


def relevance(ruleset: RuleSet, jurisdiction: str, as_of: dt.date, known: Mapping[str, Any]) -> Relevance:
    """Every input fact with whether it can matter, and the rules that would read it.

    A known fact always counts as relevant: another value of it may bring rules back.
    """
    plan = ruleset.plan(jurisdiction, as_of)
    scope = plan.scope
    verdicts = settle(plan.steps, ruleset.prepared(plan).checks, known, open_inputs=True)
    alive = [v is not False for v in verdicts.rules]
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
            for item in reads(prule.condition):
                if item.kind == "decision":
                    needed.add(decision_key(item.id))
                    continue
                read(item.id, prule.id)
                if item.id in scope.derived:
                    needed.add(item.id)
            for fact_id in detail_facts(prule.rule.detail):
                read(fact_id, prule.id)
        if live and conclusion.key in details:
            for fact_id in detail_facts(details[conclusion.key]):
                read(fact_id, conclusion.id)

    for fact_id in ENGINE_FACTS:  # the time of the act: read for every case (engine/timing)
        read(fact_id, ENGINE_READER)

    return Relevance(
        jurisdiction=jurisdiction,
        as_of=as_of,
        known=tuple(sorted(known)),
        facts=tuple(
            FactRelevance(
                fact=f.id,
                label=f.label,
                relevant=f.id in readers or f.id in known,
                rules=tuple(readers.get(f.id, ())),
            )
            for f in ruleset.vocabulary.facts
        ),
    )
