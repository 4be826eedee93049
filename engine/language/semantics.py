"""What a test means: the single definition of each leaf's truth that every evaluator builds on.

Evaluation is three-valued (Kleene): ``True`` (成立), ``False`` (不成立) and ``None`` (unknown,
because a fact it needs is missing). An unknown fact makes a test unknown; a weighted sum of
amounts with unknown terms still decides when the known part alone settles it (amounts are never
negative). ``env`` maps input fact ids to typed values and conclusion keys (``decision:<id>``,
derived fact ids, ``warning:<rule id>``) to their three-valued results.

The durable executor states the same meaning in durable-rules' terms
(``engine/executors/durable_conditions.py``); tests check both against written-out truth tables.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any, Protocol

from .nodes import FactTest, ParamRef, SumTest

Tri = bool | None
Env = Mapping[str, Any]

COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "ge": operator.ge,
    "gt": operator.gt,
    "le": operator.le,
    "lt": operator.lt,
    "eq": operator.eq,
    "ne": operator.ne,
}


class Bound(Protocol):
    """A parameter's value for one jurisdiction on one date, with where that value comes from."""

    @property
    def id(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def value(self) -> int | float: ...
    @property
    def source(self) -> str: ...
    @property
    def verification(self) -> str: ...
    @property
    def pack(self) -> str: ...


Params = Mapping[str, Bound]


def decision_key(decision_id: str) -> str:
    """Where a decision's result is kept in ``env``."""
    return "decision:" + decision_id


def warning_key(rule_id: str) -> str:
    """Where a warning rule's result is kept in ``env``."""
    return "warning:" + rule_id


def threshold(value: Any, params: Params) -> tuple[Any, tuple[Bound, ...]]:
    """A literal or a bound parameter's value, with the parameter it came from."""
    if isinstance(value, ParamRef):
        bound = params[value.param]
        return bound.value, (bound,)
    return value, ()


def fact_predicate(node: FactTest, params: Params) -> Callable[[Any], bool]:
    """The test of a *known* value."""
    op = node.op
    operand = node.operand
    if op == "is":
        want = bool(operand)
        return lambda v: v is want
    if op in COMPARE:
        limit, _ = threshold(operand, params)
        compare = COMPARE[op]
        return lambda v: compare(v, limit)
    if op == "in":
        members = frozenset(operand)
        return lambda v: v in members
    if op == "not_in":
        members = frozenset(operand)
        return lambda v: v not in members
    if op == "contains":
        return lambda v: operand in v
    if op == "contains_any":
        wanted = frozenset(operand)
        return lambda v: not wanted.isdisjoint(v)
    if op == "contains_all":
        wanted = frozenset(operand)
        return lambda v: wanted <= v
    if op == "only":
        allowed = frozenset(operand)
        return lambda v: v <= allowed
    if op == "empty":
        want_empty = bool(operand)
        return lambda v: (len(v) == 0) is want_empty
    raise ValueError(f"unknown operator {op}")


def sum_outcome(
    node: SumTest, env: Env, params: Params
) -> tuple[Tri, list[tuple[str, Any]], tuple[Bound, ...]]:
    """Result of a weighted sum test, the (fact, value) terms, and the parameters used."""
    limit, used = threshold(node.operand, params)
    total = 0.0
    unknown = False
    terms: list[tuple[str, Any]] = []
    nonnegative = True
    for term in node.sum:
        coefficient, more = threshold(term.times, params)
        used += more
        if coefficient < 0:
            nonnegative = False
        value = env.get(term.fact)
        terms.append((term.fact, value))
        if value is None:
            unknown = True
        else:
            total += coefficient * value
    op = node.op
    if not unknown:
        return COMPARE[op](total, limit), terms, used
    if nonnegative:  # the unknown terms can only add: the known part is a lower bound
        if op == "ge" and total >= limit:
            return True, terms, used
        if op == "gt" and total > limit:
            return True, terms, used
        if op == "le" and total > limit:
            return False, terms, used
        if op == "lt" and total >= limit:
            return False, terms, used
    return None, terms, used
