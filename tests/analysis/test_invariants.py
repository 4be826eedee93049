"""Legal invariants (``rules/*/invariants.yaml``): the shipped packs prove them, a broken copy does not.

Breaking a rule on a copy of ``rules/`` must make ``lexgate lint`` fail with a counterexample that is a
runnable request: run through ``lexgate decide`` it gives exactly the outcome the invariant forbids.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from tools.lint import lint

ROOT = Path(__file__).resolve().parent.parent.parent
RUNNER = CliRunner()


def copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer has the text this test edits"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def counterexample(message: str) -> dict[str, object]:
    found = re.search(r"反例请求（可用 lexgate decide - 运行）: (\{.*\})", message)
    assert found, message
    request: dict[str, object] = json.loads(found.group(1))
    return request


def test_the_shipped_packs_prove_every_invariant() -> None:
    report = lint(ROOT / "rules", ROOT)
    codes = [p.code for p in report.problems if p.code.startswith("invariant")]
    assert codes == []
    assert report.invariants >= 20  # every item of issue 12 has at least one


def test_a_field_gate_put_back_on_213_is_caught_with_a_runnable_counterexample(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    edit(
        rules / "national" / "transfer.yaml",
        "        - {fact: counterfeit_trademark}\n        - {fact: illegal_business_amount,",
        "        - {fact: field, in: [商标, 产品质量, 其他]}\n"
        "        - {fact: counterfeit_trademark}\n        - {fact: illegal_business_amount,",
    )
    report = lint(rules, tmp_path)
    violated = [p for p in report.errors if p.code == "invariant_violated"]
    assert [p.rule for p in violated] == ["national.invariant.trademark_any_field"]
    request = counterexample(violated[0].message)
    facts = request["facts"]
    assert isinstance(facts, dict)
    assert facts["假冒注册商标"] == "是" and facts["非法经营数额"] >= 50000
    assert facts.get("案件领域") not in ("商标", "产品质量", "其他")
    given = json.dumps(request, ensure_ascii=False)
    run = RUNNER.invoke(app, ["decide", "-", "--rules", str(rules), "--format", "json"], input=given)
    assert run.exit_code == 0, run.output
    assert json.loads(run.output)["decisions"]["judicial_transfer"]["outcome"] == "not_required"
    cli = RUNNER.invoke(app, ["lint", str(rules)])
    assert cli.exit_code == 1 and "invariant_violated" in cli.output and "反例请求" in cli.output


def test_an_open_ground_closed_again_is_caught_on_a_case_with_an_unknown_fact(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    edit(
        rules / "national" / "hearing.yaml",
        "        - {fact: penalties, contains_any: [暂扣许可证件, 限制开展生产经营活动]}\n"
        "        - {fact: other_heavier_penalty}",
        "        - {fact: penalties, contains_any: [暂扣许可证件, 限制开展生产经营活动]}\n"
        "        - {fact: other_heavier_penalty}\n        - {fact: hearing_held}",
    )
    report = lint(rules, tmp_path)
    violated = {p.rule: p for p in report.errors if p.code == "invariant_violated"}
    assert "national.invariant.hearing_open_grounds" in violated
    facts = counterexample(violated["national.invariant.hearing_open_grounds"].message)["facts"]
    assert isinstance(facts, dict)
    assert "属于其他较重的行政处罚或规定应当听证的情形" not in facts  # left unknown, as the invariant says


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("invariants: 3\n", "invariant_invalid"),
        (
            "invariants:\n  - id: x\n    title: t\n    when: {fact: 没有这个事实}\n"
            "    then: {decision: 公示, is: 需要}\n",
            "invariant_invalid",
        ),
        (
            "invariants:\n  - id: x\n    title: t\n    when: {fact: 假冒专利}\n"
            "    then: {decision: 没有这个决定, is: 需要}\n",
            "invariant_invalid",
        ),
        (
            "invariants:\n  - id: x\n    title: t\n    jurisdictions: [火星]\n    when: {fact: 假冒专利}\n"
            "    then: {decision: 公示, is: 需要}\n",
            "invariant_invalid",
        ),
    ],
)
def test_a_malformed_invariant_is_an_error_that_says_where(tmp_path: Path, text: str, code: str) -> None:
    rules = copy_rules(tmp_path)
    (rules / "national" / "invariants.yaml").write_text(text, encoding="utf-8")
    report = lint(rules, tmp_path)
    found = [p for p in report.errors if p.code == code]
    assert found and found[0].location.file.endswith("national/invariants.yaml")


def test_an_invariant_that_the_rules_do_not_guarantee_is_reported_not_proven(tmp_path: Path) -> None:
    rules = copy_rules(tmp_path)
    (rules / "hunan" / "invariants.yaml").write_text(
        "invariants:\n  - id: hunan.invariant.too_strong\n    title: 任何处罚都须集体讨论\n"
        "    when: {fact: 执法行为类别, eq: 行政处罚}\n    then: {decision: 集体讨论, is: 需要}\n",
        encoding="utf-8",
    )
    report = lint(rules, tmp_path)
    assert [p.rule for p in report.errors if p.code == "invariant_violated"] == ["hunan.invariant.too_strong"]
