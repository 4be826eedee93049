"""Conditions as recording closures: each evaluation returns the node's result with its whole sub-tree
(a :class:`TraceNode` per node) — what explanations are made from.

A recording closure is made once per plan rule: a triage records some two hundred nodes, and
dispatching on each node's kind every time was most of the cost. ``missing_of`` gives, for each
conclusion already decided, the input facts that leave it unknown, so that an unknown derived fact
points back to the facts a handler can supply.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Literal, NamedTuple

from .nodes import AllOf, AnyOf, Condition, DecisionTest, ExceptionCondition, FactTest, NotOf, SumTest
from .semantics import COMPARE, Bound, Env, Params, Tri, decision_key, fact_predicate, sum_outcome, threshold
from .visitor import ConditionVisitor, visit

NodeKind = Literal["all", "any", "not", "fact", "decision", "sum", "exception"]
MissingOf = Mapping[str, frozenset[str]]


class TraceNode(NamedTuple):
    """One condition node's recorded evaluation (a named tuple: a triage records hundreds of them)."""

    kind: NodeKind
    condition: Condition
    result: Tri
    children: tuple[TraceNode, ...] = ()
    value: Any = None  # the fact or conclusion value a leaf looked at
    params: tuple[Bound, ...] = ()  # parameters a leaf compared with
    missing: frozenset[str] = frozenset()  # input facts whose absence leaves this node unknown


Trace = Callable[[Env, MissingOf], TraceNode]


class TracerBuilder(ConditionVisitor[Trace]):
    """Makes the recording closures of one plan's conditions; a node shared by several rules (an
    exception folded into each rule it defeats) gets one closure."""

    def __init__(self, params: Params) -> None:
        self.params = params
        self._made: dict[int, tuple[Condition, Trace]] = {}  # by node id, the node kept alive with it

    def of(self, node: Condition) -> Trace:
        found = self._made.get(id(node))
        if found is not None and found[0] is node:
            return found[1]
        trace = visit(node, self)
        self._made[id(node)] = (node, trace)
        return trace

    def all_of(self, node: AllOf) -> Trace:
        return self._junction(node, tuple(self.of(c) for c in node.all), "all")

    def any_of(self, node: AnyOf) -> Trace:
        return self._junction(node, tuple(self.of(c) for c in node.any), "any")

    def not_of(self, node: NotOf) -> Trace:
        inner_not = self.of(node.not_)

        def trace_not(env: Env, missing_of: MissingOf) -> TraceNode:
            inner = inner_not(env, missing_of)
            result = None if inner.result is None else not inner.result
            return TraceNode("not", node, result, (inner,), missing=inner.missing)

        return trace_not

    def exception(self, node: ExceptionCondition) -> Trace:
        inner_when = self.of(node.when)

        def trace_exception(env: Env, missing_of: MissingOf) -> TraceNode:
            inner = inner_when(env, missing_of)
            return TraceNode("exception", node, inner.result, (inner,), missing=inner.missing)

        return trace_exception

    def decision(self, node: DecisionTest) -> Trace:
        key = decision_key(node.decision)
        want = node.is_

        def trace_decision(env: Env, missing_of: MissingOf) -> TraceNode:
            decided = env.get(key)
            result = None if decided is None else decided is want
            missing = missing_of.get(key, frozenset()) if result is None else frozenset()
            return TraceNode("decision", node, result, value=decided, missing=missing)

        return trace_decision

    def sum_test(self, node: SumTest) -> Trace:
        params = self.params

        def trace_sum(env: Env, missing_of: MissingOf) -> TraceNode:
            result, terms, used = sum_outcome(node, env, params)
            missing = frozenset(f for f, v in terms if v is None) if result is None else frozenset()
            return TraceNode("sum", node, result, value=dict(terms), params=used, missing=missing)

        return trace_sum

    def fact(self, node: FactTest) -> Trace:
        fact = node.fact
        absent = node.absent
        if absent is not None:

            def trace_presence(env: Env, missing_of: MissingOf) -> TraceNode:
                value = env.get(fact)
                return TraceNode("fact", node, (value is None) is absent, value=value)

            return trace_presence
        test = fact_predicate(node, self.params)
        compared = threshold(node.operand, self.params)[1] if node.op in _ORDERED else ()
        itself = frozenset({fact})

        def trace_fact(env: Env, missing_of: MissingOf) -> TraceNode:
            value = env.get(fact)
            if value is None:
                derived_missing = missing_of.get(fact)
                missing = derived_missing if derived_missing is not None else itself
                return TraceNode("fact", node, None, value=None, params=compared, missing=missing)
            return TraceNode("fact", node, test(value), value=value, params=compared)

        return trace_fact

    @staticmethod
    def _junction(node: AllOf | AnyOf, parts: tuple[Trace, ...], kind: NodeKind) -> Trace:
        decisive = kind == "any"

        def trace_junction(env: Env, missing_of: MissingOf) -> TraceNode:
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


_ORDERED = frozenset(op for op in COMPARE if op not in ("eq", "ne"))
