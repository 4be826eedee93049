"""Every test of the condition language against its truth table, written out here by hand.

The two evaluators of the engine are independent statements of what a condition means: the compiled
closures (``engine/language/closures.py``, and the recording closures beside them, which share their
leaves) and durable-rules' patterns (``engine/executors/durable_conditions.py``). Both are checked
against this third statement: each operator on every value of its small domain — the value below,
on and above a threshold, each enum value, every subset of a three-value set, and the missing fact.

T: holds (成立), F: does not hold (不成立), U: unknown (a fact it needs is missing).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from engine.caches import PreparedPlan
from engine.executors.durable import DurableExecutor
from engine.language.closures import compile_condition
from engine.language.nodes import (
    AllOf,
    AnyOf,
    Condition,
    DecisionTest,
    FactTest,
    NotOf,
    ParamRef,
    SumTerm,
    SumTest,
)
from engine.language.tracing import TracerBuilder
from engine.model import RuleDef
from engine.plan import Conclusion, PlanRule
from engine.trace import NO_TRACE

from .condition_strategies import one_rule_plan

ABSENT = object()  # the fact is not given
MARKS = {"T": True, "F": False, "U": None}


@dataclasses.dataclass(frozen=True)
class Limit:
    """A bound parameter (``engine.language.semantics.Bound``) for the tests that compare with one."""

    id: str = "limit"
    label: str = "门槛"
    value: int | float = 100
    source: str = "测试"
    verification: str = "V1"
    pack: str = "t"


PARAMS = {"limit": Limit()}

BOOL = (True, False, ABSENT)
ENUM = ("x", "y", "z", ABSENT)
AMOUNT = (99, 100, 101, ABSENT)
SETS = (
    frozenset(),
    frozenset("p"),
    frozenset("q"),
    frozenset("r"),
    frozenset("pq"),
    frozenset("pr"),
    frozenset("qr"),
    frozenset("pqr"),
    ABSENT,
)

# (condition, the fact it reads, its values, the expected result for each value in order)
ONE_FACT: list[tuple[Condition, str, tuple[Any, ...], str]] = [
    (FactTest(fact="a"), "a", BOOL, "TFU"),
    (FactTest(fact="a", **{"is": False}), "a", BOOL, "FTU"),
    (FactTest(fact="e", eq="x"), "e", ENUM, "TFFU"),
    (FactTest(fact="e", ne="x"), "e", ENUM, "FTTU"),
    (FactTest(fact="e", **{"in": ("x", "y")}), "e", ENUM, "TTFU"),
    (FactTest(fact="e", not_in=("x", "y")), "e", ENUM, "FFTU"),
    (FactTest(fact="m", ge=100), "m", AMOUNT, "FTTU"),
    (FactTest(fact="m", gt=100), "m", AMOUNT, "FFTU"),
    (FactTest(fact="m", le=100), "m", AMOUNT, "TTFU"),
    (FactTest(fact="m", lt=100), "m", AMOUNT, "TFFU"),
    (FactTest(fact="m", eq=100), "m", AMOUNT, "FTFU"),
    (FactTest(fact="m", ne=100), "m", AMOUNT, "TFTU"),
    (FactTest(fact="m", ge=ParamRef(param="limit")), "m", AMOUNT, "FTTU"),
    (FactTest(fact="m", lt=ParamRef(param="limit")), "m", AMOUNT, "TFFU"),
    #                                                        {} p  q  r  pq pr qr pqr  –
    (FactTest(fact="s", contains="p"), "s", SETS, "FTFFTTFTU"),
    (FactTest(fact="s", contains_any=("p", "q")), "s", SETS, "FTTFTTTTU"),
    (FactTest(fact="s", contains_all=("p", "q")), "s", SETS, "FFFFTFFTU"),
    (FactTest(fact="s", only=("p", "q")), "s", SETS, "TTTFTFFFU"),
    (FactTest(fact="s", empty=True), "s", SETS, "TFFFFFFFU"),
    (FactTest(fact="s", empty=False), "s", SETS, "FTTTTTTTU"),
    (DecisionTest(decision="other"), "decision:other", BOOL, "TFU"),
    (DecisionTest(decision="other", **{"is": False}), "decision:other", BOOL, "FTU"),
]

# 3 × m + n compared with 300; rows: m = absent, 0, 99, 100, 101; columns: n = absent, 0, 3.
SUM_M = (ABSENT, 0, 99, 100, 101)
SUM_N = (ABSENT, 0, 3)
SUMS: list[tuple[str, tuple[str, ...]]] = [
    ("ge", ("UUU", "UFF", "UFT", "TTT", "TTT")),
    ("gt", ("UUU", "UFF", "UFF", "UFT", "TTT")),
    ("le", ("UUU", "UTT", "UTT", "UTF", "FFF")),
    ("lt", ("UUU", "UTT", "UTF", "FFF", "FFF")),
]

# Kleene's junctions over two yes/no facts; rows: a = T, F, U; columns: b = T, F, U.
JUNCTIONS: list[tuple[Condition, tuple[str, ...]]] = [
    (AllOf(all=(FactTest(fact="a"), FactTest(fact="b"))), ("TFU", "FFF", "UFU")),
    (AnyOf(any=(FactTest(fact="a"), FactTest(fact="b"))), ("TTT", "TFU", "TUU")),
    (NotOf(**{"not": FactTest(fact="a")}), ("FFF", "TTT", "UUU")),
]


def _label(condition: Condition) -> str:
    """A short name for a test id: ``m ge 100``, ``s only p,q``, ``all(a,b)``."""
    match condition:
        case FactTest():
            operand = condition.operand
            shown = ",".join(operand) if isinstance(operand, tuple) else getattr(operand, "param", operand)
            return f"{condition.fact} {condition.op} {shown}"
        case DecisionTest():
            return f"decision other is {condition.is_}"
        case AllOf():
            return "all(a,b)"
        case AnyOf():
            return "any(a,b)"
        case NotOf():
            return "not(a)"
        case _:
            return type(condition).__name__


def _shown(value: Any) -> str:
    if value is ABSENT:
        return "absent"
    if isinstance(value, frozenset):
        return "".join(sorted(value)) or "{}"
    return str(value)


def _env(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not ABSENT}


def _cases() -> list[tuple[str, Condition, dict[str, Any], bool | None]]:
    cases = []
    for condition, fact, domain, marks in ONE_FACT:
        assert len(domain) == len(marks), (condition, marks)
        for value, mark in zip(domain, marks, strict=True):
            label = f"{_label(condition)} [{fact}={_shown(value)}]"
            cases.append((label, condition, _env(**{fact: value}), MARKS[mark]))
    for op, rows in SUMS:
        condition = SumTest(sum=(SumTerm(fact="m", times=3), SumTerm(fact="n")), **{op: 300})
        for m, row in zip(SUM_M, rows, strict=True):
            for n, mark in zip(SUM_N, row, strict=True):
                label = f"3m+n {op} 300 [m={_shown(m)} n={_shown(n)}]"
                cases.append((label, condition, _env(m=m, n=n), MARKS[mark]))
    tri = (True, False, ABSENT)
    for condition, rows in JUNCTIONS:
        for a, row in zip(tri, rows, strict=True):
            for b, mark in zip(tri, row, strict=True):
                label = f"{_label(condition)} [a={_shown(a)} b={_shown(b)}]"
                cases.append((label, condition, _env(a=a, b=b), MARKS[mark]))
    return cases


CASES = _cases()
Expected = bool | None
TABLE = pytest.mark.parametrize(("case", "condition", "env", "expected"), CASES, ids=[c[0] for c in CASES])


def test_the_tables_cover_every_operator_of_the_language() -> None:
    written = {
        op for condition, _, _, _ in ONE_FACT if isinstance(condition, FactTest) for op in [condition.op]
    }
    assert written == {"is", "eq", "ne", "in", "not_in", "ge", "gt", "le", "lt"} | {
        "contains",
        "contains_any",
        "contains_all",
        "only",
        "empty",
    }
    assert {op for op, _ in SUMS} == {"ge", "gt", "le", "lt"}


def _prepared(condition: Condition) -> PreparedPlan:
    """The one-rule plan of ``condition`` (rule 0, decision ``d``), preceded — when it tests decision
    ``other`` — by that decision with one rule of its own, ``{fact: x}``: durable-rules settles it first
    and joins the tested rule with it."""
    plan = dataclasses.replace(one_rule_plan(condition), params=PARAMS)
    if not isinstance(condition, DecisionTest):
        return PreparedPlan(plan)
    tested = dataclasses.replace(plan.rules[0], index=1)
    other_rule = RuleDef(
        id="t.other", title="另一决定", basis=("测试法第二条",), decision="other", when=FactTest(fact="x")
    )
    first = PlanRule(0, other_rule, "t", "decision:other", other_rule.when, ())
    other = Conclusion("decision:other", "decision", "other", "other", (0,))
    decided = Conclusion("decision:d", "decision", "d", "d", (1,))
    conclusions = (other, decided)
    return PreparedPlan(
        dataclasses.replace(
            plan,
            rules=(first, tested),
            conclusions=conclusions,
            by_key={c.key: c for c in conclusions},
            steps=tuple((c.key, None, c.rules) for c in conclusions),
        )
    )


@TABLE
def test_compiled_closures(case: str, condition: Condition, env: dict[str, Any], expected: Expected) -> None:
    assert compile_condition(condition, PARAMS)(env) is expected


@TABLE
def test_recording_closures(case: str, condition: Condition, env: dict[str, Any], expected: Expected) -> None:
    assert TracerBuilder(PARAMS).of(condition)(env, {}).result is expected


@pytest.fixture(scope="module")
def durable() -> DurableExecutor:
    return DurableExecutor()


@TABLE
def test_durable_rules(
    durable: DurableExecutor, case: str, condition: Condition, env: dict[str, Any], expected: Expected
) -> None:
    prepared = _prepared(condition)
    facts = dict(env)
    if "decision:other" in facts:  # decided by its own rule from fact x
        facts["x"] = facts.pop("decision:other")
    verdicts = durable.run(prepared, facts, NO_TRACE)
    assert verdicts.rules[prepared.plan.by_key["decision:d"].rules[0]] is expected
    assert verdicts.values["decision:d"] is expected
