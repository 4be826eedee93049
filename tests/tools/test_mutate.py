"""``lexgate mutate``: a planted pack whose scenarios miss one change yields exactly that survivor,
with a scenario that, pasted, catches it; a change no case can tell apart is equivalent."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli import app
from tools.mutate import MutateReport, mutate
from tools.mutate.features import read_features

FACTS = """facts:
  - {id: party_type, label: 当事人类型, type: enum, values: [自然人, 法人], question: 当事人类型？}
  - {id: fine_amount, label: 拟罚款金额, type: money, question: 拟罚款金额？}
"""
PACK = """pack: national
jurisdiction: 全国
title: 全国
decisions:
  - {id: hearing_notice, label: 听证告知}
parameters:
  - id: hearing.fine
    label: 较大数额罚款
    source: 《市场监督管理行政处罚听证办法》第五条第一款第（三）项
    values:
      - {from: 2021-07-15, value: 10000}
rules:
  - id: national.hearing.fine
    title: 自然人较大数额罚款应告知听证
    basis: [《中华人民共和国行政处罚法》第六十三条第一款第（一）项]
    decision: hearing_notice
    effective_from: 2021-07-15
    when:
      all:
        - {fact: party_type, eq: 自然人}
        - {fact: fine_amount, ge: {param: hearing.fine}}
"""
# Weak on purpose: no scenario has a 法人 with a large fine, so dropping "当事人类型为自然人" survives.
FEATURE = """功能: 听证告知

  背景:
    假如 管辖地为"全国"

  场景大纲: 自然人罚款达到较大数额的须告知听证，少一元则不需要
    假如 案件事实如下:
      | 事实 | 值 |
      | 当事人类型 | 自然人 |
      | 拟罚款金额 | <金额> |
    当 进行分流
    那么 "听证告知"的结论应为"<结论>"

    例子:
      | 金额 | 结论 |
      | 10000 | 需要 |
      | 9999 | 不需要 |

  场景: 施行首日
    假如 评估日期为"2021-07-15"
    而且 "当事人类型"为"自然人"
    而且 "拟罚款金额"为"10000"
    当 进行分流
    那么 "听证告知"的结论应为"需要"

  场景: 法人的小额罚款
    假如 "当事人类型"为"法人"
    而且 "拟罚款金额"为"5000"
    当 进行分流
    那么 "听证告知"的结论应为"不需要"
"""
SUGGESTION = """  场景: 区分变异：删去 all 的第 1 个条件（rules/national/pack.yaml:20:11）
    假如 管辖地为"全国"
    而且 案件事实如下:
      | 事实 | 值 |
      | 当事人类型 | 法人 |
      | 拟罚款金额 | 10000 |
    当 进行分流
    那么 "听证告知"的结论应为"不需要"
