"""What every executor is, and the recording pass that explains any executor's verdicts.

An executor decides a prepared plan with its own program — closures, or durable-rules — and, when
the tracer records, the recording pass (:func:`interpret`) explains the case and checks every
verdict of that program against its own: a difference is a defect of the executor, never silently
explained away.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from ..caches import PreparedPlan
from ..compact_trace import CompactTracer
from ..errors import ExecutorError
from ..language.semantics import Env, Tri
from ..language.tracing import TraceNode
from ..settle import Check, Verdicts, settle
from ..trace import Tracer


class Executor(Protocol):
    """Decides every rule and conclusion of a plan for one case."""

    @property
    def name(self) -> str: ...

    def run(self, prepared: PreparedPlan, facts: Mapping[str, Any], tracer: Tracer) -> Verdicts: ...


def interpret(
    prepared: PreparedPlan,
    facts: Mapping[str, Any],
    tracer: Tracer,
    expected: Verdicts,
    *,
    compiled: bool = False,
) -> Verdicts:
    """Evaluate the plan node by node, recording every node in ``tracer``; every rule and conclusion
    must come out as in ``expected`` (the executor's own verdicts), else :class:`ExecutorError`.

    A :class:`~engine.compact_trace.CompactTracer` keeps the compact trace instead (nodes are made
    when an explanation reads them, each checked then); ``compiled``: ``expected`` are the compiled
    program's verdicts, which the compact trace would otherwise check them against."""
    if isinstance(tracer, CompactTracer):
        return tracer.keep(prepared, facts, expected, checked=compiled)
    return _Recording(prepared, facts, tracer, expected).run()


class _Recording:
    def __init__(self, prepared: PreparedPlan, facts: Mapping[str, Any], tracer: Tracer, expected: Verdicts):
        self.plan = prepared.plan
        self.tracers = prepared.tracers
        self.facts = facts
        self.tracer = tracer
        self.expected = expected
        self.missing_of: dict[str, frozenset[str]] = {}
        self.nodes: list[TraceNode | None] = [None] * len(self.plan.rules)

    def run(self) -> Verdicts:
        checks = [self._check(index) for index in range(len(self.plan.rules))]
        return settle(self.plan.steps, checks, self.facts, concluded=self._concluded)

    def _check(self, index: int) -> Check:
        trace = self.tracers[index]
        rule = self.plan.rules[index]

        def record(env: Env) -> Tri:
            node = trace(env, self.missing_of)
            if self.expected.rules[index] is not node.result:
                raise ExecutorError(
                    f"执行器对规则 {rule.id} 的判断（{self.expected.rules[index]}）"
                    f"与逐项解释（{node.result}）不一致"
                )
            self.nodes[index] = node
            self.tracer.rule(rule, node)
            return node.result

        return record

    def _concluded(self, position: int, value: Tri) -> None:
        conclusion = self.plan.conclusions[position]
        if self.expected.values.get(conclusion.key) is not value:
            raise ExecutorError(
                f"执行器对结论 {conclusion.key} 的判断（{self.expected.values.get(conclusion.key)}）"
                f"与逐项解释（{value}）不一致"
            )
        missing: frozenset[str] = frozenset()
        if value is None:
            unknown: set[str] = set()
            for index in conclusion.rules:
                node = self.nodes[index]
                if node is not None and node.result is None:
                    unknown |= node.missing
            if conclusion.also_input:
                unknown.add(conclusion.id)
            missing = frozenset(unknown)
        self.missing_of[conclusion.key] = missing
        self.tracer.conclusion(conclusion, value, missing)
