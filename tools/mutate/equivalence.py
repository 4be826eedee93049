"""Does any case tell a mutant from the original? lint's exact search over partial cases decides.

On every date on which either rule set changes (and before the first), in every jurisdiction, each
conclusion's formulas for 成立 and 不成立 (Kleene, as lint's invariants use them) are compared: a case
satisfying "holds in one and not in the other" tells them apart. The search's case is then run
through the engine on both rule sets, so a distinguishing case is always a real one; when no case
exists on any date the mutant is equivalent. A search that runs out of steps decides nothing.

What keeps it fast: the conclusions are compared in dependency order, and one proven the same on
every case is then read with the original's formulas by the conclusions that depend on it (so they
differ only where they differ themselves); a question asked on another date or in another
jurisdiction is answered from a cache; the original's formulas are made once per plan and kept by
the worker for every mutant; dates and jurisdictions are tried from the scenarios' default date on.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from engine import ParameterNotInForce, RuleSet
from engine.toolkit import Plan
from tools.lint.kleene import KNOWN_PREFIX, UNKNOWN, Kleene, Tri, initial_domains
from tools.lint.logic import Formula, Solver, Store, conj, negate, witness
from tools.lint.translate import value_order

from .features import Scenario
from .plans import PlanComparison
from .scenarios import DEFAULT_AS_OF, failure, triage

ONE_DAY = dt.timedelta(days=1)
QUERY_STEPS = 100_000  # per question; deterministic, as lint's
ATTEMPTS = 6  # cases the search found that the engine is asked to tell apart, per mutant


@dataclass(frozen=True)
class Verdict:
    equivalent: bool  # no case on any date tells them apart
    case: Scenario | None = None  # a case that does, with the original's outcome as its check


def _days(original: RuleSet, mutant: RuleSet, jurisdiction: str) -> list[dt.date]:
    """Every date on which either side's plan may change (and the day before the first), the
    scenarios' default date first, then the latest first."""
    cuts: set[dt.date] = set(original.scopes[jurisdiction].cuts)
    if jurisdiction in mutant.scopes:
        cuts |= set(mutant.scopes[jurisdiction].cuts)
    ordered = sorted(cuts)
    if not ordered:
        return [DEFAULT_AS_OF]
    days = [ordered[0] - ONE_DAY, *ordered]
    current = max((d for d in days if d <= DEFAULT_AS_OF), default=None)
    return sorted(days, key=lambda d: (d != current, -d.toordinal()))


def _plan(ruleset: RuleSet, jurisdiction: str, day: dt.date) -> Plan | None:
    if jurisdiction not in ruleset.scopes:
        return None
    try:
        return ruleset.plan(jurisdiction, day)
    except ParameterNotInForce:
        return None


def _queries(a: Tri, b: Tri, sides: Formula) -> list[Formula]:
    """The cases in which a conclusion holds (or fails) on one side only, one query each."""
    pairs = ((a.t, b.t), (b.t, a.t), (a.f, b.f), (b.f, a.f))
    return [conj((one, negate(other), sides)) for one, other in pairs if one != other]


def _sums_met(case: dict[str, Any], found: Store, initial: dict[str, Any]) -> None:
    """Move an amount of the case so that each weighted sum the search kept holds (the search checks
    a sum against the bounds of its terms only, and the witness takes each amount on its own)."""
    for s in found.sums:
        if s.op not in ("ge", "gt", "le", "lt"):
            continue
        total = sum(c * float(case.get(v) or 0) for v, c in s.terms)
        gap = s.limit + {"gt": 1, "lt": -1}.get(s.op, 0) - total
        if (gap <= 0) if s.op in ("ge", "gt") else (gap >= 0):
            continue
        for var, c in s.terms:
            if c <= 0:
                continue
            moved = float(case.get(var) or 0) + gap / c
            value = math.ceil(moved) if gap > 0 else math.floor(moved)
            room = found.interval(var, initial)
            if room.lo <= value <= room.hi:
                case[var] = value
                case[KNOWN_PREFIX + var] = True
                break


def _facts(found: Store, initial: dict[str, Any], ruleset: RuleSet) -> dict[str, str]:
    """The search's case as a scenario's facts (by label, as written in a 案件事实 table)."""
    case = witness(found, initial, value_order(ruleset.vocabulary))
    _sums_met(case, found, initial)
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