"""


def _planted(root: Path, feature: str = FEATURE) -> tuple[Path, Path]:
    (root / "rules" / "national").mkdir(parents=True)
    (root / "features").mkdir()
    (root / "rules" / "facts.yaml").write_text(FACTS, encoding="utf-8")
    (root / "rules" / "national" / "pack.yaml").write_text(PACK, encoding="utf-8")
    (root / "features" / "hearing.feature").write_text(feature, encoding="utf-8")
    return root / "rules", root / "features"


def _run(root: Path) -> MutateReport:
    rules, features = (root / "rules", root / "features")
    return mutate(rules, root, features, jobs=1)


def test_the_weak_scenario_leaves_exactly_one_survivor_with_its_scenario(tmp_path: Path) -> None:
    _planted(tmp_path)
    report = _run(tmp_path)
    survivors = [(o.where, o.description) for o in report.survivors]
    assert survivors == [("rules/national/pack.yaml:20:11", "删去 all 的第 1 个条件")]
    assert report.survivors[0].suggestion == SUGGESTION
    caught = {o.description: o.by for o in report.outcomes if o.verdict == "scenario"}
    assert caught["数值 10000 改为 9999"].startswith("features/hearing.feature:6 ")
    # ge → gt: only the scenarios with exactly 10000 元 tell it apart
    assert caught["比较 ge 改为 gt"].endswith(("[金额=10000，结论=需要]", "施行首日"))
    assert caught["从 values 列表删去「法人」"] == "features/hearing.feature:26 法人的小额罚款"
    lint = {o.description for o in report.outcomes if o.verdict == "lint"}
    assert lint == {"从 values 列表删去「自然人」", "effective_from 日期 2021-07-15 改为 2021-07-14"}
    assert report.total.mutants == 14 and report.total.survived == 1


def test_pasting_the_suggestion_catches_the_survivor(tmp_path: Path) -> None:
    _planted(tmp_path, FEATURE + "\n" + SUGGESTION)
    report = _run(tmp_path)
    assert report.survivors == ()
    assert report.total.score == 1.0


def test_a_parameter_starting_earlier_than_its_only_rule_is_equivalent(tmp_path: Path) -> None:
    _planted(tmp_path)
    report = _run(tmp_path)
    equivalent = [(o.where, o.description) for o in report.outcomes if o.verdict == "equivalent"]
    assert equivalent == [("rules/national/pack.yaml:11:16", "from 日期 2021-07-15 改为 2021-07-14")]
    national = next(p for p in report.packs if p.pack == "national")
    assert (national.mutants, national.equivalent, national.survived) == (12, 1, 1)
    assert national.score == 10 / 11


def test_the_cli_prints_the_survivor_in_chinese_and_holds_the_score(
    tmp_path: Path, monkeypatch: object
) -> None:
    rules, features = _planted(tmp_path)
    runner = CliRunner()
    args = ["mutate", str(rules), "--features", str(features), "--jobs", "2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "删去 all 的第 1 个条件：存活（没有场景发现）" in result.stdout
    assert SUGGESTION.splitlines()[4] in result.stdout
    below = runner.invoke(app, [*args, "--min-score", "0.99"])
    assert below.exit_code == 1
    as_json = runner.invoke(app, [*args, "--only", "national", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert data["mutants"] == 12 and {o["pack"] for o in data["outcomes"]} == {"national"}


def test_a_scenario_failing_on_the_original_packs_is_refused(tmp_path: Path) -> None:
    rules, features = _planted(tmp_path, FEATURE.replace('"<结论>"', '"需要"'))
    result = CliRunner().invoke(app, ["mutate", str(rules), "--features", str(features), "--jobs", "1"])
    assert result.exit_code == 2
    assert "在未变异的规则上就不通过" in result.stderr and "[金额=9999，结论=不需要]" in result.stderr


def test_outlines_and_repeated_cases_are_read_as_the_bdd_suite_runs_them(tmp_path: Path) -> None:
    _, features = _planted(
        tmp_path,
        FEATURE + '\n  场景: 两次分流\n    假如 "当事人类型"为"自然人"\n'
        '    当 进行分流\n    那么 "听证告知"的结论应为"无法确定"\n'
        '    假如 "拟罚款金额"为"1"\n    当 进行分流\n    那么 "听证告知"的结论应为"不需要"\n',
    )
    scenarios = read_features(features, tmp_path)
    assert [s.name.split(" ", 1)[1] for s in scenarios][:2] == [
        "自然人罚款达到较大数额的须告知听证，少一元则不需要 [金额=10000，结论=需要]",
        "自然人罚款达到较大数额的须告知听证，少一元则不需要 [金额=9999，结论=不需要]",
    ]
    twice = scenarios[-1]
    assert twice.facts == {"当事人类型": "自然人"} and twice.checks == ['"听证告知"的结论应为"无法确定"']
    assert twice.then[0].facts == {"当事人类型": "自然人", "拟罚款金额": "1"}
    assert twice.then[0].jurisdiction == "全国"


DERIVED_PACK = """pack: national
jurisdiction: 全国
title: 全国
decisions:
  - {id: collective, label: 集体讨论}
derived:
  - id: big_case
    label: 大额案件
    description: 拟罚款五万元以上的案件。
rules:
  - id: national.big_case
    title: 拟罚款五万元以上的属于大额案件
    basis: [《某规定》第一条]
    effective_from: 2022-01-01
    derive: big_case
    when: {fact: fine_amount, ge: 50000}
  - id: national.collective.big_case
    title: 大额案件须集体讨论
    basis: [《某规定》第二条]
    decision: collective
    effective_from: 2022-01-01
    when: {fact: big_case}
"""
DERIVED_FEATURE = """功能: 集体讨论

  场景大纲: 罚款五万元以上的须集体讨论
    假如 管辖地为"全国"
    而且 "拟罚款金额"为"<金额>"
    当 进行分流
    那么 "集体讨论"的结论应为"<结论>"

    例子:
      | 金额 | 结论 |
      | 50000 | 需要 |
      | 49999 | 不需要 |
"""


def test_a_change_only_a_conclusion_no_decision_reads_sees_is_equivalent(tmp_path: Path) -> None:
    """The 中间结论 starting a day early differs on 2021-12-31, when no decision reads it yet: no outcome
    changes; starting a day late, the decision reading it changes on 2022-01-01."""
    rules, features = _planted(tmp_path, DERIVED_FEATURE)
    (rules / "national" / "pack.yaml").write_text(DERIVED_PACK, encoding="utf-8")
    report = mutate(rules, tmp_path, features, only="national", jobs=1)
    verdicts = {o.description: o.verdict for o in report.outcomes if o.where.endswith(":14:21")}
    assert verdicts == {
        "effective_from 日期 2022-01-01 改为 2022-01-02": "survived",
        "effective_from 日期 2022-01-01 改为 2021-12-31": "equivalent",
    }
