"""The stretches of time over which a jurisdiction's rules stay the same, each with its plan.

A plan depends on the date only through which rules are in force and which parameter values
apply, so the dates on which any of those changes cut time into stretches with one plan each.
Analysing one date per stretch covers every date exactly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from engine import ParameterNotInForce, RuleSet, Scope
from engine.toolkit import Plan, build_plan

from .periods import ONE_DAY

_FALLBACK_DAY = dt.date(2000, 1, 1)  # any day will do when nothing in the scope is dated


@dataclass(frozen=True)
class Stretch:
    """Dates ``start`` … ``end`` (inclusive; ``None`` = open) of one jurisdiction, with their plan."""

    scope: Scope
    start: dt.date | None
    end: dt.date | None
    plan: Plan

    def text(self) -> str:
        start = self.start.isoformat() if self.start else "最早"
        end = self.end.isoformat() if self.end else "今后"
        return f"{self.scope.jurisdiction}（{start} 至 {end}）"


def change_dates(scope: Scope) -> list[dt.date]:
    """Every date on which a rule or parameter value of the scope starts or stops applying."""
    return list(scope.cuts)


def stretches(scope: Scope, ruleset: RuleSet | None = None) -> Iterator[Stretch]:
    """One stretch per run of dates with the same plan; dates on which no plan can be built are left out.

    (A plan cannot be built where a rule in force needs a parameter without a value; the
    parameter checks report that, here it simply means nothing can be evaluated on those dates.)
    With the ``ruleset`` of the scope, plans come from its caches (shared with its triages).
    """
    cuts = change_dates(scope)
    starts: list[dt.date | None] = [None, *cuts]
    for i, start in enumerate(starts):
        end = cuts[i] - ONE_DAY if i < len(cuts) else None
        day = start or (cuts[0] - ONE_DAY if cuts else _FALLBACK_DAY)
        try:
            plan = build_plan(scope, day) if ruleset is None else ruleset.plan(scope.jurisdiction, day)
        except ParameterNotInForce:
            continue
        yield Stretch(scope, start, end, plan)


def all_stretches(ruleset: RuleSet) -> list[Stretch]:
    """Every jurisdiction's stretches, merging neighbours whose plans are the same."""
    out: list[Stretch] = []
    for scope in ruleset.scopes.values():
        previous: Stretch | None = None
        for stretch in stretches(scope, ruleset):
            if (
                previous is not None
                and _adjacent(previous, stretch)
                and previous.plan.signature == stretch.plan.signature
            ):
                previous = Stretch(scope, previous.start, stretch.end, previous.plan)
                out[-1] = previous
                continue
            out.append(stretch)
            previous = stretch
    return out


def _adjacent(first: Stretch, second: Stretch) -> bool:
    return first.end is not None and second.start is not None and first.end + ONE_DAY == second.start
