"""The two shortcuts that keep ``lexgate mutate`` cheap say what the long way says.

* lint's per-plan findings kept across mutants (:class:`tools.lint.context.PlanMemo`): on every plan a
  mutant keeps, what was kept is what the check finds afresh;
* the durable executor confirming a compiled verdict by the verdicts of the cases the compiled
  executor decided (:class:`tools.mutate.scenarios.Witness`): equal verdicts confirm it, a single
  different verdict sends the scenario back to a full durable triage, which refuses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from pathlib import Path
from typing import Any

import pytest

from engine import ExecutorError, get_executor, shipped_rules_dir
from engine.executors import interpret
from engine.toolkit import NO_TRACE, PreparedPlan, Tracer, Verdicts, build_plan, rerun_pipeline
from tools.lint.context import Context, PlanMemo
from tools.lint.firing import _on_plan
from tools.lint.plans import all_stretches
from tools.mutate import scenarios
from tools.mutate.judge import Judge, _original_plan
from tools.mutate.mutants import apply
from tools.mutate.plans import PlanComparison

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def judge() -> Judge:
    return Judge(shipped_rules_dir(), ROOT, ROOT / "features")


def test_stretches_from_the_plan_cache_are_the_plans_built_afresh(judge: Judge) -> None:
    for stretch in all_stretches(judge.original):
        again = build_plan(stretch.scope, stretch.plan.as_of)
        assert (stretch.plan.signature, stretch.plan.as_of) == (again.signature, again.as_of)


def test_what_lint_keeps_per_plan_is_what_it_finds_afresh(judge: Judge) -> None:
    found: dict[tuple[str, str], Any] = {}
    reused = fresh = 0
    for mutant in judge.mutants[::60]:  # 16 mutants of every pack, one after another as a worker runs them
        state = rerun_pipeline(judge.base, {mutant.rel: apply(judge.trees[mutant.rel], mutant)}, "mutant")
        if state.ruleset is None or state.resolved is None:
            continue
        memo = PlanMemo(partial(_original_plan, PlanComparison(judge.original, state.ruleset)), found)
        kept = Context.of(state.ruleset, state.resolved, memo)
        afresh = Context.of(state.ruleset, state.resolved)
        for mine, theirs in zip(kept.stretches, afresh.stretches, strict=True):
            key = memo.key(mine)
            on_plan = kept.per_plan("firing", mine, partial(_on_plan, kept, mine))
            assert on_plan == _on_plan(afresh, theirs), (mutant.description, mine.text())
            if key is not None:
                reused += 1
            else:
                fresh += 1
    assert reused > 0 and fresh > 0  # both ways were taken: kept plans and plans the mutant changed


class _OneVerdictFlipped:
    """The durable executor, except that the first rule that holds is reported as not holding."""

    name = "durable"

    def run(self, prepared: PreparedPlan, facts: Mapping[str, Any], tracer: Tracer) -> Verdicts:
        verdicts = get_executor("durable").run(prepared, facts, NO_TRACE)
        rules = list(verdicts.rules)
        if True in rules:
            rules[rules.index(True)] = False
        changed = Verdicts(rules=rules, values=verdicts.values)
        if tracer.enabled:
            return interpret(prepared, facts, tracer, expected=changed)
        return changed


def test_a_witness_confirms_equal_verdicts_and_sends_a_different_one_to_a_full_triage(
    judge: Judge, monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario = next(s for s in judge.scenarios if s.jurisdiction == "江西省宜春市" and s.facts)
    found, witness = scenarios.witnessed(scenario, judge.original)
    assert found is None and witness.runs  # the scenario passes, on cases the compiled executor decided
    assert witness.agreed_by(get_executor("durable"))
    assert scenarios.confirmed(scenario, judge.original, found, witness) is None

    flipped = _OneVerdictFlipped()
    assert not witness.agreed_by(flipped)
    monkeypatch.setattr(scenarios, "confirming", lambda: flipped)
    with pytest.raises(ExecutorError):  # the full triage on the "durable" executor refuses its verdicts
        scenarios.confirmed(scenario, judge.original, found, witness)
