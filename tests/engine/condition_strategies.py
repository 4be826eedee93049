"""Shared by the property tests: random condition trees, partial facts, and a plan to run them in."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from hypothesis import strategies as st

from engine import RuleDef
from engine.caches import PreparedPlan
from engine.language.nodes import AllOf, AnyOf, Condition, FactTest, NotOf, SumTerm, SumTest
from engine.language.visitor import leaves as leaves_of
from engine.plan import Conclusion, Plan, PlanRule

BOOLS = ("a", "b")
ENUM = ("x", "y", "z")
SETS = ("p", "q", "r")

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


def tree(children: st.SearchStrategy[Condition]) -> st.SearchStrategy[Condition]:
    parts = st.lists(children, min_size=1, max_size=4).map(tuple)
    return st.one_of(
        parts.map(lambda cs: AllOf(all=cs)),
        parts.map(lambda cs: AnyOf(any=cs)),
        children.map(lambda c: NotOf(**{"not": c})),
    )


conditions = st.recursive(leaves, tree, max_leaves=10)


@st.composite
def large_conditions(draw: st.DrawFn) -> Condition:
    """Trees of 33 to about 120 tests — more than durable-rules takes in one pattern (32 expressions) —
    as wide junctions of leaves and of small random trees, nested up to three levels."""
    parts = draw(st.lists(st.one_of(leaves, conditions), min_size=8, max_size=24).map(tuple))
    while sum(1 for _ in leaves_of(AllOf(all=parts))) <= 32:
        parts += (draw(conditions),)
    wide: Condition = draw(st.sampled_from([AllOf(all=parts), AnyOf(any=parts)]))
    depth = draw(st.integers(0, 2))
    for _ in range(depth):
        sibling = draw(conditions)
        wide = draw(
            st.sampled_from([AllOf(all=(wide, sibling)), AnyOf(any=(sibling, wide)), NotOf(**{"not": wide})])
        )
    return wide


full_env = st.fixed_dictionaries(values)


@st.composite
def partial_env(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    """A complete assignment and the part of it that is known."""
    full = draw(full_env)
    known = {k: v for k, v in full.items() if draw(st.booleans())}
    return full, known


def prepared(condition: Condition) -> PreparedPlan:
    """The executable forms of :func:`one_rule_plan`."""
    return PreparedPlan(one_rule_plan(condition))


def one_rule_plan(condition: Condition) -> Plan:
    """A plan whose only rule concludes decision ``d`` when ``condition`` holds."""
    rule = RuleDef(id="t.rule", title="测试规则", basis=("测试法第一条",), decision="d", when=condition)
    conclusion = Conclusion("decision:d", "decision", "d", "d", (0,))
    signature = hashlib.sha256(repr(condition).encode()).hexdigest()[:20]
    return Plan(
        "全国",
        dt.date(2026, 1, 1),
        None,  # type: ignore[arg-type]  # the translation never looks at the scope
        0,
        (PlanRule(0, rule, "t", conclusion.key, condition, ()),),
        (conclusion,),
        {},
        signature,
        {conclusion.key: conclusion},
        ((conclusion.key, None, (0,)),),
    )
