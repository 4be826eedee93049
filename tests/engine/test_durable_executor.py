"""The durable-rules adapter: its translation of three-valued logic, and its sessions, threads and errors."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from typing import Any

import pytest
from hypothesis import given, settings

from engine import ExecutorError, RuleSet, default_executor_name, get_executor, parse_request
from engine.caches import PreparedPlan
from engine.executors import durable as durable_module
from engine.executors.compiled import CompiledExecutor
from engine.executors.durable import DurableExecutor, _Case
from engine.language.closures import compile_condition
from engine.language.nodes import Condition, FactTest
from engine.language.visitor import leaves as leaves_of
from engine.trace import NO_TRACE
from tests.conftest import AS_OF, ROOT

from .condition_strategies import conditions, large_conditions, partial_env, prepared


@pytest.fixture(scope="module")
def durable() -> DurableExecutor:
    return DurableExecutor()


def assert_kleene(durable: DurableExecutor, condition: Condition, envs: tuple[dict[str, Any], ...]) -> None:
    """The durable verdict of a one-rule plan equals the compiled closure's, on every environment."""
    plan = prepared(condition)
    expected = compile_condition(condition, {})
    for env in envs:
        verdicts = durable.run(plan, env, NO_TRACE)
        assert verdicts.rules[0] is expected(env), (condition, env)
        assert verdicts.values["decision:d"] is expected(env)


