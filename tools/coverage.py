"""Rule coverage: which scenarios made each rule hold, which made it narrowly fail, and which rules
no scenario exercises.

The policy writers' scenarios (``features/``) are the specification of the rule packs. A rule that
no scenario makes hold (verdict True) is untested law, and so is a rule that no scenario shows
*narrowly not* holding — false, but true had one of its conditions come out the other way (an
amount one yuan below the threshold, a date the day before): without one, a threshold that is off
by one passes every test. Coverage names both so that CI can refuse them. The scenario run
records, per scenario, the rules that held (:func:`fired_rules`) and those that narrowly failed
(:func:`near_misses`); :func:`build_report` lays that over every rule of the rule set. The report
is JSON so that ``lexgate coverage`` can read what the last run of the feature suite recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from engine import RuleSet
from engine.toolkit import ExceptionCondition, Plan, RecordingTracer, TraceNode, Tri

REPORT_SCHEMA = 2
_KIND_LABELS = {"decision": "决定", "derive": "中间结论", "exception": "例外", "warning": "提示"}


class RuleCoverage(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str
    pack: str
    kind: str
    title: str
    scenarios: tuple[str, ...] = ()  # where it held
    near_misses: tuple[str, ...] = ()  # where it narrowly did not

    @property
    def covered(self) -> bool:
        return bool(self.scenarios) and bool(self.near_misses)


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


def _flipped(node: TraceNode, leaf: TraceNode) -> Tri:
    """The node's result had ``leaf`` (a known leaf) come out the other way: Kleene's laws again."""
    if node is leaf:
        return not node.result
    if node.kind in ("all", "any"):
        results = [_flipped(child, leaf) for child in node.children]
        decisive = node.kind == "any"
        if decisive in results:
            return decisive
        return None if None in results else not decisive
    if node.kind == "not":
        inner = _flipped(node.children[0], leaf)
        return None if inner is None else not inner
    if node.kind == "exception":
        return _flipped(node.children[0], leaf)
    return node.result


def _leaves(node: TraceNode) -> Iterator[TraceNode]:
    if node.children:
        for child in node.children:
            yield from _leaves(child)
    elif node.result is not None:
        yield node


def _narrowly_false(node: TraceNode) -> bool:
    return node.result is False and any(_flipped(node, leaf) is True for leaf in _leaves(node))


def near_misses(plan: Plan, tracer: RecordingTracer) -> frozenset[str]:
    """Ids of the rules that were false but would have held had one known condition gone the other
    way; declared exceptions likewise, judged on their own condition inside a target's trace."""
    found: set[str] = set()
    for rule in plan.rules:
        node = tracer.rules.get(rule.index)
        if node is None:
            continue
        if _narrowly_false(node):
            found.add(rule.id)
        for exc in _exception_nodes(node):
            if isinstance(exc.condition, ExceptionCondition) and _narrowly_false(exc):
                found.add(exc.condition.exception_rule)
    return frozenset(found)


def _rules_in_order(ruleset: RuleSet) -> list[tuple[str, str, str, str]]:
    """(rule id, pack id, kind, title) for every rule: national pack first, then down the tree."""
    depth = {pack.id: len(ruleset.scopes[pack.jurisdiction].path) for pack in ruleset.packs.values()}
    packs = sorted(ruleset.packs.values(), key=lambda p: (depth[p.id], p.jurisdiction))
    return [(rule.id, pack.id, rule.kind, rule.title) for pack in packs for rule in pack.rules]


def _by_rule(by_scenario: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for scenario, rule_ids in by_scenario.items():
        for rule_id in rule_ids:
            out.setdefault(rule_id, []).append(scenario)
    return out


def build_report(
    ruleset: RuleSet,
    fired_by_scenario: Mapping[str, Iterable[str]],
    near_by_scenario: Mapping[str, Iterable[str]] | None = None,
) -> CoverageReport:
    held, near = _by_rule(fired_by_scenario), _by_rule(near_by_scenario or {})
    rules = tuple(
        RuleCoverage(
            rule=rule_id,
            pack=pack,
            kind=kind,
            title=title,
            scenarios=tuple(sorted(held.get(rule_id, ()))),
            near_misses=tuple(sorted(near.get(rule_id, ()))),
        )
        for rule_id, pack, kind, title in _rules_in_order(ruleset)
    )
    scenarios = tuple(sorted(set(fired_by_scenario) | set(near_by_scenario or {})))
    return CoverageReport(digest=ruleset.digest, scenarios=scenarios, rules=rules)


def render_report(report: CoverageReport, *, summary: bool = False) -> str:
    """The report in Chinese: per rule the scenarios that made it hold (✔) and narrowly fail (≈),
    then the rules that lack either."""
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
                lines.append(f"      ✔ {scenario}")
            for scenario in entry.near_misses:
                lines.append(f"      ≈ {scenario}")
        lines.append("")
    covered = len(report.rules) - len(report.uncovered)
    by_pack: dict[str, list[int]] = {}
    for entry in report.rules:
        counts = by_pack.setdefault(entry.pack, [0, 0])
        counts[0] += entry.covered
        counts[1] += 1
    lines.append(
        f"规则覆盖率: {covered}/{len(report.rules)} 条规则既有使其成立的场景、又有使其恰好不成立的场景"
        f"（{len(report.scenarios)} 个场景）；"
        + "，".join(f"{pack} {c}/{n}" for pack, (c, n) in by_pack.items())
    )
    never_held = [r for r in report.rules if not r.scenarios]
    never_near = [r for r in report.rules if r.scenarios and not r.near_misses]
    if never_held:
        lines.append("没有任何场景使其成立的规则（请在 features/ 中补充场景）:")
        lines += [f"  ✘ {r.rule}（{r.pack}）{r.title}" for r in never_held]
    if never_near:
        lines.append("没有场景使其恰好不成立的规则（请补充只差一个条件的场景，例如金额少一元、日期早一天）:")
        lines += [f"  ✘ {r.rule}（{r.pack}）{r.title}" for r in never_near]
    return "\n".join(lines) + "\n"