def told_apart(case: Scenario, original: RuleSet, mutant: RuleSet) -> Scenario | None:
    """``case`` with 那么 checks of the original's outcomes that the mutant changes; ``None`` if the
    engine gives both the same outcomes (the search's case came from an approximation)."""
    before, after = triage(case, original, explain="none"), triage(case, mutant, explain="none")
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
    told = Scenario(case.name, case.jurisdiction, case.as_of, case.facts, checks)
    return told if failure(told, original) is None and failure(told, mutant) is not None else None


class Search:
    """One worker's search: the original's formulas per plan, kept for every mutant it judges."""

    def __init__(self, original: RuleSet) -> None:
        self.original = original
        self.initial: dict[str, Any] = initial_domains(original.vocabulary)
        self._kleene: dict[str, Kleene] = {}

    def _original(self, plan: Plan) -> Kleene:
        found = self._kleene.get(plan.signature)
        if found is None:
            found = self._kleene[plan.signature] = Kleene(plan, self.original.vocabulary)
        return found

    def _candidates(
        self, plans: PlanComparison, jurisdictions: list[str], answers: dict[Formula, Store | bool | None]
    ) -> Iterator[tuple[str, dt.date, Store | bool]]:
        mutant = plans.mutant
        for jurisdiction in jurisdictions:
            for day in _days(self.original, mutant, jurisdiction):
                if plans.same(jurisdiction, day):
                    continue  # the same plan on both sides: the same outcomes
                a, b = _plan(self.original, jurisdiction, day), _plan(mutant, jurisdiction, day)
                if a is None and b is None:
                    continue
                if a is None or b is None:
                    yield jurisdiction, day, False  # evaluable on one side only: not equivalent
                    continue
                yield from self._compare(jurisdiction, day, a, b, answers)

    def _compare(
        self, jurisdiction: str, day: dt.date, a: Plan, b: Plan, answers: dict[Formula, Store | bool | None]
    ) -> Iterator[tuple[str, dt.date, Store | bool]]:
        ka, kb = self._original(a), Kleene(b, self.original.vocabulary)
        keys = [c.key for c in b.conclusions] + [c.key for c in a.conclusions if c.key not in b.by_key]
        for key in keys:
            # an outcome is a decision's or a warning's; a 中间结论 matters through what reads it
            shown = (b.by_key.get(key) or a.by_key[key]).kind != "derived"
            x, y = ka.conclusion(key), kb.conclusion(key)
            if x == y:
                continue
            sides = conj((ka.side_conditions(), kb.side_conditions()))
            same = True
            for query in _queries(x, y, sides):
                if query not in answers:
                    answers[query] = Solver(self.initial, budget=QUERY_STEPS).model(query)
                found = answers[query]
                if found is None:
                    continue  # no case: the same on this question
                same = False
                if shown:
                    yield jurisdiction, day, found  # a case, or False: the search ran out of steps
            if same:  # the same on every case: what depends on it reads the original's formulas
                kb.assume(key, x)

    def decide(self, plans: PlanComparison, name: str, jurisdictions: list[str]) -> Verdict:
        """Equivalent, or the first real case that tells the mutant from the original (if found), in
        the ``jurisdictions`` whose packs the mutant changes; neither: not equivalent, no case shown."""
        undecided = False
        tried: set[tuple[str, tuple[tuple[str, str], ...]]] = set()
        answers: dict[Formula, Store | bool | None] = {}
        mutant = plans.mutant
        for jurisdiction, day, found in self._candidates(plans, jurisdictions, answers):
            undecided = True
            if not isinstance(found, Store):
                continue
            facts = _facts(found, self.initial, self.original)
            key = (jurisdiction, tuple(sorted(facts.items())))
            if key in tried:
                continue
            tried.add(key)
            # on the scenarios' default date when that tells them apart too (one line less to write)
            for as_of in (None, day.isoformat()):
                told = told_apart(Scenario(name, jurisdiction, as_of, facts), self.original, mutant)
                if told is not None:
                    return Verdict(False, told)
            if len(tried) >= ATTEMPTS:
                break
        return Verdict(not undecided)
