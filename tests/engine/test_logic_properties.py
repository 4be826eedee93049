"""Properties of three-valued evaluation over random condition trees and random partial facts.

1. The fast closures and the recording closures agree on every node.
2. Soundness: a decided result (true/false) stays the same however the missing facts are filled in.
3. Relevance: a missing fact that is *not* listed as missing cannot change the result.

Both kinds of closure build on one definition of each test (``engine/language/semantics.py``), so
these properties cannot catch a wrong leaf: ``test_truth_tables.py`` checks every test against
tables written out by hand.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from engine.language.closures import compile_condition
from engine.language.nodes import Condition
from engine.language.tracing import TraceNode, TracerBuilder

from .condition_strategies import conditions, full_env, partial_env, values


def trace_condition(condition: Condition, env: dict[str, Any]) -> TraceNode:
    return TracerBuilder({}).of(condition)(env, {})


@settings(max_examples=400, deadline=None)
@given(conditions, partial_env())
def test_closures_and_interpreter_agree(
    condition: Condition, envs: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    full, known = envs
    for env in (full, known):
        assert compile_condition(condition, {})(env) is trace_condition(condition, env).result


@settings(max_examples=400, deadline=None)
@given(conditions, partial_env(), full_env)
def test_decided_results_hold_for_every_completion(
    condition: Condition, envs: tuple[dict[str, Any], dict[str, Any]], other: dict[str, Any]
) -> None:
    _, known = envs
    result = trace_condition(condition, known).result
    if result is None:
        return
    completed = {**other, **known}
    assert trace_condition(condition, completed).result is result


@settings(max_examples=400, deadline=None)
@given(conditions, partial_env(), full_env)
def test_unlisted_missing_facts_cannot_change_the_result(
    condition: Condition, envs: tuple[dict[str, Any], dict[str, Any]], other: dict[str, Any]
) -> None:
    _, known = envs
    node = trace_condition(condition, known)
    irrelevant = {k: v for k, v in other.items() if k not in known and k not in node.missing}
    assert trace_condition(condition, {**known, **irrelevant}).result is node.result
    if node.result is None:
        assert node.missing, "an unknown result always names the facts it is waiting for"
        assert node.missing <= set(values) - set(known)
