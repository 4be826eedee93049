"""The values a fact can still take while a search narrows them (see ``logic``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from .formulas import FLIP, Atom, Bound, Choice, Linear, Member, Value, compare

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
        if self.meet(FLIP[op], limit).empty():
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
            return store if store._sum_ok(atom, initial) and store._same_sums_ok(atom) else None
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
        return compare(total, s.op, s.limit) if math.isfinite(total) else (total > 0) == high

    def _same_sums_ok(self, s: Linear) -> bool:
        """Whether the sums of exactly the terms of ``s`` can hold together (exact: one number, the
        sum, between bounds; the negation of a sum is a sum of the same terms)."""
        total = Interval()
        for other in self.sums:
            if other.terms == s.terms:
                total = total.meet(other.op, other.limit)
        return not total.empty()

    def entails(self, atom: Atom, initial: Mapping[str, Domain]) -> bool | None:
        """True if the store already makes ``atom`` true, False if it makes it false, else None."""
        if isinstance(atom, Linear):
            possible = self._sum_ok(atom, initial) and Store({}, (*self.sums, atom))._same_sums_ok(atom)
            return None if possible else False
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
