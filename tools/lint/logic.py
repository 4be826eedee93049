"""Formulas over the facts of a case, and an exact satisfiability search for them.

Rule conditions range over finite domains (是/否, enums, subsets of a finite set) and numbers
compared with constants, so "can this ever hold?" and "does A imply B?" are decidable: a
depth-first search over the disjunctions, with unit propagation, keeps one domain per fact and
fails as soon as a domain empties. Everything is exact except a weighted sum of several amounts
(``Linear``), which is checked against the bounds of its terms one sum at a time: that can only
call a formula satisfiable that is not (never the reverse), and every caller reads "satisfiable"
as "no finding", so approximations never produce a false finding. A search that exceeds its step
budget answers ``None`` (not decided), which callers also treat as "no finding".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from .domains import Domain, Interval, SetDomain, Store
from .formulas import (
    ATOMS,
    FALSE,
    TRUE,
    And,
    Bound,
    Choice,
    Const,
    Formula,
    Linear,
    Member,
    Op,
    Or,
    SomeOf,
    Value,
    choice,
    conj,
    disj,
    linear,
    negate,
)

# ``logic`` is what the analyses import: the formulas, the domains and the search over them.
__all__ = [
    "FALSE",
    "TRUE",
    "And",
    "Bound",
    "Choice",
    "Const",
    "Domain",
    "Formula",
    "Interval",
    "Linear",
    "Member",
    "Op",
    "Or",
    "SetDomain",
    "Solver",
    "SomeOf",
    "Store",
    "Value",
    "choice",
    "conj",
    "disj",
    "linear",
    "negate",
    "witness",
]


# --------------------------------------------------------------------------- search


class _OutOfBudget(Exception):
    pass


@dataclass
class Solver:
    """Decides satisfiability of formulas over facts with the given initial domains."""

    initial: Mapping[str, Domain]
    budget: int = 20_000
    steps: int = 0

    def model(self, f: Formula) -> Store | Literal[False] | None:
        """A store of domains all of whose points satisfy ``f``; None if unsatisfiable; False if undecided.

        (Points of the store satisfy ``f`` exactly except for weighted sums, see the module doc.)
        """
        self.steps = 0
        try:
            return self._search(Store({}), [f])
        except _OutOfBudget:
            return False

    def satisfiable(self, f: Formula) -> bool | None:
        found = self.model(f)
        if found is False:
            return None
        return found is not None

    def _absorb(self, store: Store, goals: list[Formula]) -> tuple[Store | None, list[Or]]:
        ors: list[Or] = []
        queue = list(goals)
        current: Store | None = store
        while queue:
            g = queue.pop()
            if isinstance(g, And):
                queue.extend(g.parts)
            elif isinstance(g, Or):
                ors.append(g)
            elif isinstance(g, Const):
                if not g.value:
                    return None, []
            else:
                assert current is not None
                current = current.add(g, self.initial)
                if current is None:
                    return None, []
        return current, ors

    def _search(self, store: Store, goals: list[Formula]) -> Store | None:
        current, ors = self._absorb(store, goals)
        if current is None:
            return None
        changed = True
        while changed:  # unit propagation: drop decided alternatives, absorb forced ones
            changed = False
            remaining: list[Or] = []
            for disjunction in ors:
                live: list[Formula] = []
                satisfied = False
                for part in disjunction.parts:
                    if isinstance(part, ATOMS):
                        verdict = current.entails(part, self.initial)
                        if verdict is True:
                            satisfied = True
                            break
                        if verdict is False:
                            continue
                    live.append(part)
                if satisfied:
                    continue
                if not live:
                    return None
                if len(live) == 1:
                    current, more = self._absorb(current, [live[0]])
                    if current is None:
                        return None
                    remaining.extend(more)
                    changed = True
                else:
                    remaining.append(disjunction if len(live) == len(disjunction.parts) else Or(tuple(live)))
            ors = remaining
        if not ors:
            return current
        pick = min(ors, key=lambda o: len(o.parts))
        rest: list[Formula] = [o for o in ors if o is not pick]
        for part in pick.parts:
            self.steps += 1
            if self.steps > self.budget:
                raise _OutOfBudget
            found = self._search(current, [part, *rest])
            if found is not None:
                return found
        return None


def witness(store: Store, initial: Mapping[str, Domain], order: Mapping[str, Any]) -> dict[str, Any]:
    """One concrete case within the store's domains (facts it does not constrain are left out)."""
    case: dict[str, Any] = {}
    for var, domain in store.domains.items():
        if isinstance(domain, frozenset):
            ranking = order.get(var, ())
            case[var] = sorted(domain, key=lambda v: ranking.index(v) if v in ranking else 99)[0]
        elif isinstance(domain, Interval):
            point = domain.sample()
            if point is not None:
                case[var] = int(point) if float(point).is_integer() else point
        else:
            chosen = set(domain.must)
            for need in domain.needs:
                if not need & chosen:
                    chosen.add(sorted(need - domain.mustnot)[0])
            case[var] = frozenset(chosen)
    return case
