"""What a policy writer sees when a step is wrong: a clear Chinese message, never a bare assertion."""

from __future__ import annotations

import pytest

from engine import RuleSet

from .support import ScenarioCase, choose_executor

Failed = pytest.fail.Exception


@pytest.fixture
def case(ruleset: RuleSet) -> ScenarioCase:
    return ScenarioCase(ruleset, choose_executor(), "features/示例.feature:1 示例")


def test_unknown_fact_label_lists_the_names_and_a_guess(case: ScenarioCase) -> None:
    with pytest.raises(Failed) as failed:
        case.set_fact("罚款金额", "200")
    message = str(failed.value)
    assert "没有名为「罚款金额」的事实" in message
    assert "您是否想写「拟罚款金额」" in message
    assert "可用的事实名称: 执法行为类别、" in message


def test_unknown_jurisdiction_lists_the_known_ones(case: ScenarioCase) -> None:
    with pytest.raises(Failed, match=r"可用的管辖地: .*江西省宜春市"):
        case.set_jurisdiction("宜春市")


def test_fact_table_needs_its_header(case: ScenarioCase) -> None:
    with pytest.raises(Failed, match=r'第一行必须是 "\| 事实 \| 值 \|"'):
        case.set_table([["名称", "取值"], ["拟罚款金额", "200"]])


def test_checking_before_triage_says_what_to_write(case: ScenarioCase) -> None:
    case.set_jurisdiction("全国")
    with pytest.raises(Failed, match="当 进行分流"):
        case.expect_outcome("法制审核", "需要")


def _triaged(case: ScenarioCase, jurisdiction: str) -> ScenarioCase:
    case.set_jurisdiction(jurisdiction)
    case.set_table([["事实", "值"], ["执法行为类别", "行政处罚"], ["适用程序", "普通程序"]])
    case.triage()
    return case


def test_wrong_outcome_prints_the_triage_in_chinese(case: ScenarioCase) -> None:
    _triaged(case, "全国")
    with pytest.raises(Failed) as failed:
        case.expect_outcome("法制审核", "需要")
    message = str(failed.value)
    assert message.startswith("「法制审核」的结论应为「需要」，实际为「无法确定」")
    assert "本场景的分流结果:" in message
    assert "【法制审核】无法确定" in message
    assert "依据: 《中华人民共和国行政处罚法》第五十八条" in message


def test_unknown_outcome_and_decision_labels_list_the_allowed_ones(case: ScenarioCase) -> None:
    _triaged(case, "全国")
    with pytest.raises(Failed, match="可用的结论: 需要、不需要、无法确定"):
        case.expect_outcome("法制审核", "必须")
    with pytest.raises(Failed, match="没有名为「法制审查」的决定；您是否想写「法制审核」？"):
        case.expect_outcome("法制审查", "需要")


def test_a_local_decision_elsewhere_is_named_as_absent_here(case: ScenarioCase) -> None:
    _triaged(case, "湖南省衡阳市")
    with pytest.raises(Failed, match="湖南省衡阳市没有「简易会议」这一决定"):
        case.expect_outcome("简易会议", "不需要")
    case.expect_absent("简易会议")


def test_an_empty_set_is_written_as_none(case: ScenarioCase) -> None:
    case.set_fact("执法环节", "无")
    assert case.facts["enforcement_actions"] == []


def test_a_rule_that_should_not_be_a_reason_is_named_with_the_reasons(case: ScenarioCase) -> None:
    case.set_jurisdiction("全国")
    facts = [
        ["执法行为类别", "行政处罚"],
        ["案件领域", "产品质量"],
        ["生产销售伪劣产品", "是"],
        ["销售金额", "60000"],
    ]
    case.set_table([["事实", "值"], *facts])
    case.triage()
    case.expect_no_rule("移送司法机关", "national.judicial_transfer.substandard_product.combined")  # holds
    with pytest.raises(Failed) as failed:
        case.expect_no_rule("移送司法机关", "national.judicial_transfer.substandard_product.sales")
    message = str(failed.value)
    assert message.startswith(
        "「移送司法机关」的理由不应包括规则 national.judicial_transfer.substandard_product.sales"
    )
    assert "本场景的分流结果:" in message
