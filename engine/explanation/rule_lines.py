"""A rule's lines read straight from the compact trace: no node tree for what a line already shows.

A test's line is fixed by the test and the value it reads (``Lines``: made once per distinct value),
so walking a rule's condition over the evaluation's environment and looking the lines up is all an
explanation needs; a leaf's node is made only to render a line not seen before, and weighted sums
and exceptions (rare, and an exception's line carries its own reason) are traced as before. The
walk also combines the leaves' results by Kleene's logic and checks the rule's verdict, as the
recording pass did.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, assert_never

from ..errors import ExecutorError
from ..language.nodes import (
    AllOf,
    AnyOf,
    Condition,
    DecisionTest,
    ExceptionCondition,
    FactTest,
    NotOf,
    SumTest,
)
from ..language.semantics import Tri, decision_key
from ..language.tracing import TraceNode, TracerBuilder
from .lines import Line, Lines

_NO_MISSING: Mapping[str, frozenset[str]] = {}  # a leaf traced for its line: what it misses is not shown


class RuleLines(Lines):
    def rule_lines(self, index: int, because: bool = True) -> list[Line]:
        """The lines of plan rule ``index``, in the order written; ``because``: with the reasons nested
        under lines of derived facts and decisions (without them, e.g. to count failed conditions)."""
        trace = self.ctx.trace
        out: list[Line] = []
        result = self._lines(self.ctx.plan.rules[index].condition, trace.env_of(index), False, out, because)
        if result is not trace.verdicts[index]:
            rule = self.ctx.plan.rules[index]
            raise ExecutorError(
                f"执行器对规则 {rule.id} 的判断（{trace.verdicts[index]}）与逐项解释（{result}）不一致"
            )
        return out

    def _lines(
        self, cond: Condition, env: Mapping[str, Any], negated: bool, out: list[Line], because: bool
    ) -> Tri:
        """Append ``cond``'s lines to ``out``; return its result (not negated)."""
        match cond:  # the most frequent kinds first
            case FactTest():
                return self._fact_env(cond, env, negated, out, because)
            case AllOf():
                return _all([self._lines(c, env, negated, out, because) for c in cond.all])
            case AnyOf():
                return _any([self._lines(c, env, negated, out, because) for c in cond.any])
            case NotOf():
                inner = self._lines(cond.not_, env, not negated, out, because)
                return None if inner is None else not inner
            case DecisionTest():
                value = env.get(decision_key(cond.decision))
                result = None if value is None else value is cond.is_
                shown = result if result is None or not negated else not result
                nested = self.nested_reasons(decision_key(cond.decision), value) if because else ()
                out.append((self.decision_line(cond, negated, value, shown), nested))
                return result
            case SumTest():
                node = self._leaf(cond, env)
                out.append((self._sum(node, cond, negated, _shown(node.result, negated)), ()))
                return node.result
            case ExceptionCondition():
                node = self._leaf(cond, env)
                out.append(self._exception(node, cond, negated, _shown(node.result, negated)))
                return node.result
            case _:
                assert_never(cond)

    def _fact_env(
        self, cond: FactTest, env: Mapping[str, Any], negated: bool, out: list[Line], because: bool
    ) -> Tri:
        fact = cond.fact
        value = env.get(fact)
        derived = fact in self.derived
        given = derived and self.derived[fact].also_input and self.facts.get(fact) is not None
        line = self.cached_fact_line(cond, negated, derived and not given, value)
        if line is None:
            node = self._leaf(cond, env)
            line = self._fact_line(node, cond, negated, _shown(node.result, negated), derived and not given)
        nested = (
            self.nested_reasons(fact, value)
            if because and derived and not given and cond.absent is None
            else ()
        )
        out.append((line, nested))
        shown = line.result
        return shown if shown is None or not negated else not shown

    def _leaf(self, cond: Condition, env: Mapping[str, Any]) -> TraceNode:
        builder: TracerBuilder = self.memo.get("leaf-tracers", TracerBuilder, self.ctx.plan.params)
        return builder.of(cond)(env, _NO_MISSING)


def _shown(result: Tri, negated: bool) -> Tri:
    return result if result is None or not negated else not result


def _all(results: list[Tri]) -> Tri:
    if False in results:
        return False
    return None if None in results else True


def _any(results: list[Tri]) -> Tri:
    if True in results:
        return True
    return None if None in results else False
