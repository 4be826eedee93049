"""Rule coverage: which scenarios made each rule hold, and which rules no scenario exercises.

The policy writers' scenarios (``features/``) are the specification of the rule packs. A rule that
no scenario makes hold (verdict True) is untested law: coverage names it so that CI can refuse it.
The scenario run records, per scenario, the rules that held (:func:`fired_rules`);
:func:`build_report` lays that over every rule of the rule set. The report is JSON so that
``lexgate coverage`` can read what the last run of the feature suite recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .model import ExceptionCondition
from .ruleset import Plan, RuleSet
from .trace import RecordingTracer, TraceNode

REPORT_SCHEMA = 1
_KIND_LABELS = {"decision": "决定", "derive": "中间结论", "exception": "例外", "warning": "提示"}


class RuleCoverage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    pack: str
    kind: str
    title: str
    scenarios: tuple[str, ...] = ()

    @property
    def covered(self) -> bool:
        return bool(self.scenarios)


class CoverageReport(BaseModel):
    """Every rule of one rule set (by digest), each with the scenarios in which it held."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    schema_version: int = REPORT_SCHEMA
    digest: str
    scenarios: tuple[str, ...]
    rules: tuple[RuleCoverage, ...]

    @property
    def uncovered(self) -> tuple[RuleCoverage, ...]:
        return tuple(r for r in self.rules if not r.covered)

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")

    @classmethod
    def read(cls, path: Path) -> CoverageReport:
        return cls.model_validate_json(path.read_text(encoding="utf-8"))


def _exception_nodes(node: TraceNode) -> Iterator[TraceNode]:
    if node.kind == "exception":
        yield node
    for child in node.children:
        yield from _exception_nodes(child)


def fired_rules(plan: Plan, tracer: RecordingTracer) -> frozenset[str]:
    """Ids of the rules that held in a recorded evaluation, declared exceptions included.

    Exceptions have no verdict of their own: they are folded into the rules they defeat, so an
    exception counts as held when its folded condition came out true in any target's trace.
    """
    fired: set[str] = set()
    for rule in plan.rules:
        node = tracer.rules.get(rule.index)
        if node is None:
            continue
        if node.result is True:
            fired.add(rule.id)
        for exc in _exception_nodes(node):
            if exc.result is True and isinstance(exc.condition, ExceptionCondition):
                fired.add(exc.condition.exception_rule)
    return frozenset(fired)


def _rules_in_order(ruleset: RuleSet) -> list[tuple[str, str, str, str]]:
    """(rule id, pack id, kind, title) for every rule: national pack first, then down the tree."""
    depth = {pack.id: len(ruleset.scopes[pack.jurisdiction].path) for pack in ruleset.packs.values()}
    packs = sorted(ruleset.packs.values(), key=lambda p: (depth[p.id], p.jurisdiction))
    return [(rule.id, pack.id, rule.kind, rule.title) for pack in packs for rule in pack.rules]


def build_report(ruleset: RuleSet, fired_by_scenario: Mapping[str, Iterable[str]]) -> CoverageReport:
    by_rule: dict[str, list[str]] = {}
    for scenario, fired in fired_by_scenario.items():
        for rule_id in fired:
            by_rule.setdefault(rule_id, []).append(scenario)
    rules = tuple(
        RuleCoverage(
            rule=rule_id, pack=pack, kind=kind, title=title, scenarios=tuple(sorted(by_rule.get(rule_id, ())))
        )
        for rule_id, pack, kind, title in _rules_in_order(ruleset)
    )
    return CoverageReport(digest=ruleset.digest, scenarios=tuple(sorted(fired_by_scenario)), rules=rules)


def render_report(report: CoverageReport, *, summary: bool = False) -> str:
    """The report in Chinese: per rule the scenarios that made it hold, then the uncovered rules."""
    lines: list[str] = []
    if not summary:
        current_pack = None
        for entry in report.rules:
            if entry.pack != current_pack:
                current_pack = entry.pack
                lines.append(f"规则包 {entry.pack}")
            mark = "✔" if entry.covered else "✘"
            kind = _KIND_LABELS.get(entry.kind, entry.kind)
            lines.append(f"  {mark} {entry.rule}（{kind}）{entry.title}")
            for scenario in entry.scenarios:
                lines.append(f"      · {scenario}")
        lines.append("")
    covered = len(report.rules) - len(report.uncovered)
    by_pack: dict[str, list[int]] = {}
    for entry in report.rules:
        counts = by_pack.setdefault(entry.pack, [0, 0])
        counts[0] += entry.covered
        counts[1] += 1
    lines.append(
        f"规则覆盖率: {covered}/{len(report.rules)} 条规则至少在一个场景中成立"
        f"（{len(report.scenarios)} 个场景）；"
        + "，".join(f"{pack} {c}/{n}" for pack, (c, n) in by_pack.items())
    )
    if report.uncovered:
        lines.append("没有任何场景使其成立的规则（请在 features/ 中补充场景）:")
        lines += [f"  ✘ {r.rule}（{r.pack}）{r.title}" for r in report.uncovered]
    return "\n".join(lines) + "\n"
