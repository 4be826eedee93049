"""Parsing submitted fact values: every accepted spelling, every rejection, all problems at once."""

from __future__ import annotations

import datetime as dt

import pytest

from engine import RuleSet


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, True),
        (False, False),
        ("是", True),
        ("否", False),
        ("true", True),
        ("FALSE", False),
        (" 是 ", True),
    ],
)
def test_bool_spellings(ruleset: RuleSet, raw: object, expected: bool) -> None:
    facts, problems = ruleset.vocabulary.parse({"hearing_held": raw})
    assert problems == []
    assert facts == {"hearing_held": expected}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (150000, 150000),
        (1500.5, 1500.5),
        ("15万", 150000),
        ("1.5万元", 15000),
        ("150000元", 150000),
        ("150,000", 150000),
        ("3千", 3000),
        ("0", 0),
        (2.0, 2),
    ],
)
def test_money_spellings(ruleset: RuleSet, raw: object, expected: float) -> None:
    facts, problems = ruleset.vocabulary.parse({"拟罚款金额": raw})
    assert problems == []
    assert facts["fine_amount"] == expected


def test_set_accepts_list_and_chinese_enumeration(ruleset: RuleSet) -> None:
    facts, problems = ruleset.vocabulary.parse({"拟处罚种类": "警告、罚款", "enforcement_actions": ["查封"]})
    assert problems == []
    assert facts == {"penalties": frozenset({"警告", "罚款"}), "enforcement_actions": frozenset({"查封"})}


def test_unknown_values_are_absent_not_false(ruleset: RuleSet) -> None:
    facts, problems = ruleset.vocabulary.parse(
        {"hearing_held": None, "complex_case": "未知", "fine_amount": ""}
    )
    assert problems == []
    assert facts == {}


def test_dates_iso_and_chinese(ruleset: RuleSet) -> None:
    facts, problems = ruleset.vocabulary.parse({"决定日期": "2026年11月2日"})
    assert problems == []
    assert facts["decision_date"] == dt.date(2026, 11, 2)


def test_every_problem_is_reported_at_once(ruleset: RuleSet) -> None:
    _, problems = ruleset.vocabulary.parse(
        {
            "经过听政程序": True,  # typo of a label
            "fine_amount": -5,
            "party_type": "法任",
            "penalties": ["罚款", "拘留"],
            "hearing_held": "也许",
            "prior_penalties_2y": -1,
            "decision_date": "2026-13-01",
        }
    )
    by_key = {p.key: p for p in problems}
    assert set(by_key) == {
        "经过听政程序",
        "fine_amount",
        "party_type",
        "penalties",
        "hearing_held",
        "prior_penalties_2y",
        "decision_date",
    }
    assert by_key["经过听政程序"].code == "unknown_fact"
    assert by_key["经过听政程序"].suggestion == "经过听证程序"
    assert by_key["fine_amount"].code == "negative_money"
    assert by_key["party_type"].code == "unknown_value"
    assert by_key["party_type"].suggestion == "法人"
    assert by_key["party_type"].allowed == "自然人、个体工商户、法人、其他组织"
    assert by_key["party_type"].label == "当事人类型"
    assert by_key["penalties"].code == "unknown_value"
    assert "拘留" in by_key["penalties"].message
    assert by_key["hearing_held"].code == "wrong_type"
    assert by_key["prior_penalties_2y"].code == "below_minimum"
    assert by_key["decision_date"].code == "wrong_type"


def test_same_fact_twice_by_id_and_label_is_rejected(ruleset: RuleSet) -> None:
    _, problems = ruleset.vocabulary.parse({"hearing_held": True, "经过听证程序": False})
    assert [p.code for p in problems] == ["duplicate_fact"]


@pytest.mark.parametrize("raw", [True, "十五万", float("inf"), [1], {"a": 1}])
def test_money_rejects_non_amounts(ruleset: RuleSet, raw: object) -> None:
    _, problems = ruleset.vocabulary.parse({"fine_amount": raw})
    assert len(problems) == 1
    assert problems[0].code == "wrong_type"
    assert problems[0].allowed
