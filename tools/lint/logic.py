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

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Union

Value = str | bool
Op = Literal["ge", "gt", "le", "lt", "eq", "ne"]

_FLIP: dict[str, Op] = {"ge": "lt", "gt": "le", "le": "gt", "lt": "ge", "eq": "ne", "ne": "eq"}
_MIRROR: dict[str, Op] = {"ge": "le", "gt": "lt", "le": "ge", "lt": "gt", "eq": "eq", "ne": "ne"}


# --------------------------------------------------------------------------- formulas


@dataclass(frozen=True, slots=True)
class Choice:
    """A yes/no or enum fact takes one of ``allowed`` (out of ``universe``)."""

    var: str
    allowed: frozenset[Value]
    universe: frozenset[Value]


@dataclass(frozen=True, slots=True)
class Member:
    """A set fact does (``present``) or does not contain ``item``."""

    var: str
    item: str
    present: bool


@dataclass(frozen=True, slots=True)
class SomeOf:
    """A set fact contains at least one of ``items``."""

    var: str
    items: frozenset[str]


@dataclass(frozen=True, slots=True)
class Bound:
    """A number fact compared with a constant."""

    var: str
    op: Op
    limit: float


@dataclass(frozen=True, slots=True)
class Linear:
    """A weighted sum of number facts compared with a constant (approximated, see module doc)."""

    terms: tuple[tuple[str, float], ...]
    op: Op
    limit: float


@dataclass(frozen=True, slots=True)
class Const:
    value: bool


@dataclass(frozen=True, slots=True)
class And:
    parts: tuple[Formula, ...]


@dataclass(frozen=True, slots=True)
class Or:
    parts: tuple[Formula, ...]


Atom = Union[Choice, Member, SomeOf, Bound, Linear]  # noqa: UP007 (a runtime alias for isinstance)
Formula = Union[Atom, Const, And, Or]  # noqa: UP007
TRUE = Const(True)
FALSE = Const(False)
_ATOMS = (Choice, Member, SomeOf, Bound, Linear)


def conj(parts: Iterable[Formula]) -> Formula:
    """``And`` flattened, without ``True`` parts; ``False`` if any part is."""
    out: list[Formula] = []
    for part in parts:
        if isinstance(part, Const):
            if not part.value:
                return FALSE
            continue
        out.extend(part.parts if isinstance(part, And) else (part,))
    if not out:
        return TRUE
    return out[0] if len(out) == 1 else And(tuple(out))


def disj(parts: Iterable[Formula]) -> Formula:
    """``Or`` flattened, without ``False`` parts; ``True`` if any part is."""
    out: list[Formula] = []
    for part in parts:
        if isinstance(part, Const):
            if part.value:
                return TRUE
            continue
        out.extend(part.parts if isinstance(part, Or) else (part,))
    if not out:
        return FALSE
    return out[0] if len(out) == 1 else Or(tuple(out))


def negate(f: Formula) -> Formula:
    """The negation, pushed down to the atoms (negation normal form)."""
    if isinstance(f, Const):
        return Const(not f.value)
    if isinstance(f, And):
        return disj(negate(p) for p in f.parts)
    if isinstance(f, Or):
        return conj(negate(p) for p in f.parts)
    if isinstance(f, Choice):
        return choice(f.var, f.universe - f.allowed, f.universe)
    if isinstance(f, Member):
        return Member(f.var, f.item, not f.present)
    if isinstance(f, SomeOf):
        return conj(Member(f.var, item, False) for item in sorted(f.items))
    if isinstance(f, Bound):
        return Bound(f.var, _FLIP[f.op], f.limit)
    return linear(f.terms, _FLIP[f.op], f.limit)


def choice(var: str, allowed: Iterable[Value], universe: frozenset[Value]) -> Formula:
    chosen = frozenset(allowed) & universe
    if not chosen:
        return FALSE
    if chosen == universe:
        return TRUE
    return Choice(var, chosen, universe)


