"""Triage semantics on a small fixture pack that uses every construct of the rule language."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine import (
    InputInvalid,
    ParameterNotInForce,
    RuleSet,
    TriageResult,
    get_executor,
    load_ruleset,
    parse_request,
    triage,
)
from tests.conftest import ROOT

NATIONAL, PROVINCE, CITY = "全国", "某省", "某省某市"


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    return load_ruleset(ROOT / "tests" / "fixtures" / "semantics")


def run(rules: RuleSet, facts: dict[str, Any], where: str = NATIONAL, on: str = "2026-11-02") -> TriageResult:
    request = parse_request(rules, {"jurisdiction": where, "as_of": on, "facts": facts}, dt.date(2000, 1, 1))
    return triage(rules, request, get_executor("compiled"))


def missing(result: TriageResult, decision: str) -> list[str]:
    return [m.fact for m in result.decisions[decision].missing_facts]


def test_missing_fact_is_unknown_and_listed_exactly(rules: RuleSet) -> None:
    result = run(rules, {"penalties": ["罚款"]})
    review = result.decisions["review"]
    assert review.outcome == "undetermined"
    # the fine amount decides 较大数额罚款 and hearing the other rule in force; nothing else is asked
    assert missing(result, "review") == ["fine_amount", "hearing_held"]
    # while the complexity rule was in force (to 2023-12-31) it was asked too
    assert missing(run(rules, {"penalties": ["罚款"]}, on="2023-06-01"), "review") == [
        "fine_amount",
        "hearing_held",
        "complex_case",
    ]


def test_a_fact_that_cannot_matter_is_not_asked(rules: RuleSet) -> None:
    result = run(rules, {"hearing_held": True})
    assert result.outcome("review") == "required"
    assert missing(result, "review") == []
    # toxic matters only in food cases: in a price case the transfer does not ask for it
    price = run(rules, {"field": "价格", "sales_amount": 0, "unsold_goods_value": 0})
    assert price.outcome("transfer") == "not_required"
    assert "toxic" not in [m.fact for m in price.missing_facts]


def test_parameters_are_dated_and_overridden_per_jurisdiction(rules: RuleSet) -> None:
    facts = {"penalties": ["罚款"], "fine_amount": 11000, "hearing_held": False, "complex_case": False}
    facts["field"] = "食品"  # the province's price exception needs to know the field
    assert run(rules, facts, NATIONAL, "2023-06-01").outcome("review") == "required"  # 10,000 then
    assert run(rules, facts, NATIONAL, "2024-06-01").outcome("review") == "not_required"  # 12,000 from 2024
    facts["fine_amount"] = 3000
    assert run(rules, facts, PROVINCE, "2024-06-01").outcome("review") == "required"  # 省 override 3,000
    assert (
        run(rules, facts, PROVINCE, "2021-06-01").outcome("review") == "not_required"
    )  # before the override
    facts["fine_amount"] = 2999
    assert run(rules, facts, PROVINCE, "2024-06-01").outcome("review") == "not_required"


def test_threshold_reason_names_the_parameter_in_force(rules: RuleSet) -> None:
    result = run(rules, {"penalties": ["罚款"], "fine_amount": 3000}, PROVINCE)
    reason = next(r for r in result.decisions["review"].reasons if r.rule == "national.review.large_fine")
    derived = reason.because[0]
    amount = next(c for c in derived.conditions if c.fact == "fine_amount")
    assert amount.params[0].value == 3000
    assert amount.params[0].pack == "province"
    assert amount.params[0].source == "某省规定第一条"
    assert "3,000" in amount.test


def test_effective_period_of_a_rule(rules: RuleSet) -> None:
    facts = {"complex_case": True, "hearing_held": False, "penalties": []}
    assert run(rules, facts, NATIONAL, "2023-12-31").outcome("review") == "required"
    later = run(rules, facts, NATIONAL, "2024-01-01")
    assert later.outcome("review") == "not_required"
    assert "national.review.complex" not in [r.rule for r in later.decisions["review"].reasons]


def test_declared_exception_defeats_its_target_only_where_declared(rules: RuleSet) -> None:
    facts = {
        "penalties": ["罚款"],
        "fine_amount": 50000,
        "field": "价格",
        "hearing_held": False,
        "complex_case": False,
    }
    assert run(rules, facts, NATIONAL).outcome("review") == "required"
    excepted = run(rules, facts, PROVINCE)
    assert excepted.outcome("review") == "not_required"
    why_not = excepted.decisions["review"].reasons
    large = next(r for r in why_not if r.rule == "national.review.large_fine")
    exception = next(c for c in large.conditions if c.kind == "exception")
    assert exception.result is False and exception.fact == "province.review.price_exception"
    # an unknown exception leaves the outcome open, and asks for the fact the exception needs
    del facts["field"]
    open_ = run(rules, facts, PROVINCE)
    assert open_.outcome("review") == "undetermined"
    assert missing(open_, "review") == ["field"]


def test_replacement_and_amended_detail(rules: RuleSet) -> None:
    national = run(rules, {"hearing_held": True}, NATIONAL)
    assert national.decisions["review"].detail == {"reviewer": "法制机构", "timing": "听证结束后"}
    province = run(rules, {"hearing_held": True}, PROVINCE)
    assert province.decisions["review"].detail == {"reviewer": "省局法制处", "timing": "听证结束后"}
    city = run(rules, {"hearing_held": True}, CITY)
    assert city.decisions["review"].detail == {"reviewer": "省局法制处", "timing": "听证结束后五日内"}
    assert [r.rule for r in city.decisions["review"].reasons] == ["city.review.hearing"]


def test_local_decision_is_absent_elsewhere(rules: RuleSet) -> None:
    assert "meeting" not in run(rules, {}, PROVINCE).decisions
    assert "meeting" in run(rules, {}, CITY).decisions


def test_also_input_fact_given_wins_otherwise_derived(rules: RuleSet) -> None:
    base = {"hearing_held": True}
    assert run(rules, {**base, "field": "食品"}, CITY).outcome("meeting") == "required"
    assert (
        run(rules, {**base, "field": "食品", "livelihood_field": False}, CITY).outcome("meeting")
        == "not_required"
    )
    assert (
        run(rules, {**base, "field": "价格", "livelihood_field": True}, CITY).outcome("meeting") == "required"
    )
    unknown = run(rules, base, CITY)
    assert unknown.outcome("meeting") == "undetermined"
    # the handler may answer either the field (from which it is derived) or the fact itself
    assert missing(unknown, "meeting") == ["field", "livelihood_field"]


def test_chained_decision_reason_is_a_proof_tree(rules: RuleSet) -> None:
    result = run(rules, {"penalties": ["罚款"], "fine_amount": 20000, "field": "食品"}, CITY)
    meeting = result.decisions["meeting"]
    assert meeting.outcome == "required"
    (reason,) = meeting.reasons
    nested = {r.concludes: r for r in reason.because}
    assert set(nested) == {"livelihood_field", "review"}
    assert nested["review"].because[0].rule == "national.large_fine"


@pytest.mark.parametrize(
    ("sales", "unsold", "outcome"),
    [
        (50000, 0, "required"),  # 3 × 50,000 = 150,000
        (49999, 3, "required"),
        (49999, 2, "not_required"),
        (60000, None, "required"),  # the known part already reaches the threshold
        (40000, None, "undetermined"),  # the unknown remainder could still reach it
        (None, 150000, "required"),
    ],
)
def test_weighted_sum_with_unknown_terms(
    rules: RuleSet, sales: int | None, unsold: int | None, outcome: str
) -> None:
    facts: dict[str, Any] = {"field": "其他"}
    if sales is not None:
        facts["sales_amount"] = sales
    if unsold is not None:
        facts["unsold_goods_value"] = unsold
    assert run(rules, facts).outcome("transfer") == outcome


def test_collected_detail_lists_every_offence(rules: RuleSet) -> None:
    result = run(rules, {"field": "食品", "toxic": True, "sales_amount": 80000})
    offences = result.decisions["transfer"].detail["offences"]  # type: ignore[index]
    assert [o["offence"] for o in offences] == ["生产、销售有毒、有害食品罪", "生产、销售伪劣产品罪"]


def test_due_date_counts_chinese_working_days(rules: RuleSet) -> None:
    # 2026-09-30 + 7 working days: 10-08, 10-09, 10-10 (调休 Saturday), 10-12 … 10-15
    result = run(rules, {"action_type": "行政处罚", "penalties": ["罚款"], "decision_date": "2026-09-30"})
    assert result.decisions["publicity"].detail == {"due_date": "2026-10-15", "limit": 7}
    holiday = run(rules, {"action_type": "行政处罚", "penalties": ["罚款"], "decision_date": "2026-10-03"})
    assert holiday.decisions["publicity"].detail["due_date"] == "2026-10-15"  # type: ignore[index]


def test_due_date_beyond_published_schedule_is_refused_with_a_reason(rules: RuleSet) -> None:
    result = run(rules, {"action_type": "行政处罚", "penalties": ["罚款"], "decision_date": "2026-12-28"})
    detail = result.decisions["publicity"].detail
    assert detail is not None and detail["due_date"] is None
    assert "2027" in detail["due_date_note"] and "尚未公布" in detail["due_date_note"]


def test_due_date_needs_the_decision_date(rules: RuleSet) -> None:
    result = run(rules, {"action_type": "行政处罚", "penalties": ["罚款"]})
    assert result.outcome("publicity") == "required"
    assert missing(result, "publicity") == ["decision_date"]


def test_negated_set_test_and_warning(rules: RuleSet) -> None:
    warned = run(rules, {"action_type": "行政处罚", "penalties": ["警告"], "fine_amount": 500})
    assert warned.outcome("publicity") == "not_required"
    assert [w.rule for w in warned.warnings] == ["national.warning.fine_without_kind"]
    assert {f.fact for f in warned.warnings[0].facts} == {"fine_amount", "penalties"}


def test_why_not_names_closest_rules_and_failed_conditions(rules: RuleSet) -> None:
    result = run(
        rules,
        {"penalties": ["罚款"], "fine_amount": 9999, "hearing_held": False, "complex_case": False},
        on="2023-01-01",
    )
    review = result.decisions["review"]
    assert review.outcome == "not_required"
    assert review.reasons, "a not_required outcome names the closest rules"
    for reason in review.reasons:
        assert any(c.result is False for c in reason.conditions)


def test_unknown_jurisdiction_lists_the_known_ones(rules: RuleSet) -> None:
    with pytest.raises(InputInvalid) as err:
        run(rules, {}, "某省某县")
    problem = err.value.problems[0]
    assert problem.code == "unknown_jurisdiction"
    assert problem.allowed == "全国、某省、某省某市"


def test_date_before_any_parameter_value_is_a_clear_error(rules: RuleSet) -> None:
    # named in words (issue 17): the parameter by its label, the date as 年月日, the rule by its title
    with pytest.raises(
        ParameterNotInForce, match=r"参数「[^」]+」在2019年6月1日没有生效的取值.*规则「[^」]+」"
    ):
        run(rules, {}, NATIONAL, "2019-06-01")
