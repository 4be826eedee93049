"""The compact trace checks what it explains: an executor's verdicts against the compiled program's,
and every rule an explanation shows against the conditions it lists."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import pytest

from engine import ExecutorError, RuleSet, parse_request, triage
from engine.caches import Caches, PreparedPlan
from engine.executors.base import interpret
from engine.settle import Verdicts
from engine.trace import Tracer
from tests.conftest import AS_OF

CASE = {
    "jurisdiction": "江西省宜春市",
    "facts": {
        "执法行为类别": "行政处罚",
        "适用程序": "普通程序",
        "当事人类型": "法人",
        "拟处罚种类": ["警告"],
    },
}


class _Flipping:
    """An executor whose verdict on one rule is wrong (False instead of what the program says)."""

    def __init__(self, pick: int, compiled: bool) -> None:
        self.name = "compiled" if compiled else "flipping"
        self.pick = pick
        self.compiled = compiled

    def run(self, prepared: PreparedPlan, facts: Mapping[str, Any], tracer: Tracer) -> Verdicts:
        right = prepared.program(facts)
        rules = list(right.rules)
        rules[self.pick] = not rules[self.pick]
        wrong = Verdicts(tuple(rules), right.values)
        return interpret(prepared, facts, tracer, expected=wrong, compiled=self.compiled)


def _failing_decision_rule(ruleset: RuleSet) -> int:
    """A rule that does not hold, of a decision that is not required: why-not lists it."""
    request = parse_request(ruleset, CASE, AS_OF)
    prepared = ruleset.prepared(ruleset.plan(request.jurisdiction, request.as_of))
    verdicts = prepared.program(request.facts)
    for conclusion in prepared.plan.decisions():
        if verdicts.values[conclusion.key] is False:
            return conclusion.rules[0]
    raise AssertionError("the case has no decision that is not required")


def test_an_executor_disagreeing_with_the_compiled_program_is_an_error(ruleset: RuleSet) -> None:
    request = parse_request(ruleset, CASE, AS_OF)
    with pytest.raises(ExecutorError, match="不一致"):
        triage(ruleset, request, _Flipping(_failing_decision_rule(ruleset), compiled=False))


def test_a_shown_rule_is_checked_against_the_conditions_it_lists(ruleset: RuleSet) -> None:
    """Even when the verdicts are the compiled program's own (not checked against themselves), a rule
    whose verdict its listed conditions contradict is refused when the explanation shows it."""
    cold = dataclasses.replace(ruleset, caches=Caches())  # nothing shared from earlier triages
    request = parse_request(cold, CASE, AS_OF)
    with pytest.raises(ExecutorError, match="不一致"):
        triage(cold, request, _Flipping(_failing_decision_rule(cold), compiled=True))