def linear(terms: Iterable[tuple[str, float]], op: Op, limit: float) -> Formula:
    """A weighted sum; a single term becomes an exact ``Bound``."""
    merged: dict[str, float] = {}
    for var, coefficient in terms:
        merged[var] = merged.get(var, 0.0) + coefficient
    live = tuple((v, c) for v, c in merged.items() if c != 0)
    if not live:
        return Const(_compare(0.0, op, limit))
    if len(live) == 1:
        var, c = live[0]
        return Bound(var, op if c > 0 else _MIRROR[op], limit / c)
    return Linear(live, op, limit)


def _compare(a: float, op: str, b: float) -> bool:
    return {
        "ge": a >= b,
        "gt": a > b,
        "le": a <= b,
        "lt": a < b,
        "eq": a == b,
        "ne": a != b,
    }[op]


# --------------------------------------------------------------------------- domains


@dataclass(frozen=True, slots=True)
class Interval:
    """The values a number fact can still take: a (possibly open) interval minus some points."""

    lo: float = -math.inf
    lo_open: bool = False
    hi: float = math.inf
    hi_open: bool = False
    excluded: frozenset[float] = frozenset()
    integer: bool = False

    def normalised(self) -> Interval:
        if not self.integer:
            return self
        lo = self.lo
        if math.isfinite(lo):
            lo = math.floor(lo) + 1 if self.lo_open and float(lo).is_integer() else math.ceil(lo)
        hi = self.hi
        if math.isfinite(hi):
            hi = math.ceil(hi) - 1 if self.hi_open and float(hi).is_integer() else math.floor(hi)
        return Interval(lo, False, hi, False, self.excluded, True)

    def empty(self) -> bool:
        if self.lo > self.hi:
            return True
        if self.lo == self.hi:
            return self.lo_open or self.hi_open or self.lo in self.excluded
        if not self.integer:
            return False  # a non-degenerate real interval has infinitely many points
        return self.sample() is None

    def sample(self) -> float | None:
        """A point of the domain, preferring round values near the bounds."""
        if self.integer:
            start = self.lo if math.isfinite(self.lo) else min(0.0, self.hi)
            for k in range(len(self.excluded) + 1):
                x = start + k
                if x > self.hi:
                    return None
                if x not in self.excluded:
                    return x
            return None
        if self.lo == self.hi:
            return None if self.empty() else self.lo
        if math.isfinite(self.lo):
            candidates = [self.lo] if not self.lo_open else []
            step = 1.0 if not math.isfinite(self.hi) else min(1.0, (self.hi - self.lo) / 2)
            candidates += [self.lo + step * k / 4 for k in range(1, len(self.excluded) + 5)]
        elif math.isfinite(self.hi):
            candidates = ([self.hi] if not self.hi_open else []) + [self.hi - k for k in range(1, 10)]
        else:
            candidates = [0.0 + k for k in range(len(self.excluded) + 1)]
        for x in candidates:
            if self._admits(x):
                return x
        return None

    def _admits(self, x: float) -> bool:
        if x < self.lo or (x == self.lo and self.lo_open) or x > self.hi or (x == self.hi and self.hi_open):
            return False
        return x not in self.excluded

    def meet(self, op: str, limit: float) -> Interval:
        lo, lo_open, hi, hi_open, excluded = self.lo, self.lo_open, self.hi, self.hi_open, self.excluded
        if op in ("ge", "gt", "eq"):
            strict = op == "gt"
            if limit > lo or (limit == lo and strict):
                lo, lo_open = limit, strict
        if op in ("le", "lt", "eq"):
            strict = op == "lt"
            if limit < hi or (limit == hi and strict):
                hi, hi_open = limit, strict
        if op == "ne":
            excluded = excluded | {limit}
        return Interval(lo, lo_open, hi, hi_open, excluded, self.integer).normalised()

    def decides(self, op: str, limit: float) -> bool | None:
        """True if every point satisfies ``op limit``, False if none does, else None."""
        if self.meet(op, limit).empty():
            return False
        if self.meet(_FLIP[op], limit).empty():
            return True
        return None

    def extreme(self, high: bool) -> float:
        return self.hi if high else self.lo


