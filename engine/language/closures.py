"""Conditions as fast closures: what the compiled executor runs (made once per plan).

A closure computes a node's three-valued result from ``env``, by Kleene's logic: ``all`` is false
as soon as one part is false, ``any`` true as soon as one part is true, ``not`` swaps true and
false but keeps unknown.
"""

from __future__ import annotations

from collections.abc import Callable

from .nodes import AllOf, AnyOf, Condition, DecisionTest, ExceptionCondition, FactTest, NotOf, SumTest
from .semantics import Env, Params, Tri, decision_key, fact_predicate, sum_outcome
from .visitor import ConditionVisitor, visit

Check = Callable[[Env], Tri]


def compile_condition(node: Condition, params: Params) -> Check:
    """A closure computing the node's three-valued result from ``env``."""
    return visit(node, _Compiler(params))


class _Compiler(ConditionVisitor[Check]):
    def __init__(self, params: Params) -> None:
        self.params = params

    def all_of(self, node: AllOf) -> Check:
        return _all(tuple(visit(c, self) for c in node.all))

    def any_of(self, node: AnyOf) -> Check:
        return _any(tuple(visit(c, self) for c in node.any))

    def not_of(self, node: NotOf) -> Check:
        inner = visit(node.not_, self)

        def negate(env: Env) -> Tri:
            v = inner(env)
            return None if v is None else not v

        return negate

    def exception(self, node: ExceptionCondition) -> Check:
        return visit(node.when, self)

    def decision(self, node: DecisionTest) -> Check:
        key = decision_key(node.decision)
        want = node.is_

        def decision(env: Env) -> Tri:
            v = env.get(key)
            return None if v is None else v is want

        return decision

    def sum_test(self, node: SumTest) -> Check:
        params = self.params

        def summed(env: Env) -> Tri:
            return sum_outcome(node, env, params)[0]

        return summed

    def fact(self, node: FactTest) -> Check:
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
        test = fact_predicate(node, self.params)

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
