"""Conditions as closures giving only what a node misses: the input facts whose absence leaves it unknown.

The same sets as the recording closures' (:mod:`.tracing`: ``TraceNode.missing``), without recording a
node tree: a triage asks what its undetermined decisions miss on every call, and making each unknown
rule's tree only to read that set was a tenth of an unexplained triage. A known node misses nothing; an
unknown fact misses itself, or — for a derived fact — what ``missing_of`` says its conclusion misses;
an unknown junction misses what its unknown parts miss (its parts' results come from the compiled
closures, :mod:`.closures`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .closures import Check, compile_condition
from .nodes import AllOf, AnyOf, Condition, DecisionTest, ExceptionCondition, FactTest, NotOf, SumTest
from .semantics import Env, Params, decision_key, sum_outcome
from .visitor import ConditionVisitor, visit

MissingOf = Mapping[str, frozenset[str]]
Missing = Callable[[Env, MissingOf], frozenset[str]]
_NONE: frozenset[str] = frozenset()


class MissingBuilder(ConditionVisitor[Missing]):
    """Makes the missing-facts closures of one plan's conditions."""

    def __init__(self, params: Params) -> None:
        self.params = params

    def all_of(self, node: AllOf) -> Missing:
        return self._junction(node.all, False)

    def any_of(self, node: AnyOf) -> Missing:
        return self._junction(node.any, True)

    def not_of(self, node: NotOf) -> Missing:
        return visit(node.not_, self)  # unknown exactly when its part is, missing the same

    def exception(self, node: ExceptionCondition) -> Missing:
        return visit(node.when, self)

    def decision(self, node: DecisionTest) -> Missing:
        key = decision_key(node.decision)

        def missing_decision(env: Env, missing_of: MissingOf) -> frozenset[str]:
            return missing_of.get(key, _NONE) if env.get(key) is None else _NONE

        return missing_decision

    def sum_test(self, node: SumTest) -> Missing:
        params = self.params

        def missing_sum(env: Env, missing_of: MissingOf) -> frozenset[str]:
            result, terms, _ = sum_outcome(node, env, params)
            return frozenset(f for f, v in terms if v is None) if result is None else _NONE

        return missing_sum

    def fact(self, node: FactTest) -> Missing:
        fact = node.fact
        if node.absent is not None:
            return _known  # a presence test is never unknown
        itself = frozenset({fact})

        def missing_fact(env: Env, missing_of: MissingOf) -> frozenset[str]:
            if env.get(fact) is not None:
                return _NONE
            derived = missing_of.get(fact)
            return derived if derived is not None else itself

        return missing_fact

    def _junction(self, parts: tuple[Condition, ...], decisive: bool) -> Missing:
        checked: tuple[tuple[Check, Missing], ...] = tuple(
            (compile_condition(part, self.params), visit(part, self)) for part in parts
        )

        def missing_junction(env: Env, missing_of: MissingOf) -> frozenset[str]:
            unknown: list[Missing] = []
            for check, missing in checked:
                result = check(env)
                if result is decisive:
                    return _NONE
                if result is None:
                    unknown.append(missing)
            if not unknown:
                return _NONE
            return frozenset().union(*[missing(env, missing_of) for missing in unknown])

        return missing_junction


def _known(env: Env, missing_of: MissingOf) -> frozenset[str]:
    return _NONE