@settings(max_examples=300, deadline=None)
@given(conditions, partial_env())
def test_translation_matches_kleene_logic_on_every_condition(
    durable: DurableExecutor, condition: Condition, envs: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    """Random trees of every operator (sets, sums with unknown terms, negation) on full and partial facts."""
    assert_kleene(durable, condition, envs)


@settings(max_examples=40, deadline=None)
@given(large_conditions(), partial_env())
def test_large_conditions_are_split_within_durable_rules_limits(
    durable: DurableExecutor, condition: Condition, envs: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    """durable-rules takes at most 32 expressions per pattern: bigger parts become auxiliary conclusions."""
    assert sum(1 for _ in leaves_of(condition)) > 32
    assert_kleene(durable, condition, envs)


def cases(ruleset: RuleSet, n: int) -> list[tuple[PreparedPlan, dict[str, Any]]]:
    from tools.corpus.generate import CorpusSpec, generate

    out = []
    for raw in generate(ruleset, CorpusSpec(n=n, seed=7)):
        request = parse_request(ruleset, raw, AS_OF)
        out.append((ruleset.prepared(ruleset.plan(request.jurisdiction, request.as_of)), request.facts))
    return out


def test_more_cases_than_durable_sessions_allow_and_nothing_left_behind(ruleset: RuleSet) -> None:
    """durable-rules fails after ~1,024 undeleted sessions; 3,000 cases reuse one emptied session."""
    durable, compiled = DurableExecutor(), CompiledExecutor()
    for plan, facts in cases(ruleset, 3000):
        got = durable.run(plan, facts, NO_TRACE)
        want = compiled.run(plan, facts, NO_TRACE)
        assert list(got.rules) == list(want.rules)
        keys = [c.key for c in plan.plan.conclusions]
        assert {k: got.values[k] for k in keys} == {k: want.values[k] for k in keys}
    assert durable.leftover_facts() == []


def test_concurrent_threads_get_their_own_results(ruleset: RuleSet) -> None:
    durable, compiled = DurableExecutor(), CompiledExecutor()
    work = cases(ruleset, 400)
    expected = [list(compiled.run(p, f, NO_TRACE).rules) for p, f in work]
    failures: list[str] = []

    def worker(offset: int) -> None:
        for i in range(offset, len(work), 4):
            plan, facts = work[i]
            if list(durable.run(plan, facts, NO_TRACE).rules) != expected[i]:
                failures.append(f"case {i}")

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert durable.leftover_facts() == []


def test_an_action_that_fails_is_reported_not_swallowed(
    ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    durable = DurableExecutor()
    plan, facts = cases(ruleset, 1)[0]
    original = _Case.fire

    def broken(self: _Case, name: str) -> None:
        raise RuntimeError("动作出错")

    monkeypatch.setattr(_Case, "fire", broken)
    with pytest.raises(ExecutorError, match="动作出错") as caught:
        durable.run(plan, facts, NO_TRACE)
    assert isinstance(caught.value.__cause__, RuntimeError)
    assert durable.leftover_facts() == []  # the failed case left nothing in the session
    monkeypatch.setattr(_Case, "fire", original)
    assert list(durable.run(plan, facts, NO_TRACE).rules) == list(
        CompiledExecutor().run(plan, facts, NO_TRACE).rules
    )


def test_engine_errors_name_the_rule_set(ruleset: RuleSet, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(name: str, definition: str) -> int:
        raise Exception("Could not create ruleset, error code: 102")

    monkeypatch.setattr(durable_module.engine, "create_ruleset", refuse)
    plan = ruleset.prepared(ruleset.plan("江西省宜春市", AS_OF))
    with pytest.raises(ExecutorError, match=r"无法创建规则集 .*江西省宜春市.*error code: 102"):
        DurableExecutor().run(plan, {}, NO_TRACE)


def test_a_rule_judged_both_ways_is_an_error() -> None:
    durable = DurableExecutor()
    plan = prepared(FactTest(fact="a")).plan
    case = _Case(durable.ruleset(plan), plan, {"a": True})
    case.fire("r0t0")
    case.fire("r0t0")  # a second branch of the same verdict is fine
    with pytest.raises(ExecutorError, match="同时判断为成立和无法确定"):
        case.fire("r0u0")
    with pytest.raises(ExecutorError, match="不存在的规则"):
        case.fire("r9t0")
    case.clean()


def test_evicted_rulesets_are_deleted_and_rebuilt(ruleset: RuleSet) -> None:
    durable = DurableExecutor(cache_limit=2)
    compiled = CompiledExecutor()
    plans = [ruleset.prepared(ruleset.plan(j, AS_OF)) for j in ("全国", "江西省", "江西省宜春市")]
    for _ in range(2):
        for plan in plans:
            facts = {"action_type": "行政处罚", "procedure": "普通程序", "hearing_held": True}
            assert list(durable.run(plan, facts, NO_TRACE).rules) == list(
                compiled.run(plan, facts, NO_TRACE).rules
            )
    assert len(durable._rulesets) == 2
    assert durable.leftover_facts() == []


def test_without_durable_rules_lexgate_says_once_that_it_uses_compiled() -> None:
    """What Python 3.13+ users see, where durable-rules does not import: a working triage and one note."""
    script = (
        "import sys; sys.modules['durable_rules_engine'] = None\n"  # as if it were not installed
        "from cli import main\n"
        "for _ in range(2):\n"
        "    sys.argv = ['lexgate', 'decide', 'examples/jiangxi_hearing_fine.json']\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit as exit:\n"
        "        assert not exit.code, exit.code\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stderr.count("改用 compiled 执行器") == 1, done.stderr
    assert "durable-rules 无法导入" in done.stderr
    first = json.loads(done.stdout[: done.stdout.index("\n}\n") + 2])
    assert first["executor"] == "compiled"
    assert first["decisions"]["legal_review"]["outcome"] == "required"


def test_the_default_executor_is_durable_where_it_imports() -> None:
    assert default_executor_name() == "durable"
    assert get_executor().name == "durable"


def test_a_walk_too_large_for_durable_rules_is_retried_with_smaller_groups(ruleset: RuleSet) -> None:
    """durable-rules fails an assert when 64 alpha nodes are pending (error 303); one group for a
    whole jurisdiction's rules does that, and the executor rebuilds with smaller groups."""
    durable, compiled = DurableExecutor(group_size=100_000), CompiledExecutor()
    work = [(p, f) for p, f in cases(ruleset, 300) if p.plan.jurisdiction == "江西省宜春市"]
    for plan, facts in work:
        assert list(durable.run(plan, facts, NO_TRACE).rules) == list(
            compiled.run(plan, facts, NO_TRACE).rules
        )
    rebuilt = durable.ruleset(work[0][0].plan)
    assert rebuilt.group_size < 100_000
    assert durable.leftover_facts() == []


def test_an_executor_that_goes_away_deletes_its_rulesets_and_names_are_never_shared() -> None:
    import gc

    import durable_rules_engine

    first, second = DurableExecutor(), DurableExecutor()
    condition = FactTest(fact="m", ge=100)
    plan = prepared(condition)
    one = first.ruleset(plan.plan)
    two = second.ruleset(plan.plan)
    assert one.name != two.name and one.handle is not None
    assert first.run(plan, {"m": 150}, NO_TRACE).values["decision:d"] is True
    assert durable_rules_engine.get_facts(one.handle, None) == "[]"  # the session exists, emptied
    del first
    gc.collect()
    with pytest.raises(durable_rules_engine.error, match="error code: 111"):  # the ruleset is gone
        durable_rules_engine.get_facts(one.handle, None)
    assert second.run(plan, {"m": 150}, NO_TRACE).values["decision:d"] is True  # the other one still works
