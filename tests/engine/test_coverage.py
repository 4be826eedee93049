"""Rule coverage: fired rules from a recorded evaluation, the report, and ``lexgate coverage``."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from engine import RuleSet, get_executor, load_ruleset
from engine.evaluate import evaluate
from engine.trace import RecordingTracer
from tools.coverage import CoverageReport, build_report, fired_rules, near_misses, render_report

ON = dt.date(2026, 11, 1)

FACTS = """
facts:
  - {id: fine_amount, label: 拟罚款金额, type: money, question: 罚款多少元？}
  - {id: first_offence, label: 初次违法, type: bool, question: 是否初次违法？}
"""

PACK = """
pack: national
jurisdiction: 全国
title: 测试规则
decisions:
  - {id: hearing_notice, label: 听证告知}
rules:
  - id: t.hearing.large_fine
    title: 罚款一万元以上告知听证
    basis: [测试依据第一条]
    decision: hearing_notice
    when: {fact: fine_amount, ge: 10000}
  - id: t.hearing.first_offence
    title: 初次违法的除外
    basis: [测试依据第二条]
    exception_to: [t.hearing.large_fine]
    when: {fact: first_offence}
  - id: t.warning.never
    title: 从未成立的提示
    basis: [测试依据第三条]
    warn: 不会出现
    when: {fact: fine_amount, ge: 100000000}
