"""Formulas over the facts of a case: what lint's analyses ask about conditions (see ``logic``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Union

Value = str | bool
Op = Literal["ge", "gt", "le", "lt", "eq", "ne"]

FLIP: dict[str, Op] = {"ge": "lt", "gt": "le", "le": "gt", "lt": "ge", "eq": "ne", "ne": "eq"}
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
ATOMS = (Choice, Member, SomeOf, Bound, Linear)


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
        return Bound(f.var, FLIP[f.op], f.limit)
    return linear(f.terms, FLIP[f.op], f.limit)


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
        return Const(compare(0.0, op, limit))
    if len(live) == 1:
        var, c = live[0]
        return Bound(var, op if c > 0 else _MIRROR[op], limit / c)
    return Linear(live, op, limit)


def compare(a: float, op: str, b: float) -> bool:
    return {
        "ge": a >= b,
        "gt": a > b,
        "le": a <= b,
        "lt": a < b,
        "eq": a == b,
        "ne": a != b,
    }[op]
