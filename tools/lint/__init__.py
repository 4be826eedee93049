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
from dataclasses import dataclass
from pathlib import Path

from engine import Location, RuleProblem, RuleSet
from engine.toolkit import Definitions, run_pipeline

from . import basis, detail_only, exceptions, firing, invariants, parameters, usage
from .context import Context, PlanMemo
from .plans import Stretch

Check = Callable[[Context], Iterable[RuleProblem]]

CHECKS: tuple[tuple[str, Check], ...] = (
    ("firing", firing.check),
    ("exceptions", exceptions.check),
    ("parameters", parameters.check),
    ("usage", usage.check),
    ("basis", basis.check),
    ("detail_only", detail_only.check),
)


@dataclass(frozen=True)
class LintReport:
    problems: list[RuleProblem]  # sorted by position: the loader's, then (if the packs load) the analyses'
    ruleset: RuleSet | None  # None: the packs do not load
    invariants: int = 0  # legal invariants stated in the packs (each proven unless a problem says so)

    @property
    def errors(self) -> list[RuleProblem]:
        return [p for p in self.problems if p.severity == "error"]


def lint(root: Path, display_root: Path) -> LintReport:
    """Load the packs of ``root`` and, if they load, analyse them; every problem found."""
    state = run_pipeline(root, display_root=display_root)
    found = list(state.problems.items)
    stated = 0
    if state.ruleset is not None and state.resolved is not None:
        found += analyse(state.ruleset, state.resolved)
        files = {
            str(getattr(group[0].model, "pack", "")): pack_dir / invariants.INVARIANTS_FILE
            for pack_dir, group in state.pack_files.items()
            if group and (pack_dir / invariants.INVARIANTS_FILE).is_file()
        }
        stated, more = prove(state.ruleset, state.resolved, files, display_root)
        found += more
    return LintReport(sorted(found, key=lambda p: p.sort_key()), state.ruleset, stated)


def prove(
    ruleset: RuleSet, resolved: Definitions, files: dict[str, Path], display_root: Path
) -> tuple[int, list[RuleProblem]]:
    """The legal invariants of the packs (pack id → its invariants.yaml): how many are stated, and the
    problems: each one not proven comes with a counterexample."""
    stated, problems = invariants.load(files, display_root, ruleset.vocabulary)
    labels = {d.id: d.label for pack in ruleset.packs.values() for d in pack.decisions}
    return len(stated), problems + list(invariants.check(Context.of(ruleset, resolved), stated, labels))


def analyse(
    ruleset: RuleSet,
    resolved: Definitions,
    memo: PlanMemo | None = None,
    stretches: list[Stretch] | None = None,
) -> list[RuleProblem]:
    """Every finding of every check, sorted by position (``memo``: see :attr:`Context.memo`;
    ``stretches``: the rule set's, if the caller has them)."""
    ctx = Context.of(ruleset, resolved, memo, stretches)
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
