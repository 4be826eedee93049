"""``lexgate decide``: output formats, batch mode, and exit 2 with a clear message on bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "jiangxi_hearing_fine.json"
runner = CliRunner()


def decide(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["decide", "--executor", "compiled", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def test_json_output_follows_the_contract() -> None:
    code, out, _ = decide(str(EXAMPLE))
    assert code == 0
    result = json.loads(out)
    assert set(result) >= {
        "case_id",
        "jurisdiction",
        "as_of",
        "ruleset",
        "decisions",
        "missing_facts",
        "decision_id",
    }
    legal = result["decisions"]["legal_review"]
    assert legal["label"] == "法制审核"
    assert legal["outcome"] == "required"
    assert legal["detail"] == {"reviewer": "法制机构", "timing": "听证结束后"}
    assert any("第五十八条" in b for r in legal["reasons"] for b in r["basis"])
    assert result["ruleset"]["digest"].startswith("sha256:")


def test_text_output_is_readable_chinese() -> None:
    code, out, _ = decide(str(EXAMPLE), "--format", "text")
    assert code == 0
    assert "【法制审核】需要" in out
    assert "依据: 《中华人民共和国行政处罚法》第五十八条" in out
    assert "【案件审核】无法确定" in out  # only 经过听证 is known: 案件审核 before 告知 is still open


def test_stdin_and_undetermined_lists_questions() -> None:
    request = {
        "jurisdiction": "全国",
        "as_of": "2026-11-01",
        "facts": {"执法行为类别": "行政处罚", "适用程序": "普通程序"},
    }
    code, out, _ = decide("-", "--format", "text", stdin=json.dumps(request, ensure_ascii=False))
    assert code == 0
    assert "【法制审核】无法确定" in out
    assert "案件情况疑难复杂: 本案案件情况是否疑难复杂？" in out


def test_bad_fact_value_exits_2_naming_the_fact_and_allowed_values(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {"jurisdiction": "全国", "facts": {"当事人类型": "法任", "拟罚款金额": "-1"}}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    code, out, err = decide(str(bad))
    assert code == 2
    assert out == ""
    assert "当事人类型（party_type）" in err
    assert "允许的取值: 自然人、个体工商户、法人、其他组织" in err
    assert "您是否想输入: 法人" in err
    assert "拟罚款金额（fine_amount）: 金额不能为负数" in err


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        ('{"jurisdiction": "火星"}', "未知的管辖地 '火星'"),
        ('{"facts": {}}', "jurisdiction: 缺少必填字段"),
        ('{"jurisdiction": "全国", "as_of": "2026-02-30"}', "as_of: 日期格式应为 YYYY-MM-DD"),
        ('{"jurisdiction": "全国", "fact": {}}', "fact: 不认识的字段"),
        ("{not json", "不是合法的 JSON"),
        ('{"jurisdiction": "全国", "facts": {"罚款金额": 1}}', "您是否想输入: 拟罚款金额"),
    ],
)
def test_request_errors_exit_2(payload: str, expected: str) -> None:
    code, _, err = decide("-", stdin=payload)
    assert code == 2
    assert expected in err


def test_missing_file_exits_2() -> None:
    code, _, err = decide("no-such-case.json")
    assert code == 2
    assert "找不到文件 no-such-case.json" in err


def test_date_outside_parameter_validity_exits_2() -> None:
    code, _, err = decide("-", stdin='{"jurisdiction": "全国", "as_of": "2019-01-01"}')
    assert code == 2
    assert "没有生效的取值" in err


def test_batch_processes_every_line_and_reports_bad_ones() -> None:
    good = json.dumps({"case_id": "A", "jurisdiction": "全国", "as_of": "2026-11-01", "facts": {}})
    bad = json.dumps({"case_id": "B", "jurisdiction": "全国", "facts": {"hearing_held": "maybe"}})
    code, out, err = decide("-", "--batch", stdin="\n".join([good, bad, "", good]))
    assert code == 2
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line.get("case_id") for line in lines] == ["A", None, "A"]
    assert lines[1]["line"] == 2 and lines[1]["error"]["code"] == "invalid_input"
    assert "第 2 行" in err


def test_unknown_executor_exits_2() -> None:
    result = runner.invoke(app, ["decide", str(EXAMPLE), "--executor", "fast"])
    assert result.exit_code == 2
    assert "未知的执行器" in result.stderr
