"""Does any case tell a mutant from the original? lint's exact search over partial cases decides.

On every date on which either rule set changes (and before the first), in every jurisdiction, each
conclusion's formulas for 成立 and 不成立 (Kleene, as lint's invariants use them) are compared: a case
satisfying "holds in one and not in the other" tells them apart. The search's case is then run
through the engine on both rule sets, so a distinguishing case is always a real one; when no case
exists on any date the mutant is equivalent. A search that runs out of steps decides nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from engine import ParameterNotInForce, RuleSet
from engine.toolkit import Plan, build_plan
from tools.lint.kleene import KNOWN_PREFIX, UNKNOWN, Kleene, initial_domains
from tools.lint.logic import Formula, Solver, Store, conj, negate, witness
from tools.lint.translate import value_order

from .features import Scenario
from .scenarios import DEFAULT_AS_OF, triage
from .selection import plan_shape

ONE_DAY = dt.timedelta(days=1)
QUERY_STEPS = 100_000  # per question; deterministic, as lint's


@dataclass(frozen=True)
class Verdict:
    equivalent: bool  # no case on any date tells them apart
    case: Scenario | None = None  # a case that does, with the original's outcome as its check


def _days(original: RuleSet, mutant: RuleSet, jurisdiction: str) -> list[dt.date]:
    cuts: set[dt.date] = set(original.scopes[jurisdiction].cuts)
    if jurisdiction in mutant.scopes:
        cuts |= set(mutant.scopes[jurisdiction].cuts)
    ordered = sorted(cuts)
    return [ordered[0] - ONE_DAY, *ordered] if ordered else [DEFAULT_AS_OF]


def _plan(ruleset: RuleSet, jurisdiction: str, day: dt.date) -> Plan | None:
    scope = ruleset.scopes.get(jurisdiction)
    if scope is None:
        return None
    try:
        return build_plan(scope, day)
    except ParameterNotInForce:
        return None


def _differences(a: Kleene, b: Kleene, key: str) -> list[Formula]:
    """The cases in which the conclusion ``key`` holds (or fails) on one side only, one query each;
    none when both sides have the same formulas."""
    x, y = a.conclusion(key), b.conclusion(key)
    if x == y:
        return []
    sides = conj((a.side_conditions(), b.side_conditions()))
    pairs = ((x.t, y.t), (y.t, x.t), (x.f, y.f), (y.f, x.f))
    return [conj((one, negate(other), sides)) for one, other in pairs if one != other]


def _facts(found: Store, initial: dict[str, Any], ruleset: RuleSet) -> dict[str, str]:
    """The search's case as a scenario's facts (by label, as written in a 案件事实 table)."""
    case = witness(found, initial, value_order(ruleset.vocabulary))
    known = {k.removeprefix(KNOWN_PREFIX): v for k, v in case.items() if k.startswith(KNOWN_PREFIX)}
    facts: dict[str, str] = {}
    for fact in ruleset.vocabulary.facts:
        if fact.type in ("bool", "enum"):
            value = case.get(fact.id, UNKNOWN)
            if value != UNKNOWN:
                facts[fact.label] = ("是" if value else "否") if fact.type == "bool" else str(value)
        elif known.get(fact.id):
            value = case.get(fact.id)
            if fact.type == "set":
                chosen = sorted(value or (), key=fact.values.index)
                facts[fact.label] = "、".join(chosen) if chosen else "无"
            else:
                number = value if value is not None else 0
                facts[fact.label] = str(int(number)) if float(number).is_integer() else str(number)
    return facts


def _told_apart(case: Scenario, original: RuleSet, mutant: RuleSet) -> Scenario | None:
    """``case`` with 那么 checks of the original's outcomes that the mutant changes; ``None`` if the
    engine gives both the same outcomes (the search's case came from an approximation)."""
    before, after = triage(case, original), triage(case, mutant)
    if isinstance(before, str):
        return None
    checks = []
    if isinstance(after, str):  # the mutant refuses the case: any check of the original tells them apart
        first = next(iter(before.decisions.values()), None)
        if first is None:
            return None
        checks.append(f'"{first.label}"的结论应为"{first.outcome_label}"')
        return Scenario(case.name, case.jurisdiction, case.as_of, case.facts, checks)
    for decision_id, decision in before.decisions.items():
        other = after.decisions.get(decision_id)
        if other is None or other.outcome_label != decision.outcome_label:
            checks.append(f'"{decision.label}"的结论应为"{decision.outcome_label}"')
    lost = [w.message for w in before.warnings if w.message not in {x.message for x in after.warnings}]
    checks += [f'应有提示"{message}"' for message in lost[:1]]
    if not checks:
        return None
    return Scenario(case.name, case.jurisdiction, case.as_of, case.facts, checks)


def _candidates(
    original: RuleSet, mutant: RuleSet, jurisdictions: list[str]
) -> Iterator[tuple[str, dt.date, Store | bool]]:
    initial: dict[str, Any] = initial_domains(original.vocabulary)
    for jurisdiction in jurisdictions:
        for day in _days(original, mutant, jurisdiction):
            if plan_shape(original, jurisdiction, day) == plan_shape(mutant, jurisdiction, day):
                continue  # the same plan on both sides: the same outcomes
            a, b = _plan(original, jurisdiction, day), _plan(mutant, jurisdiction, day)
            if a is None and b is None:
                continue
            if a is None or b is None:
                yield jurisdiction, day, False  # evaluable on one side only: not equivalent
                continue
            ka, kb = Kleene(a, original.vocabulary), Kleene(b, mutant.vocabulary)
            for key in sorted(set(a.by_key) | set(b.by_key)):
                for query in _differences(ka, kb, key):
                    found = Solver(initial, budget=QUERY_STEPS).model(query)
                    if found is not None:  # None: no case; False: the search ran out of steps
                        yield jurisdiction, day, found


def decide(original: RuleSet, mutant: RuleSet, name: str, jurisdictions: list[str]) -> Verdict:
    """Equivalent, or the first real case that tells the mutant from the original (if found), in
    the ``jurisdictions`` whose packs the mutant changes."""
    undecided = False
    initial: dict[str, Any] = initial_domains(original.vocabulary)
    for jurisdiction, day, found in _candidates(original, mutant, jurisdictions):
        if not isinstance(found, Store):
            undecided = True
            continue
        facts = _facts(found, initial, original)
        # on the scenarios' default date when that tells them apart too (one line less to write)
        for as_of in (None, day.isoformat()):
            told = _told_apart(Scenario(name, jurisdiction, as_of, facts), original, mutant)
            if told is not None:
                return Verdict(False, told)
        undecided = True
    return Verdict(not undecided)