@dataclass(frozen=True, slots=True)
class SetDomain:
    must: frozenset[str] = frozenset()
    mustnot: frozenset[str] = frozenset()
    needs: tuple[frozenset[str], ...] = ()  # each: at least one of these is in the set

    def empty(self) -> bool:
        return bool(self.must & self.mustnot) or any(not (n - self.mustnot) for n in self.needs)


Domain = frozenset[Value] | Interval | SetDomain


class Store:
    """The domains of every fact constrained so far, plus the weighted sums (immutable)."""

    __slots__ = ("domains", "sums")

    def __init__(self, domains: dict[str, Domain], sums: tuple[Linear, ...] = ()) -> None:
        self.domains = domains
        self.sums = sums

    def add(self, atom: Atom, initial: Mapping[str, Domain]) -> Store | None:
        """The store with ``atom`` added, or None if that leaves no value for some fact."""
        if isinstance(atom, Linear):
            store = Store(self.domains, (*self.sums, atom))
            return store if store._sum_ok(atom, initial) else None
        var = atom.var
        current = self.domains.get(var, initial.get(var))
        new: Domain
        if isinstance(atom, Choice):
            base = current if isinstance(current, frozenset) else atom.universe
            new = base & atom.allowed
            if not new:
                return None
        elif isinstance(atom, Bound):
            base_i = current if isinstance(current, Interval) else Interval()
            new = base_i.meet(atom.op, atom.limit)
            if new.empty():
                return None
        else:
            base_s = current if isinstance(current, SetDomain) else SetDomain()
            if isinstance(atom, Member):
                if atom.present:
                    new = SetDomain(base_s.must | {atom.item}, base_s.mustnot, base_s.needs)
                else:
                    new = SetDomain(base_s.must, base_s.mustnot | {atom.item}, base_s.needs)
            else:
                new = SetDomain(base_s.must, base_s.mustnot, (*base_s.needs, atom.items))
            if new.empty():
                return None
        domains = dict(self.domains)
        domains[var] = new
        store = Store(domains, self.sums)
        if isinstance(atom, Bound) and any(
            any(v == var for v, _ in s.terms) and not store._sum_ok(s, initial) for s in self.sums
        ):
            return None
        return store

    def interval(self, var: str, initial: Mapping[str, Domain]) -> Interval:
        found = self.domains.get(var, initial.get(var))
        return found if isinstance(found, Interval) else Interval()

    def _sum_ok(self, s: Linear, initial: Mapping[str, Domain]) -> bool:
        """Whether the box of the terms' domains meets the sum's half-space (necessary, not sufficient)."""
        high = s.op in ("ge", "gt")
        if s.op in ("eq", "ne"):
            return True
        total = 0.0
        for var, c in s.terms:
            domain = self.interval(var, initial)
            total += c * domain.extreme(high if c > 0 else not high)
        if math.isnan(total):
            return True
        return _compare(total, s.op, s.limit) if math.isfinite(total) else (total > 0) == high

    def entails(self, atom: Atom, initial: Mapping[str, Domain]) -> bool | None:
        """True if the store already makes ``atom`` true, False if it makes it false, else None."""
        if isinstance(atom, Linear):
            return None if self._sum_ok(atom, initial) else False
        current = self.domains.get(atom.var, initial.get(atom.var))
        if isinstance(atom, Choice):
            dom = current if isinstance(current, frozenset) else atom.universe
            if dom <= atom.allowed:
                return True
            return False if not (dom & atom.allowed) else None
        if isinstance(atom, Bound):
            dom_i = current if isinstance(current, Interval) else Interval()
            return dom_i.decides(atom.op, atom.limit)
        dom_s = current if isinstance(current, SetDomain) else SetDomain()
        if isinstance(atom, Member):
            if atom.item in (dom_s.must if atom.present else dom_s.mustnot):
                return True
            if atom.item in (dom_s.mustnot if atom.present else dom_s.must):
                return False
            return None
        if atom.items & dom_s.must:
            return True
        return False if atom.items <= dom_s.mustnot else None


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
                    if isinstance(part, _ATOMS):
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
