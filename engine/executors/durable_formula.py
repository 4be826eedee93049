"""Disjunctions of durable-rules patterns: the algebra the durable translation builds conditions with.

A :class:`Branch` is one durable rule's worth of matching: tests on the case fact (a conjunction
of durable-rules expressions) and the settled conclusions it joins with (a conclusion is settled
as true, false or unknown — ``UNKNOWN``). A :data:`Formula` is a
disjunction of branches — each becomes its own durable rule, so a disjunction needs no ``$or``
across facts. Tests of the case fact alone are merged into ``$or`` expressions, within a size
budget: durable-rules keeps at most 32 expressions per pattern (``MAX_SEQUENCE_EXPRESSIONS`` in
its C core; more fails with error 113), so larger disjunctions are split over several rules and
larger conjunctions are lifted by the translation into auxiliary conclusions.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

Json = dict[str, Any]
PATTERN_BUDGET = 24  # JSON objects per case pattern, below durable-rules' 32 expressions
MAX_EXPRESSIONS = 32  # MAX_SEQUENCE_EXPRESSIONS of durable-rules' C core
MAX_BRANCHES = 32  # durable rules for one polarity of one condition before its parts are lifted

UNKNOWN = "u"  # the value of a settled conclusion that no rule decides
Settled = bool | str  # True, False or UNKNOWN
Need = tuple[str, Settled]  # a conclusion key and the value a branch joins with


def expression_size(expression: Any) -> int:
    """The number of JSON objects in an expression: a safe over-count of what durable-rules counts."""
    if isinstance(expression, dict):
        return 1 + sum(expression_size(v) for v in expression.values())
    if isinstance(expression, list):
        return sum(expression_size(v) for v in expression)
    return 0


@dataclass(frozen=True)
class Branch:
    """Tests on the case fact (a conjunction) and the conclusions (key, value) it joins with."""

    case: tuple[Json, ...]
    needs: frozenset[Need]
    # The size of each test of ``case``, carried along as branches are joined and merged: the translation
    # makes branches out of the same tests thousands of times, and counting one walks its whole JSON.
    sizes: tuple[int, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.sizes) != len(self.case):
            object.__setattr__(self, "sizes", tuple(expression_size(p) for p in self.case))

    @cached_property  # read by every budget check of the translation: counted once per branch
    def size(self) -> int:
        """The size of ``conj(case)``."""
        return sum(self.sizes) + (1 if len(self.case) > 1 else 0)


Formula = tuple[Branch, ...]  # a disjunction of branches
NEVER: Formula = ()
ALWAYS: Formula = (Branch((), frozenset()),)


def case(*parts: Json) -> Formula:
    """Tests of the case fact only, all of which must hold."""
    return (Branch(tuple(parts), frozenset()),)


def needs(key: str, value: Settled) -> Formula:
    """The settled conclusion ``key`` has ``value``."""
    return (Branch((), frozenset({(key, value)})),)


def conj(parts: Iterable[Json]) -> Json | None:
    items = list(parts)
    if not items:
        return None
    return items[0] if len(items) == 1 else {"$and": items}


def and_(*formulas: Formula) -> Formula:
    result: Formula = ALWAYS
    for formula in formulas:
        combined: list[Branch] = []
        for left, right in itertools.product(result, formula):
            joined = left.needs | right.needs
            if len({key for key, _ in joined}) < len(joined):
                continue  # a conclusion has one value
            combined.append(Branch(left.case + right.case, joined, left.sizes + right.sizes))
        result = _merge(combined)
    return result


def or_(*formulas: Formula) -> Formula:
    return _merge([b for f in formulas for b in f])


def too_big(formula: Formula) -> bool:
    """Worth lifting parts of: more branches or larger patterns than the translation aims for."""
    return len(formula) > MAX_BRANCHES or any(b.size > PATTERN_BUDGET for b in formula)


def over_limit(formula: Formula) -> bool:
    """A pattern that durable-rules may refuse (error 113): more than its 32 expressions, counted safely."""
    return any(b.size > MAX_EXPRESSIONS for b in formula)


def weight(formula: Formula) -> int:
    """How much a formula adds to a conjunction it is part of."""
    return sum(b.size + len(b.needs) for b in formula) * max(1, len(formula))


def _merge(branches: list[Branch]) -> Formula:
    """Branches joining the same conclusions share durable rules: their case tests go into one
    ``$or`` as long as it stays within the pattern budget."""
    by_needs: dict[frozenset[Need], list[Branch]] = {}
    for branch in branches:
        by_needs.setdefault(branch.needs, []).append(branch)
    merged: list[Branch] = []
    for joined, alike in by_needs.items():
        if any(not b.case for b in alike):  # one disjunct without case tests: the others add nothing
            merged.append(Branch((), joined))
            continue
        unique: list[Branch] = []
        for b in alike:
            if all(b.case != u.case for u in unique):
                unique.append(b)
        chunk: list[Branch] = []
        chunk_size = 1
        for alternative in unique:
            size = alternative.size  # the size of conj(case): counted once per branch
            if chunk and chunk_size + size > PATTERN_BUDGET:
                merged.append(_alternatives(chunk, joined))
                chunk, chunk_size = [], 1
            chunk.append(alternative)
            chunk_size += size
        merged.append(_alternatives(chunk, joined))
    return tuple(merged)


def _alternatives(alternatives: list[Branch], joined: frozenset[Need]) -> Branch:
    """One branch testing any of the alternatives' case tests (each alternative's conjunction)."""
    if len(alternatives) == 1:
        only = alternatives[0]
        if len(only.case) == 1 and set(only.case[0]) == {"$and"}:  # one test that is itself a conjunction
            return Branch(tuple(only.case[0]["$and"]), joined)
        return Branch(only.case, joined, only.sizes)
    expressions = [conj(b.case) for b in alternatives]
    return Branch(({"$or": expressions},), joined, (1 + sum(b.size for b in alternatives),))
