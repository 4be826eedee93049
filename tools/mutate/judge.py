"""One mutant judged: refused by lint, caught by a scenario, equivalent, or survived (with a case)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from engine import ExecutorError, RuleSet
from engine.toolkit import LoadState, rerun_pipeline, run_pipeline
from tools.lint import analyse, invariants
from tools.lint.context import Context, PlanMemo
from tools.lint.invariants import INVARIANTS_FILE
from tools.lint.plans import Stretch, all_stretches

from .equivalence import Search
from .features import Scenario, read_features
from .mutants import Mutant, apply, generate
from .plans import PlanComparison
from .scenarios import Witness, agreed_failure, confirmed, witnessed
from .selection import Selection

CAUGHT_LINT, CAUGHT_SCENARIO, EQUIVALENT, SURVIVED = "lint", "scenario", "equivalent", "survived"
ENGINE = "engine"  # the engine's executor and its explanation disagree on the mutant: an engine bug


class Outcome(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    index: int
    pack: str
    kind: str
    description: str
    where: str  # file:line:col of the mutated item
    verdict: str  # lint | scenario | equivalent | survived | engine
    by: str = ""  # the scenario or lint finding that caught it; for a survivor, why no case is shown
    suggestion: str = ""  # a scenario a policy writer can paste, for a survivor


Make = Callable[..., Outcome]


def scenario_text(case: Scenario, title: str) -> str:
    """The case in the step forms of features/README.md."""
    lines = [f"  场景: {title}", f'    假如 管辖地为"{case.jurisdiction}"']
    if case.as_of:
        lines.append(f'    而且 评估日期为"{case.as_of}"')
    if case.facts:
        lines += ["    而且 案件事实如下:", "      | 事实 | 值 |"]
        lines += [f"      | {label} | {value} |" for label, value in case.facts.items()]
    lines.append("    当 进行分流")
    lines += [("    那么 " if i == 0 else "    而且 ") + check for i, check in enumerate(case.checks)]
    return "\n".join(lines) + "\n"


class Judge:
    """What a worker holds: the original load state, its rule set, the scenarios and the mutants."""

    def __init__(self, root: Path, display_root: Path, features: Path, only: str | None = None) -> None:
        self.base: LoadState = run_pipeline(root, display_root)
        if self.base.ruleset is None or self.base.resolved is None:
            raise ValueError(f"{root} 的规则包未能加载；请先运行 lexgate lint 改正")
        self.original: RuleSet = self.base.ruleset
        self.scenarios = read_features(features, display_root)
        self.mutants = generate(self.base, only)
        self.selection = Selection(self.original, self.scenarios)
        self.search = Search(self.original)
        self.trees = {s.rel: s.tree for group in self.base.pack_files.values() for s in group}
        if self.base.vocabulary_file is not None:
            self.trees[self.base.vocabulary_file.rel] = self.base.vocabulary_file.tree
        self.invariant_files = {
            str(getattr(group[0].model, "pack", "")): pack_dir / INVARIANTS_FILE
            for pack_dir, group in self.base.pack_files.items()
            if group and (pack_dir / INVARIANTS_FILE).is_file()
        }
        self._base_errors = {(p.code, p.message) for p in self.base.problems.items if p.severity == "error"}
        # What lint found on each plan of the unchanged packs, kept for the mutants' equal plans, and the
        # invariants read against the unchanged vocabulary: both hold for every mutant that keeps it.
        self._lint_found: dict[tuple[str, str], Any] = {}
        self._stated = invariants.load(self.invariant_files, self.base.display_root, self.original.vocabulary)

    def original_failures(self) -> list[str]:
        """Scenarios that fail on the unchanged packs (then no verdict means anything)."""
        found = []
        for scenario in self.scenarios:
            why = agreed_failure(scenario, self.original)
            if why is not None:
                found.append(f"{scenario.name}: {why}")
        return found

    def jurisdictions(self, pack: str) -> list[str]:
        """The jurisdictions whose path holds the pack (all of them for the vocabulary)."""
        return [
            name
            for name, scope in self.original.scopes.items()
            if pack == "facts" or any(p.id == pack for p in scope.path)
        ]

    def judge(self, index: int) -> Outcome:
        mutant = self.mutants[index]
        state = rerun_pipeline(
            self.base,
            {mutant.rel: apply(self.trees[mutant.rel], mutant)},
            f"mutant {index}: {mutant.description}",
        )

        def outcome(verdict: str, by: str = "", suggestion: str = "") -> Outcome:
            return Outcome(
                index=index,
                pack=mutant.pack,
                kind=mutant.kind,
                description=mutant.description,
                where=mutant.where,
                verdict=verdict,
                by=by,
                suggestion=suggestion,
            )

        refused = self._new_errors(state.problems.items)
        if refused or state.ruleset is None or state.resolved is None:
            return outcome(CAUGHT_LINT, refused[0] if refused else "规则未能加载")
        try:
            return self._run(mutant, state, outcome)
        except ExecutorError as exc:
            return outcome(ENGINE, str(exc))

    def _run(self, mutant: Mutant, state: LoadState, outcome: Make) -> Outcome:
        assert state.ruleset is not None and state.resolved is not None
        ruleset = state.ruleset
        plans = PlanComparison(self.original, ruleset)
        where = set(self.jurisdictions(mutant.pack))
        reading: list[Scenario] = []
        passed: list[tuple[Scenario, Witness]] = []
        for scenario in self.selection.reading(where, plans, mutant.pack == "facts", reading):
            why, witness = witnessed(scenario, ruleset)
            if why is None:
                passed.append((scenario, witness))
            elif confirmed(scenario, ruleset, why, witness) is not None:
                self.selection.caught(scenario)
                return outcome(CAUGHT_SCENARIO, scenario.name)
        memo = None
        if ruleset.vocabulary == self.original.vocabulary:
            memo = PlanMemo(partial(_original_plan, plans), self._lint_found)
        stretches = all_stretches(ruleset)  # lint's and the invariants' context alike
        found = analyse(ruleset, state.resolved, memo, stretches) + self._prove(plans, state, stretches)
        refused = self._new_errors(found)
        if refused:
            return outcome(CAUGHT_LINT, refused[0])
        return self._survivor(mutant, plans, passed, outcome)

    def _prove(self, plans: PlanComparison, state: LoadState, stretches: list[Stretch]) -> list[Any]:
        """lint's legal invariants, proven on the stretches where the mutant's plan is not the
        original's (on the others they hold as on the unchanged packs)."""
        assert state.ruleset is not None and state.resolved is not None
        vocabulary = state.ruleset.vocabulary
        stated, problems = (
            self._stated
            if vocabulary == self.original.vocabulary
            else invariants.load(self.invariant_files, self.base.display_root, vocabulary)
        )
        changed = [s for s in stretches if not plans.same(s.scope.jurisdiction, s.plan.as_of)]
        ctx = Context.of(state.ruleset, state.resolved, stretches=changed)
        labels = {d.id: d.label for pack in state.ruleset.packs.values() for d in pack.decisions}
        # an invariant naming a jurisdiction none of these stretches has is not invalid: it held before
        proven = [p for p in invariants.check(ctx, stated, labels) if p.code != "invariant_invalid"]
        return problems + proven

    def _survivor(
        self, mutant: Mutant, plans: PlanComparison, passed: list[tuple[Scenario, Witness]], outcome: Make
    ) -> Outcome:
        ruleset = plans.mutant
        verdict = self.search.decide(plans, f"mutant-{mutant.index}", self.jurisdictions(mutant.pack))
        if verdict.equivalent:
            return outcome(EQUIVALENT, "没有任何案件能区分变异与原规则")
        for scenario, witness in passed:  # a survivor: every scenario it passes passes on durable too
            confirmed(scenario, ruleset, None, witness)
        case = verdict.case
        if case is None:
            return outcome(SURVIVED, "精确搜索未能给出区分案件（组合过多或含金额求和）")
        if agreed_failure(case, self.original) is not None or agreed_failure(case, ruleset) is None:
            return outcome(SURVIVED, "找到的区分案件未能在引擎上复现")
        title = f"区分变异：{mutant.description}（{mutant.where}）"
        return outcome(SURVIVED, "没有场景区分", scenario_text(case, title))

    def _new_errors(self, problems: list[Any]) -> list[str]:
        return [
            f"{p.code}: {p.message}"
            for p in problems
            if p.severity == "error" and (p.code, p.message) not in self._base_errors
        ]


def _original_plan(plans: PlanComparison, stretch: Stretch) -> str | None:
    """The signature of the unchanged packs' plan where the mutant's is the same, else ``None``."""
    jurisdiction, day = stretch.scope.jurisdiction, stretch.plan.as_of
    if not plans.same(jurisdiction, day):
        return None
    return plans.original.plan(jurisdiction, day).signature
