"""Properties of three-valued evaluation over random condition trees and random partial facts.

1. The fast closures and the recording interpreter agree on every node.
2. Soundness: a decided result (true/false) stays the same however the missing facts are filled in.
3. Relevance: a missing fact that is *not* listed as missing cannot change the result.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from engine.conditions import compile_condition, trace_condition
from engine.model import AllOf, AnyOf, Condition, FactTest, NotOf, SumTerm, SumTest

BOOLS = ("a", "b")
ENUM = ("x", "y", "z")
SETS = ("p", "q", "r")
PLAN: Any = SimpleNamespace(params={})  # literal thresholds only: no parameters to bind

values = {
    "a": st.booleans(),
    "b": st.booleans(),
    "e": st.sampled_from(ENUM),
    "m": st.sampled_from([0, 99, 100, 101, 5000]),
    "n": st.sampled_from([0, 50, 100]),
    "s": st.frozensets(st.sampled_from(SETS)),
}

leaves = st.one_of(
    st.builds(lambda f, v: FactTest(fact=f, **{"is": v}), st.sampled_from(BOOLS), st.booleans()),
    st.builds(lambda v: FactTest(fact="e", eq=v), st.sampled_from(ENUM)),
    st.builds(lambda v: FactTest(fact="e", ne=v), st.sampled_from(ENUM)),
    st.builds(
        lambda v: FactTest(fact="e", **{"in": v}), st.lists(st.sampled_from(ENUM), min_size=1).map(tuple)
    ),
    st.builds(lambda v: FactTest(fact="e", not_in=v), st.lists(st.sampled_from(ENUM), min_size=1).map(tuple)),
    st.builds(
        lambda op, v: FactTest(fact="m", **{op: v}),
        st.sampled_from(["ge", "gt", "le", "lt", "eq"]),
        st.just(100),
    ),
    st.builds(lambda v: FactTest(fact="s", contains=v), st.sampled_from(SETS)),
    st.builds(
        lambda v: FactTest(fact="s", contains_any=v), st.lists(st.sampled_from(SETS), min_size=1).map(tuple)
    ),
    st.builds(
        lambda v: FactTest(fact="s", contains_all=v), st.lists(st.sampled_from(SETS), min_size=1).map(tuple)
    ),
    st.builds(lambda v: FactTest(fact="s", only=v), st.lists(st.sampled_from(SETS), min_size=1).map(tuple)),
    st.builds(lambda v: FactTest(fact="s", empty=v), st.booleans()),
    st.builds(
        lambda op, k: SumTest(sum=(SumTerm(fact="m", times=k), SumTerm(fact="n")), **{op: 300}),
        st.sampled_from(["ge", "gt", "le", "lt"]),
        st.sampled_from([1, 3]),
    ),
)


def _tree(children: st.SearchStrategy[Condition]) -> st.SearchStrategy[Condition]:
    parts = st.lists(children, min_size=1, max_size=4).map(tuple)
    return st.one_of(
        parts.map(lambda cs: AllOf(all=cs)),
        parts.map(lambda cs: AnyOf(any=cs)),
        children.map(lambda c: NotOf(**{"not": c})),
    )


conditions = st.recursive(leaves, _tree, max_leaves=10)
full_env = st.fixed_dictionaries(values)


@st.composite
def partial_env(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A complete assignment and the part of it that is known."""
    full = draw(full_env)
    known = {k: v for k, v in full.items() if draw(st.booleans())}
    return full, known


@settings(max_examples=400, deadline=None)
@given(conditions, partial_env())
def test_closures_and_interpreter_agree(
    condition: Condition, envs: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    full, known = envs
    for env in (full, known):
        assert compile_condition(condition, PLAN)(env) is trace_condition(condition, env, PLAN, {}).result


@settings(max_examples=400, deadline=None)
@given(conditions, partial_env(), full_env)
def test_decided_results_hold_for_every_completion(
    condition: Condition, envs: tuple[dict[str, Any], dict[str, Any]], other: dict[str, Any]
) -> None:
    _, known = envs
    result = trace_condition(condition, known, PLAN, {}).result
    if result is None:
        return
    completed = {**other, **known}
    assert trace_condition(condition, completed, PLAN, {}).result is result


@settings(max_examples=400, deadline=None)
@given(conditions, partial_env(), full_env)
def test_unlisted_missing_facts_cannot_change_the_result(
    condition: Condition, envs: tuple[dict[str, Any], dict[str, Any]], other: dict[str, Any]
) -> None:
    _, known = envs
    node = trace_condition(condition, known, PLAN, {})
    irrelevant = {k: v for k, v in other.items() if k not in known and k not in node.missing}
    assert trace_condition(condition, {**known, **irrelevant}, PLAN, {}).result is node.result
    if node.result is None:
        assert node.missing, "an unknown result always names the facts it is waiting for"
        assert node.missing <= set(values) - set(known)
