"""``lexgate diff``: each kind of change between two small rules directories is named."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from cli import app

FACTS = """facts:
  - {id: party_type, label: 当事人类型, type: enum, values: [自然人, 法人], question: 当事人类型？}
  - {id: fine_amount, label: 拟罚款金额, type: money, question: 拟罚款金额？}
  - {id: hearing_held, label: 经过听证程序, type: bool, question: 是否经过听证？}
"""
OLD = """pack: national
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
    title: 较大数额罚款应告知听证
    basis: [《中华人民共和国行政处罚法》第六十三条第一款第（一）项]
    decision: hearing_notice
    when:
      all:
        - {fact: party_type, eq: 自然人}
        - {fact: fine_amount, ge: {param: hearing.fine}}
  - id: national.hearing.held
    title: 经过听证
    basis: [《中华人民共和国行政处罚法》第六十三条]
    decision: hearing_notice
    when: {fact: hearing_held}
"""
NEW = (
    OLD.replace("value: 10000}", "value: 10000, to: 2026-12-31}\n      - {from: 2027-01-01, value: 12000}")
    .replace("{fact: party_type, eq: 自然人}", "{fact: party_type, in: [自然人, 法人]}")
    .replace(
        "    title: 经过听证\n",
        "    title: 经过听证\n    effective_from: 2022-01-01\n",
    )
    .replace(
        "  - id: national.hearing.held",
        "  - id: national.hearing.new\n    title: 新规则\n"
        "    basis: [《中华人民共和国行政处罚法》第六十四条]\n"
        "    decision: hearing_notice\n    when: {fact: fine_amount, gt: 500000}\n"
        "  - id: national.hearing.held",
    )
)


def _dir(root: Path, pack: str) -> Path:
    (root / "national").mkdir(parents=True)
    (root / "facts.yaml").write_text(FACTS, encoding="utf-8")
    (root / "national" / "pack.yaml").write_text(pack, encoding="utf-8")
    return root


def test_diff_names_every_change(tmp_path: Path) -> None:
    old, new = _dir(tmp_path / "old", OLD), _dir(tmp_path / "new", NEW)
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "--format", "json"])
    assert result.exit_code == 0, result.output
    changes = {(c["what"], c["id"]): c for c in json.loads(result.stdout)["changes"]}
    assert set(changes) == {
        ("parameter", "hearing.fine"),
        ("rule", "national.hearing.fine"),
        ("rule", "national.hearing.new"),
        ("rule", "national.hearing.held"),
    }
    param = {f["field"]: f for f in changes[("parameter", "hearing.fine")]["fields"]}
    assert param["value_to"]["new"] == "2026-12-31"
    assert param["value"]["new"]["value"] == 12000
    assert changes[("rule", "national.hearing.new")]["kind"] == "added"
    held = changes[("rule", "national.hearing.held")]["fields"]
    assert [(f["field"], f["old"], f["new"]) for f in held] == [("effective_from", None, "2022-01-01")]
    condition = changes[("rule", "national.hearing.fine")]["fields"][0]
    assert condition["field"] == "condition"
    assert "当事人类型为自然人" in condition["text"] and "属于：自然人、法人" in condition["text"]


def test_diff_threshold_text_and_exit_code(tmp_path: Path) -> None:
    old = _dir(tmp_path / "old", OLD)
    new = _dir(tmp_path / "new", OLD.replace("value: 10000}", "value: 5000}"))
    result = CliRunner().invoke(app, ["diff", str(old), str(new), "--exit-code"])
    assert result.exit_code == 1
    assert "自 2021-07-15 起的取值由 10,000 改为 5,000" in result.stdout
    same = CliRunner().invoke(app, ["diff", str(old), str(old), "--exit-code"])
    assert same.exit_code == 0 and "没有差异" in same.stdout
