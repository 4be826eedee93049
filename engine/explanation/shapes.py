"""What a rule's reason depends on, found once per plan: the key under which reasons are shared.

A rule's reason (``Reasons``) shows its verdict, one line per test — fixed by the test and the value it
reads — and, under the lines of derived facts and decisions, those conclusions' own reasons. So it is
fixed by the values its condition reads in the evaluation's environment (input facts, and the values of
the derived facts and decisions it tests), by whether the handler gave a derived fact that they may
give (such a line shows the given value, with no reasons under it), by the reasons nested under its
lines, and — for a reason with its detail — by the facts the detail copies or counts from. Keyed so,
triages share a reason whenever they agree on what it shows, however many facts lie beneath the
derived facts it tests: the nested reasons are keyed the same way, one level down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from ..language.nodes import (
    AllOf,
    AnyOf,
    Condition,
    DecisionTest,
    ExceptionCondition,
    FactTest,
    NotOf,
    SumTest,
)
from ..language.semantics import decision_key
from ..language.visitor import reads
from ..model import detail_facts
from ..plan import Plan, PlanRule


@dataclass(frozen=True)
class Shape:
    reads: tuple[str, ...]  # the environment keys the condition reads, each once
    given: tuple[str, ...]  # derived facts it tests that a handler may also give
    nested: tuple[tuple[str, str | None], ...]  # conclusions with reasons under a line: (key, given id)
    detail: tuple[str, ...]  # facts its detail reads


def shapes(plan: Plan) -> tuple[Shape, ...]:
    """Each plan rule's :class:`Shape`, by index."""
    return tuple([_shape(plan, rule) for rule in plan.rules])


def _shape(plan: Plan, rule: PlanRule) -> Shape:
    derived = plan.scope.derived
    keys = [decision_key(r.id) if r.kind == "decision" else r.id for r in reads(rule.condition)]
    given = [k for k in keys if k in derived and derived[k].also_input]
    nested: list[tuple[str, str | None]] = []
    _nested(rule.condition, plan, nested)
    return Shape(
        tuple(dict.fromkeys(keys)),
        tuple(dict.fromkeys(given)),
        tuple(dict.fromkeys(nested)),
        tuple(dict.fromkeys(detail_facts(rule.rule.detail))),
    )


def _nested(cond: Condition, plan: Plan, out: list[tuple[str, str | None]]) -> None:
    """The conclusions whose reasons a rule's lines nest (as ``RuleLines`` nests them; an exception's
    line carries a reason of its own, made from the values it reads)."""
    match cond:
        case FactTest():
            definition = plan.scope.derived.get(cond.fact)
            if definition is not None and cond.absent is None:
                out.append((cond.fact, cond.fact if definition.also_input else None))
        case AllOf():
            for part in cond.all:
                _nested(part, plan, out)
        case AnyOf():
            for part in cond.any:
                _nested(part, plan, out)
        case NotOf():
            _nested(cond.not_, plan, out)
        case DecisionTest():
            out.append((decision_key(cond.decision), None))
        case SumTest() | ExceptionCondition():
            return
        case _:
            assert_never(cond)
