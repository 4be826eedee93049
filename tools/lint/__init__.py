"""Static analysis of rule packs beyond the schema: what ``lexgate lint`` adds once packs load.

Each check is its own module with one job; all read one :class:`Context` (the compiled rule set,
its resolved definitions and a plan per jurisdiction and stretch of dates) and yield
:class:`~engine.errors.RuleProblem` findings with a location, the rule ids and a fix.

The checks run from ``lint``, not from the loader's ``check`` stage: loading for triage (CLI,
API, workers) stays fast and a finding never stops a served rule set; ``lexgate lint`` — which CI
runs — fails on their errors.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from engine.errors import Location, RuleProblem
from engine.resolve import Resolved
from engine.ruleset import RuleSet

from . import basis, exceptions, firing, parameters, usage
from .context import Context

Check = Callable[[Context], Iterable[RuleProblem]]

CHECKS: tuple[tuple[str, Check], ...] = (
    ("firing", firing.check),
    ("exceptions", exceptions.check),
    ("parameters", parameters.check),
    ("usage", usage.check),
    ("basis", basis.check),
)


def analyse(ruleset: RuleSet, resolved: Resolved) -> list[RuleProblem]:
    """Every finding of every check, sorted by position."""
    ctx = Context.of(ruleset, resolved)
    found = [problem for _, run in CHECKS for problem in run(ctx)]
    if ctx.exhausted:
        found.append(
            RuleProblem(
                "analysis_incomplete",
                "规则之间的组合过多，部分“永不成立 / 被覆盖 / 例外冲突”的分析未完成"
                "（未完成的部分不报告问题）",
                Location(ruleset.root),
                "把特别长的 any / all 拆成中间结论（derived），或把问题反馈给开发人员",
                severity="warning",
            )
        )
    return sorted(found, key=RuleProblem.sort_key)
