"""What a condition means, in two forms that must agree: fast closures and a recording interpreter.

Both follow Kleene's three-valued logic: an unknown fact makes a test unknown, ``all`` is false as
soon as one part is false, ``any`` is true as soon as one part is true, and ``not`` swaps true and
false but keeps unknown. A weighted sum of amounts with unknown terms still decides when the
known part alone settles it (amounts are never negative).

``env`` maps input fact ids to typed values and conclusion keys to their three-valued results.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping
from typing import Any

from .model import (
    AllOf,
    AnyOf,
    Condition,
    DecisionTest,
    ExceptionCondition,
    FactTest,
    NotOf,
    ParamRef,
    SumTest,
)
from .ruleset import BoundParam, Plan, decision_key
from .trace import NodeKind, TraceNode, Tri

Env = Mapping[str, Any]
Check = Callable[[Env], Tri]

_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "ge": operator.ge,
    "gt": operator.gt,
    "le": operator.le,
    "lt": operator.lt,
    "eq": operator.eq,
    "ne": operator.ne,
}


def threshold(value: Any, params: Mapping[str, BoundParam]) -> tuple[Any, tuple[BoundParam, ...]]:
    """A literal or a bound parameter's value, with the parameter it came from."""
    if isinstance(value, ParamRef):
        bound = params[value.param]
        return bound.value, (bound,)
    return value, ()


def fact_predicate(node: FactTest, params: Mapping[str, BoundParam]) -> Callable[[Any], bool]:
    """The test of a *known* value: the single definition both evaluators use."""
    op = node.op
    operand = node.operand
    if op == "is":
        want = bool(operand)
        return lambda v: v is want
    if op in ("eq", "ne", "ge", "gt", "le", "lt"):
        limit, _ = threshold(operand, params)
        compare = _COMPARE[op]
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
    node: SumTest, env: Env, params: Mapping[str, BoundParam]
) -> tuple[Tri, list[tuple[str, Any]], tuple[BoundParam, ...]]:
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
        return _COMPARE[op](total, limit), terms, used
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


# --------------------------------------------------------------------------- fast closures


def compile_condition(node: Condition, plan: Plan) -> Check:
    """A closure computing the node's three-valued result from ``env``."""
    if isinstance(node, AllOf):
        parts = tuple(compile_condition(c, plan) for c in node.all)
        return _all(parts)
    if isinstance(node, AnyOf):
        parts = tuple(compile_condition(c, plan) for c in node.any)
        return _any(parts)
    if isinstance(node, NotOf):
        inner = compile_condition(node.not_, plan)

        def negate(env: Env) -> Tri:
            v = inner(env)
            return None if v is None else not v

        return negate
    if isinstance(node, ExceptionCondition):
        return compile_condition(node.when, plan)
    if isinstance(node, DecisionTest):
        key = decision_key(node.decision)
        want = node.is_

        def decision(env: Env) -> Tri:
            v = env.get(key)
            return None if v is None else v is want

        return decision
    if isinstance(node, SumTest):
        params = plan.params

        def summed(env: Env) -> Tri:
            return sum_outcome(node, env, params)[0]

        return summed
    assert isinstance(node, FactTest)
    key = node.fact
    if node.absent is not None:
        want_absent = node.absent
        return lambda env: (env.get(key) is None) is want_absent
    if node.op == "is":
        want = bool(node.operand)

        def is_(env: Env) -> Tri:
            v = env.get(key)
            return None if v is None else v is want

        return is_
    test = fact_predicate(node, plan.params)

    def fact(env: Env) -> Tri:
        v = env.get(key)
        return None if v is None else test(v)

    return fact


def _all(parts: tuple[Check, ...]) -> Check:
    if len(parts) == 2:
        first, second = parts

        def all2(env: Env) -> Tri:
            a = first(env)
            if a is False:
                return False
            b = second(env)
            if b is False:
                return False
            return None if a is None or b is None else True

        return all2

    def all_(env: Env) -> Tri:
        unknown = False
        for part in parts:
            v = part(env)
            if v is False:
                return False
            if v is None:
                unknown = True
        return None if unknown else True

    return all_


def _any(parts: tuple[Check, ...]) -> Check:
    def any_(env: Env) -> Tri:
        unknown = False
        for part in parts:
            v = part(env)
            if v is True:
                return True
            if v is None:
                unknown = True
        return None if unknown else False

    return any_


# --------------------------------------------------------------------------- recording interpreter


def trace_condition(
    node: Condition, env: Env, plan: Plan, missing_of: Mapping[str, frozenset[str]]
) -> TraceNode:
    """The node's result with its whole sub-tree recorded (for explanations).

    ``missing_of`` gives, for each conclusion already decided, the input facts that leave it
    unknown, so that an unknown derived fact points back to the facts a handler can supply.
    """
    return tracer_of(node, plan)(env, missing_of)


