"""What a candidate rule set can change in one jurisdiction on one stretch of dates, and the least
evaluation that tells whether it does for a case.

Two plans decide a conclusion alike when its rules are the same (ids, conditions as written, the
values of the parameters they compare with) and every conclusion they read is decided alike. Only the
decisions left over can change; they are decided on both sides with the conclusions they read and
nothing else. A plan pair with none left over cannot change any case: its cases are not evaluated.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from engine.toolkit import Plan, PlanRule, PreparedPlan, Program, decision_key, param_refs, reads

ABSENT = "absent"


def _rule_print(plan: Plan, rule: PlanRule) -> tuple[Any, ...]:
    params = sorted(set(param_refs(rule.condition)))
    return (
        rule.id,
        rule.condition.model_dump_json(),  # positions are not part of the dump
        tuple((p, repr(plan.params[p].value)) for p in params),
    )


def _read_keys(plan: Plan, indexes: Iterable[int]) -> frozenset[str]:
    """The ``env`` keys the rules read: input facts and conclusions (of either plan) alike."""
    keys = set()
    for i in indexes:
        for read in reads(plan.rules[i].condition):
            keys.add(decision_key(read.id) if read.kind == "decision" else read.id)
    return frozenset(keys)


def _prints(plan: Plan) -> dict[str, tuple[Any, ...]]:
    return {
        c.key: (c.kind, c.id, c.also_input, tuple(_rule_print(plan, plan.rules[i]) for i in c.rules))
        for c in plan.conclusions
    }


@dataclass(frozen=True)
class _Part:
    """One side's least program for the decisions that may change."""

    program: Program
    decisions: tuple[tuple[str, str | None], ...]  # decision id, its key when the plan has it

    def states(self, facts: Mapping[str, Any]) -> tuple[str, ...]:
        values = self.program(facts).values
        return tuple(ABSENT if key is None else _outcome(values.get(key)) for _, key in self.decisions)


def _outcome(value: bool | None) -> str:
    return "required" if value is True else ("undetermined" if value is None else "not_required")


class Delta:
    """The decisions two plans of one jurisdiction may decide differently, and how to decide just them."""

    def __init__(self, a: Plan, b: Plan) -> None:
        prints_a, prints_b = _prints(a), _prints(b)
        reads_a = {c.key: _read_keys(a, c.rules) for c in a.conclusions}
        differs = {k for k in prints_a.keys() | prints_b.keys() if prints_a.get(k) != prints_b.get(k)}
        grown = True
        while grown:  # a conclusion that reads one that differs differs too
            more = {k for k, keys in reads_a.items() if k not in differs and keys & differs}
            differs |= more
            grown = bool(more)
        shown_a = {c.id: c.key for c in a.decisions()}
        shown_b = {c.id: c.key for c in b.decisions()}
        self.decisions = tuple(
            sorted(
                d
                for d in shown_a.keys() | shown_b.keys()
                if shown_a.get(d) in differs or shown_b.get(d) in differs or (d in shown_a) != (d in shown_b)
            )
        )
        self.before = _part(a, [(d, shown_a.get(d)) for d in self.decisions])
        self.after = _part(b, [(d, shown_b.get(d)) for d in self.decisions])

    @property
    def none(self) -> bool:
        """No decision can change: both plans decide every case alike."""
        return not self.decisions

    def may_change(self, facts: Mapping[str, Any]) -> bool:
        return self.before.states(facts) != self.after.states(facts)


def _part(plan: Plan, decisions: list[tuple[str, str | None]]) -> _Part:
    needed: set[str] = set()
    todo = [key for _, key in decisions if key is not None]
    while todo:
        key = todo.pop()
        if key not in needed:
            needed.add(key)
            todo.extend(k for k in _read_keys(plan, plan.by_key[key].rules) if k in plan.by_key)
    # the plan with only the steps needed: the engine's own evaluation loop runs it
    least = dataclasses.replace(plan, steps=tuple(step for step in plan.steps if step[0] in needed))
    return _Part(PreparedPlan(least).program, tuple(decisions))
