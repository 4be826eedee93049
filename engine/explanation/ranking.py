"""Why-not ranking without lines: how many of a rule's listed conditions fail, from compiled closures.

The closest rules of a decision that is not required are those with the fewest failed conditions
(``Reasons.closest``). Counting them used to walk each rule's lines, making or looking up a line per
condition, for every rule of the decision although at most three are shown. A line's result depends
only on its test and the value it reads, so the count is the number of line tests (fact, decision and
sum tests, and each folded exception as a whole, as ``RuleLines`` lists them) whose result, negated as
the line shows it, is false: one fast closure per test, made once per plan.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import assert_never

from ..language.closures import compile_condition
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
from ..language.semantics import Env, Params, Tri

Counter = Callable[[Env], int]


def failed_counter(condition: Condition, params: Params) -> Counter:
    """A closure counting the lines of ``condition`` shown as failed (result false after negation)."""
    tests: list[tuple[Callable[[Env], Tri], bool]] = []
    _collect(condition, False, params, tests)
    checks = tuple(tests)

    def count(env: Env) -> int:
        # a line shows false when its test is false, or true under an odd number of 并非
        return sum([check(env) is negated for check, negated in checks])

    return count


def _collect(
    cond: Condition, negated: bool, params: Params, out: list[tuple[Callable[[Env], Tri], bool]]
) -> None:
    match cond:
        case FactTest() | DecisionTest() | SumTest() | ExceptionCondition():
            out.append((compile_condition(cond, params), negated))
        case AllOf():
            for part in cond.all:
                _collect(part, negated, params, out)
        case AnyOf():
            for part in cond.any:
                _collect(part, negated, params, out)
        case NotOf():
            _collect(cond.not_, not negated, params, out)
        case _:
            assert_never(cond)