"""


@pytest.fixture
def tiny_rules(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    (root / "national").mkdir(parents=True)
    (root / "facts.yaml").write_text(textwrap.dedent(FACTS), encoding="utf-8")
    (root / "national" / "pack.yaml").write_text(textwrap.dedent(PACK), encoding="utf-8")
    return root


def recorded(ruleset: RuleSet, facts: dict[str, object]) -> tuple[frozenset[str], frozenset[str]]:
    """The rules that held, and those that narrowly did not."""
    tracer = RecordingTracer()
    evaluation = evaluate(
        ruleset, facts, jurisdiction="全国", as_of=ON, executor=get_executor("compiled"), tracer=tracer
    )
    return fired_rules(evaluation.plan, tracer), near_misses(evaluation.plan, tracer)


def fired(ruleset: RuleSet, facts: dict[str, object]) -> frozenset[str]:
    return recorded(ruleset, facts)[0]


def test_a_rule_one_condition_away_from_holding_is_a_near_miss(tiny_rules: Path) -> None:
    ruleset = load_ruleset(tiny_rules)
    # 9,999 元: the amount alone keeps the rule from holding (and 否 keeps the exception from applying)
    assert recorded(ruleset, {"fine_amount": 9999, "first_offence": False})[1] == {
        "t.hearing.large_fine",
        "t.hearing.first_offence",
        "t.warning.never",
    }
    # a first offence defeats the rule: one condition (the exception's) away, and the exception held
    held, near = recorded(ruleset, {"fine_amount": 20000, "first_offence": True})
    assert held == {"t.hearing.first_offence"}
    assert "t.hearing.large_fine" in near
    # the exception is narrowly not applied when first_offence is 否
    assert "t.hearing.first_offence" in recorded(ruleset, {"fine_amount": 20000, "first_offence": False})[1]
    # unknown facts are not a near miss: nothing known could be flipped
    assert recorded(ruleset, {})[1] == frozenset()


def test_fired_rules_are_the_rules_that_held(tiny_rules: Path) -> None:
    ruleset = load_ruleset(tiny_rules)
    assert fired(ruleset, {"fine_amount": 20000, "first_offence": False}) == {"t.hearing.large_fine"}
    assert fired(ruleset, {"fine_amount": 9999}) == frozenset()


def test_an_exception_that_held_counts_as_fired(tiny_rules: Path) -> None:
    ruleset = load_ruleset(tiny_rules)
    assert fired(ruleset, {"fine_amount": 20000, "first_offence": True}) == {"t.hearing.first_offence"}


def test_fired_rules_of_the_repository_packs(ruleset: RuleSet) -> None:
    facts = {"action_type": "行政处罚", "procedure": "普通程序", "party_type": "自然人"}
    facts |= {"penalties": frozenset({"罚款"}), "fine_amount": 10000}
    got = fired(ruleset, facts)
    assert {"national.large_fine.individual", "national.hearing_notice.large_fine"} <= got
    assert "national.hearing_notice.heavy_sanction" not in got


def test_report_lists_scenarios_per_rule_and_names_the_uncovered(tiny_rules: Path) -> None:
    ruleset = load_ruleset(tiny_rules)
    held = {"b 场景": {"t.hearing.large_fine"}, "a 场景": {"t.hearing.large_fine"}}
    near = {"c 场景": {"t.hearing.large_fine", "t.hearing.first_offence"}}
    report = build_report(ruleset, held, near)
    by_rule = {r.rule: r for r in report.rules}
    assert by_rule["t.hearing.large_fine"].scenarios == ("a 场景", "b 场景")
    assert by_rule["t.hearing.large_fine"].near_misses == ("c 场景",)
    assert [r.rule for r in report.uncovered] == ["t.hearing.first_offence", "t.warning.never"]
    text = render_report(report)
    assert "规则覆盖率: 1/3" in text
    assert "✘ t.warning.never（national）从未成立的提示" in text
    assert "✔ a 场景" in text
    assert "≈ c 场景" in text
    assert "✔ a 场景" not in render_report(report, summary=True)


def test_a_rule_that_held_but_never_narrowly_failed_is_not_covered(tiny_rules: Path) -> None:
    everything = {"t.hearing.large_fine", "t.hearing.first_offence", "t.warning.never"}
    report = build_report(
        load_ruleset(tiny_rules), {"场景": everything}, {"近似": everything - {"t.warning.never"}}
    )
    assert [r.rule for r in report.uncovered] == ["t.warning.never"]
    assert "没有场景使其恰好不成立的规则" in render_report(report, summary=True)


def test_report_round_trips_through_json(tiny_rules: Path, tmp_path: Path) -> None:
    report = build_report(load_ruleset(tiny_rules), {"场景": {"t.hearing.large_fine"}})
    path = tmp_path / "out" / "coverage.json"
    report.write(path)
    assert CoverageReport.read(path) == report


def _run(*args: str) -> tuple[int, str]:
    outcome = CliRunner().invoke(app, ["coverage", *args])
    return outcome.exit_code, outcome.output


def test_cli_fails_on_uncovered_rules(tiny_rules: Path, tmp_path: Path) -> None:
    path = tmp_path / "coverage.json"
    build_report(load_ruleset(tiny_rules), {"场景": {"t.hearing.large_fine"}}).write(path)
    code, output = _run("--rules", str(tiny_rules), "--report", str(path))
    assert code == 1
    assert "没有任何场景使其成立的规则" in output
    assert "t.hearing.first_offence" in output


def test_cli_passes_when_every_rule_is_covered(tiny_rules: Path, tmp_path: Path) -> None:
    path = tmp_path / "coverage.json"
    everything = {"t.hearing.large_fine", "t.hearing.first_offence", "t.warning.never"}
    build_report(load_ruleset(tiny_rules), {"场景": everything}, {"近似": everything}).write(path)
    code, output = _run("--rules", str(tiny_rules), "--report", str(path), "--summary")
    assert code == 0
    assert "规则覆盖率: 3/3" in output
    code, output = _run("--rules", str(tiny_rules), "--report", str(path), "--format", "json")
    assert code == 0
    assert CoverageReport.model_validate_json(output).uncovered == ()


def test_cli_refuses_a_report_of_other_rules(tiny_rules: Path, tmp_path: Path) -> None:
    path = tmp_path / "coverage.json"
    build_report(load_ruleset(tiny_rules), {}).write(path)
    pack = tiny_rules / "national" / "pack.yaml"
    pack.write_text(
        pack.read_text(encoding="utf-8").replace("测试规则", "测试规则（修改）"), encoding="utf-8"
    )
    code, output = _run("--rules", str(tiny_rules), "--report", str(path))
    assert code == 2
    assert "基于另一版本的规则" in output


def test_cli_explains_a_missing_or_broken_report(tiny_rules: Path, tmp_path: Path) -> None:
    code, output = _run("--rules", str(tiny_rules), "--report", str(tmp_path / "none.json"))
    assert code == 2
    assert "找不到覆盖率报告" in output
    broken = tmp_path / "broken.json"
    broken.write_text("{}", encoding="utf-8")
    code, output = _run("--rules", str(tiny_rules), "--report", str(broken))
    assert code == 2
    assert "不是覆盖率报告" in output
