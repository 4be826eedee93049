"""What the engine keeps per rule object says what making it afresh says.

* the durable translation replayed rule by rule (``engine/executors/durable_replay.py``) is the
  program a fresh translation makes, on every plan of the shipped packs and of mutants of them;
* a rule set re-read with one file changed (``rerun_pipeline``) keeps the original's rule objects
  where equal, so its plans reuse what was kept for them;
* a date without a plan answers the same error every time it is asked.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

import pytest

from engine import ParameterNotInForce, RuleSet, shipped_rules_dir
from engine.executors import durable_program, durable_replay
from engine.executors.durable_program import DurableProgram
from engine.loading.state import all_sources
from engine.toolkit import AllOf, AnyOf, LoadState, Plan, rerun_pipeline, run_pipeline
from tools.lint.plans import all_stretches
from tools.mutate.mutants import Mutant, apply, generate

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def base() -> LoadState:
    return run_pipeline(shipped_rules_dir(), ROOT)


def _mutant(base: LoadState, mutant: Mutant) -> RuleSet | None:
    tree = next(s.tree for s in all_sources(base) if s.rel == mutant.rel)
    return rerun_pipeline(base, {mutant.rel: apply(tree, mutant)}, f"mutant {mutant.index}").ruleset


def _fresh(plan: Plan, strict: bool, monkeypatch: pytest.MonkeyPatch) -> DurableProgram:
    with monkeypatch.context() as patched:
        patched.setattr(durable_program, "translated", durable_replay.fresh)
        return durable_program.translate(plan, strict=strict)


def _same(a: DurableProgram, b: DurableProgram) -> bool:
    text = [json.dumps(p.definition, ensure_ascii=False) for p in (a, b)]
    return text[0] == text[1] and (a.rules, a.conclusions, a.settle_order, a.encoding, a.facts) == (
        b.rules,
        b.conclusions,
        b.settle_order,
        b.encoding,
        b.facts,
    )


def test_replayed_translation_is_the_fresh_one(base: LoadState, monkeypatch: pytest.MonkeyPatch) -> None:
    assert base.ruleset is not None
    recorded = replayed = 0
    original = durable_replay._record

    def counting(*args: object) -> object:
        nonlocal recorded
        recorded += 1
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(durable_replay, "_record", counting)
    durable_replay._kept.clear()
    plans = [(s.plan, strict) for s in all_stretches(base.ruleset) for strict in (False, True)]
    for mutant in generate(base)[::150]:  # mutants of every pack: plans with one rule changed
        changed = _mutant(base, mutant)
        if changed is not None:
            plans += [(s.plan, False) for s in all_stretches(changed)]
    for plan, strict in plans:
        before = recorded
        program = durable_program.translate(plan, strict=strict)
        replayed += len(plan.rules) - (recorded - before)
        assert _same(program, _fresh(plan, strict, monkeypatch)), (plan, strict)
    assert replayed > 10 * recorded  # most rules of most plans were replayed, not translated


def test_a_plan_whose_rules_share_a_junction_is_translated_afresh(
    base: LoadState, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert base.ruleset is not None
    plan = all_stretches(base.ruleset)[0].plan
    first = next(r for r in plan.rules if isinstance(r.condition, AllOf | AnyOf))
    other = next(r for r in plan.rules if r is not first)
    shared = replace(plan, rules=(first, replace(other, index=1, condition=first.condition)))
    fresh = durable_replay.fresh
    afresh: list[Plan] = []

    def counting(plan: Plan, strict: bool) -> durable_replay.Translated:
        afresh.append(plan)
        return fresh(plan, strict)

    monkeypatch.setattr(durable_replay, "fresh", counting)
    durable_replay.translated(replace(plan, rules=(first, other)), False)
    assert afresh == []
    durable_replay.translated(shared, False)
    assert afresh == [shared]


def test_a_reread_keeps_the_rule_objects_it_did_not_change(base: LoadState) -> None:
    assert base.ruleset is not None
    mutant = next(m for m in generate(base, "national") if m.rel.endswith("hearing.yaml") and m.kind)
    changed = _mutant(base, mutant)
    assert changed is not None
    kept = [rule_id for rule_id, (rule, _) in changed.rules.items() if base.ruleset.rules[rule_id][0] is rule]
    different = [rule_id for rule_id, (rule, _) in changed.rules.items() if rule_id not in kept]
    assert len(different) <= 1 and len(kept) == len(changed.rules) - len(different)
    assert all(base.ruleset.rules[r][0] != changed.rules[r][0] for r in different)


def test_a_date_without_a_plan_fails_alike_every_time(ruleset: RuleSet) -> None:
    for jurisdiction, scope in ruleset.scopes.items():
        for day in (*(d - dt.timedelta(days=1) for d in scope.cuts), *scope.cuts):
            try:
                ruleset.plan(jurisdiction, day)
            except ParameterNotInForce as first:
                with pytest.raises(ParameterNotInForce) as again:
                    ruleset.plan(jurisdiction, day)
                assert str(again.value) == str(first)
                return
    pytest.fail("no date without a plan in the shipped packs")