Trace = Callable[[Env, Mapping[str, frozenset[str]]], TraceNode]


def tracer_of(node: Condition, plan: Plan) -> Trace:
    """The recording evaluation of ``node`` as closures, made once per plan: a triage records some
    two hundred nodes, and dispatching on each node's type every time was most of the cost."""
    return plan.cached("tracer", node, lambda: _make_tracer(node, plan))


def _make_tracer(node: Condition, plan: Plan) -> Trace:
    if isinstance(node, FactTest):
        return _fact_tracer(node, plan)
    if isinstance(node, AllOf | AnyOf):
        return _junction_tracer(node, plan)
    if isinstance(node, NotOf):
        inner_not = tracer_of(node.not_, plan)

        def trace_not(env: Env, missing_of: Mapping[str, frozenset[str]]) -> TraceNode:
            inner = inner_not(env, missing_of)
            result = None if inner.result is None else not inner.result
            return TraceNode("not", node, result, (inner,), missing=inner.missing)

        return trace_not
    if isinstance(node, ExceptionCondition):
        inner_when = tracer_of(node.when, plan)

        def trace_exception(env: Env, missing_of: Mapping[str, frozenset[str]]) -> TraceNode:
            inner = inner_when(env, missing_of)
            return TraceNode("exception", node, inner.result, (inner,), missing=inner.missing)

        return trace_exception
    if isinstance(node, DecisionTest):
        key = decision_key(node.decision)
        want = node.is_

        def trace_decision(env: Env, missing_of: Mapping[str, frozenset[str]]) -> TraceNode:
            decided = env.get(key)
            result = None if decided is None else decided is want
            missing = missing_of.get(key, frozenset()) if result is None else frozenset()
            return TraceNode("decision", node, result, value=decided, missing=missing)

        return trace_decision
    assert isinstance(node, SumTest)
    sum_test = node
    params = plan.params

    def trace_sum(env: Env, missing_of: Mapping[str, frozenset[str]]) -> TraceNode:
        result, terms, used = sum_outcome(sum_test, env, params)
        missing = frozenset(f for f, v in terms if v is None) if result is None else frozenset()
        return TraceNode("sum", sum_test, result, value=dict(terms), params=used, missing=missing)

    return trace_sum


def _fact_tracer(node: FactTest, plan: Plan) -> Trace:
    fact = node.fact
    absent = node.absent
    if absent is not None:

        def trace_presence(env: Env, missing_of: Mapping[str, frozenset[str]]) -> TraceNode:
            value = env.get(fact)
            return TraceNode("fact", node, (value is None) is absent, value=value)

        return trace_presence
    test, compared = _leaf(node, plan)
    itself = frozenset({fact})

    def trace_fact(env: Env, missing_of: Mapping[str, frozenset[str]]) -> TraceNode:
        value = env.get(fact)
        if value is None:
            derived_missing = missing_of.get(fact)
            missing = derived_missing if derived_missing is not None else itself
            return TraceNode("fact", node, None, value=None, params=compared, missing=missing)
        return TraceNode("fact", node, test(value), value=value, params=compared)

    return trace_fact


def _junction_tracer(node: AllOf | AnyOf, plan: Plan) -> Trace:
    conjunction = isinstance(node, AllOf)
    parts = tuple(tracer_of(c, plan) for c in (node.all if isinstance(node, AllOf) else node.any))
    decisive = not conjunction
    kind: NodeKind = "all" if conjunction else "any"

    def trace_junction(env: Env, missing_of: Mapping[str, frozenset[str]]) -> TraceNode:
        # every part is recorded (the explanation lists them all), the result as Kleene's logic says
        children = tuple([part(env, missing_of) for part in parts])
        unknown = False
        for child in children:
            if child.result is decisive:
                return TraceNode(kind, node, decisive, children)
            unknown = unknown or child.result is None
        if not unknown:
            return TraceNode(kind, node, not decisive, children)
        missing = frozenset().union(*(c.missing for c in children if c.result is None))
        return TraceNode(kind, node, None, children, missing=missing)

    return trace_junction


def _leaf(node: FactTest, plan: Plan) -> tuple[Callable[[Any], bool], tuple[BoundParam, ...]]:
    """A fact test's predicate and the parameters it compares with, made once per plan."""

    def make() -> tuple[Callable[[Any], bool], tuple[BoundParam, ...]]:
        compared = threshold(node.operand, plan.params)[1] if node.op in ("ge", "gt", "le", "lt") else ()
        return fact_predicate(node, plan.params), compared

    return plan.cached("leaf", node, make)
