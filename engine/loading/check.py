"""Stage ``check``: no conclusion may depend on itself, directly or through others."""

from __future__ import annotations

from ..errors import Location, ProblemList
from .definitions import Definitions
from .dependencies import dependency_graph, find_cycles
from .report import where_of
from .state import LoadState


def check(state: LoadState) -> None:
    if state.resolved is None:
        return
    check_cycles(state.resolved, state.problems)


def check_cycles(found: Definitions, problems: ProblemList) -> None:
    reported: set[frozenset[str]] = set()
    for path in found.ancestry.values():
        for cycle, rule in find_cycles(*dependency_graph(found, path)):
            if frozenset(cycle) in reported:
                continue
            reported.add(frozenset(cycle))
            problems.add(
                "cycle",
                "结论之间循环依赖: " + " → ".join(k.removeprefix("decision:") for k in cycle),
                where_of(rule, Location("?")),
                fix="中间结论和决定不能直接或间接依赖自身；拆开循环中的某条规则",
                rule=rule.id,
            )
