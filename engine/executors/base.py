"""What every executor returns, and the recording pass that explains any executor's verdicts."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..conditions import trace_condition
from ..errors import ExecutorError
from ..ruleset import Conclusion, Plan
from ..trace import Tracer, Tri


@dataclass(frozen=True)
class Verdicts:
    """Three-valued results: one per rule of the plan (by index) and one per conclusion key."""

    rules: Sequence[Tri]
    values: Mapping[str, Tri]

    def fired(self, plan: Plan) -> list[str]:
        """Ids of the rules that definitely hold, in plan order."""
        return [r.id for r in plan.rules if self.rules[r.index] is True]


class Executor(Protocol):
    """Decides every rule and conclusion of a plan for one case."""

    @property
    def name(self) -> str: ...

    def run(self, plan: Plan, facts: Mapping[str, Any], tracer: Tracer) -> Verdicts: ...


def combine(verdicts: Sequence[Tri]) -> Tri:
    """A conclusion holds if any of its rules holds; it is unknown if none holds but one is unknown."""
    if True in verdicts:
        return True
    if None in verdicts:
        return None
    return False


def conclusion_value(conclusion: Conclusion, verdicts: Sequence[Tri], facts: Mapping[str, Any]) -> Tri:
    if conclusion.also_input:
        given = facts.get(conclusion.id)
        if given is not None:
            return bool(given)
    return combine(verdicts)


def interpret(
    plan: Plan, facts: Mapping[str, Any], tracer: Tracer, expected: Verdicts | None = None
) -> Verdicts:
    """Evaluate the plan node by node, recording every node in ``tracer``.

    With ``expected`` (another executor's verdicts) every rule and conclusion must come out the
    same; a difference is a defect of that executor and raises :class:`ExecutorError`.
    """
    env: dict[str, Any] = dict(facts)
    missing_of: dict[str, frozenset[str]] = {}
    rule_verdicts: list[Tri] = [None] * len(plan.rules)
    for conclusion in plan.conclusions:
        mine: list[Tri] = []
        unknown_missing: set[str] = set()
        for index in conclusion.rules:
            rule = plan.rules[index]
            node = trace_condition(rule.condition, env, plan, missing_of)
            if expected is not None and expected.rules[index] is not node.result:
                raise ExecutorError(
                    f"执行器对规则 {rule.id} 的判断（{expected.rules[index]}）"
                    f"与逐项解释（{node.result}）不一致"
                )
            rule_verdicts[index] = node.result
            mine.append(node.result)
            if node.result is None:
                unknown_missing |= node.missing
            tracer.rule(rule, node)
        value = conclusion_value(conclusion, mine, facts)
        if expected is not None and expected.values.get(conclusion.key) is not value:
            raise ExecutorError(
                f"执行器对结论 {conclusion.key} 的判断（{expected.values.get(conclusion.key)}）"
                f"与逐项解释（{value}）不一致"
            )
        missing = frozenset(unknown_missing | ({conclusion.id} if conclusion.also_input else set()))
        missing = missing if value is None else frozenset()
        env[conclusion.key] = value
        missing_of[conclusion.key] = missing
        tracer.conclusion(conclusion, value, missing)
    return Verdicts(tuple(rule_verdicts), env)
