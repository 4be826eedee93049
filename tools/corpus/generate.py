"""Seeded synthetic triage requests over the rule set's whole fact vocabulary.

The vocabulary, the jurisdictions and the thresholds are read from the rule set, so a fact or
pack added later is covered without changing this module. Realism comes from a few habits of
real case files (most cases are 普通程序 penalties; a fine amount is given when 罚款 is among the
penalties; yes/no indicators are mostly 否) and from amounts placed on and around every
threshold a rule compares with (parameters in every jurisdiction and period, literals, and the
per-term share of weighted sums), where a change of a threshold shows. A share of facts is left
out, because missing facts are what make outcomes 无法确定.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from engine import ParameterNotInForce, RuleSet
from engine.toolkit import FactDef, FactTest, ParamRef, SumTest, leaves

# Weights for values of a few well-known facts; any other fact is drawn evenly.
_VALUE_WEIGHTS: dict[str, dict[str, float]] = {
    "action_type": {"行政处罚": 0.75, "行政许可": 0.1, "行政强制": 0.1, "行政检查": 0.05},
    "procedure": {"普通程序": 0.8, "简易程序": 0.2},
    "penalties": {"罚款": 6, "警告": 3, "没收违法所得": 2.5, "没收非法财物": 1.5, "责令停产停业": 0.5},
}
_TRUE_SHARE = 0.2  # 是/否 indicators are mostly 否
_SLIP_SHARE = 0.03  # case files that contradict themselves (what the warnings are for)
_PENALTY_FACTS = ("procedure", "penalties", "fine_amount", "confiscation_value")
_SET_SIZES = (0, 1, 1, 1, 2, 2, 3)  # how many values a 多选 fact holds
_TWEAKS = (0.0, 0.0, -1.0, 1.0, -0.01, 0.5)  # exactly on, just below, just above a threshold


@dataclass(frozen=True)
class CorpusSpec:
    n: int
    seed: int = 20261101
    missing: float = 0.1  # share of facts left out
    near: float = 0.5  # share of amounts drawn on or around a threshold
    start: dt.date | None = None  # as_of range; default: where every parameter has a value
    end: dt.date | None = None


def thresholds(ruleset: RuleSet) -> dict[str, list[float]]:
    """Per number fact, every value a rule compares it with, in any jurisdiction and period."""
    values: dict[str, set[float]] = {}
    params: dict[str, set[float]] = {}
    for scope in ruleset.scopes.values():
        for param_id, layers in scope.parameters.items():
            params.setdefault(param_id, set()).update(float(v.value) for lay in layers for v in lay.values)

    def limits(operand: Any) -> set[float]:
        if isinstance(operand, ParamRef):
            return params.get(operand.param, set())
        return (
            {float(operand)} if isinstance(operand, int | float) and not isinstance(operand, bool) else set()
        )

    numbers = {f.id for f in ruleset.vocabulary.facts if f.type in ("money", "int")}
    for rule, _ in ruleset.rules.values():
        for node in leaves(rule.when):
            if isinstance(node, FactTest) and node.fact in numbers and node.op != "is":
                values.setdefault(node.fact, set()).update(limits(node.operand))
            elif isinstance(node, SumTest):
                for term in node.sum:
                    for c in limits(term.times) or {1.0}:
                        if c > 0:
                            values.setdefault(term.fact, set()).update(x / c for x in limits(node.operand))
    return {fact: sorted(v) for fact, v in values.items()}


def date_range(ruleset: RuleSet, spec: CorpusSpec) -> tuple[dt.date, dt.date]:
    """From the day every parameter has its first value to two years after the last dated change."""
    firsts = [
        min(v.start for v in layer.values)
        for scope in ruleset.scopes.values()
        for layers in scope.parameters.values()
        for layer in layers[-1:]  # the defining pack's layer
    ]
    changes = [
        d
        for scope in ruleset.scopes.values()
        for layers in scope.parameters.values()
        for layer in layers
        for v in layer.values
        for d in (v.start, v.end)
        if d is not None
    ]
    changes += [d for r, _ in ruleset.rules.values() for d in (r.effective_from, r.effective_to) if d]
    start = spec.start or _first_day_in_force(ruleset, firsts)
    end = spec.end or (max([start, *changes]) + dt.timedelta(days=730))
    return start, end


def _first_day_in_force(ruleset: RuleSet, firsts: list[dt.date]) -> dt.date:
    """The first day on which every jurisdiction can be evaluated (its rules' parameters have values)."""
    for day in sorted(set(firsts)):
        try:
            for jurisdiction in ruleset.scopes:
                ruleset.plan(jurisdiction, day)
        except ParameterNotInForce:
            continue
        return day
    return max(firsts) if firsts else dt.date(2022, 1, 1)


class _Drawer:
    def __init__(self, ruleset: RuleSet, spec: CorpusSpec) -> None:
        self.rng = random.Random(spec.seed)
        self.spec = spec
        self.facts = ruleset.vocabulary.facts
        self.jurisdictions = sorted(ruleset.jurisdictions)
        self.limits = thresholds(ruleset)
        self.start, self.end = date_range(ruleset, spec)

    def case(self, index: int) -> dict[str, Any]:
        rng = self.rng
        as_of = self.start + dt.timedelta(days=rng.randrange((self.end - self.start).days + 1))
        facts: dict[str, Any] = {}
        for fact in self.facts:
            if rng.random() < self.spec.missing:
                continue
            facts[fact.id] = self.value(fact, as_of)
        if facts.get("action_type") not in (None, "行政处罚") and rng.random() > _SLIP_SHARE:
            for penalty_fact in _PENALTY_FACTS:  # a licence or inspection case proposes no penalty
                facts.pop(penalty_fact, None)
        penalties = facts.get("penalties")
        if isinstance(penalties, list) and "罚款" not in penalties and rng.random() > _SLIP_SHARE:
            facts.pop("fine_amount", None)  # case files rarely state a fine that is not proposed
        return {
            "case_id": f"合成-{self.spec.seed}-{index:07d}",
            "jurisdiction": rng.choice(self.jurisdictions),
            "as_of": as_of.isoformat(),
            "facts": facts,
        }

    def value(self, fact: FactDef, as_of: dt.date) -> Any:
        rng = self.rng
        if fact.type == "bool":
            return rng.random() < _TRUE_SHARE
        if fact.type == "enum":
            return self._pick(fact, 1)[0]
        if fact.type == "set":
            return self._pick(fact, rng.choice(_SET_SIZES))
        if fact.type == "date":
            return (as_of - dt.timedelta(days=rng.randrange(90))).isoformat()
        return self._number(fact)

    def _pick(self, fact: FactDef, k: int) -> list[str]:
        weights: Mapping[str, float] = _VALUE_WEIGHTS.get(fact.id, {})
        pool = list(fact.values)
        chosen: list[str] = []
        for _ in range(min(k, len(pool))):
            w = [weights.get(v, 1.0 if not weights else 0.3) for v in pool]
            pick = self.rng.choices(pool, weights=w)[0]
            chosen.append(pick)
            pool.remove(pick)
        order = {v: i for i, v in enumerate(fact.values)}
        return sorted(chosen, key=order.__getitem__)

    def _number(self, fact: FactDef) -> int | float:
        rng = self.rng
        limits = self.limits.get(fact.id, [])
        if fact.type == "int":
            if limits and rng.random() < self.spec.near:
                return max(fact.minimum or 0, int(rng.choice(limits) + rng.choice((-1, 0, 0, 1))))
            return max(fact.minimum or 0, int(rng.expovariate(0.7)))
        if limits and rng.random() < self.spec.near:
            limit = rng.choice(limits)
            tweak = rng.choice(_TWEAKS)
            value = max(0.0, limit + (limit * 0.01 if tweak == 0.5 else tweak))
        else:
            top = max(limits) * 5 if limits else 1_000_000.0
            value = top * rng.random() ** 3  # many small amounts, a few large ones
        value = round(value, 2) if rng.random() < 0.1 else round(value)
        return int(value) if float(value).is_integer() else value


def generate(ruleset: RuleSet, spec: CorpusSpec) -> Iterator[dict[str, Any]]:
    """``spec.n`` requests ``{case_id, jurisdiction, as_of, facts}``; the same seed gives the same cases."""
    drawer = _Drawer(ruleset, spec)
    for index in range(1, spec.n + 1):
        yield drawer.case(index)
