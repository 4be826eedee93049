"""The time of the act (engine.timing): the limitation period and the choice of the lenient law."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from engine import ParsedRequest, TriageResult, default_rules_dir, load_ruleset, parse_request, triage_in_time
from engine.evaluate import triage as triage_on_as_of
from engine.timing.periods import add_years, limitation

D = dt.date


def test_add_years_keeps_the_day_and_moves_29_february_to_28() -> None:
    assert add_years(D(2021, 8, 1), 2) == D(2023, 8, 1)
    assert add_years(D(2024, 2, 29), 2) == D(2026, 2, 28)


@pytest.mark.parametrize(
    ("discovered", "harm", "status"),
    [
        (D(2023, 8, 1), None, "within"),  # the second anniversary is still within (内 includes the day)
        (D(2023, 8, 2), False, "expired"),
        (D(2023, 8, 2), None, "undetermined"),
        (D(2023, 8, 2), True, "within"),
        (D(2026, 8, 1), True, "within"),
        (D(2026, 8, 2), True, "expired"),
        (D(2026, 8, 2), None, "expired"),
        (D(2021, 7, 1), None, "not_checked"),  # discovered before the act: the dates are checked first
        (None, None, "not_checked"),
    ],
)
def test_limitation_period(discovered: dt.date | None, harm: bool | None, status: str) -> None:
    assert limitation(D(2021, 8, 1), discovered, harm).status == status


def test_no_act_date_no_limitation_check() -> None:
    assert limitation(None, D(2025, 1, 1), False).status == "not_checked"


RULESET = load_ruleset(default_rules_dir())
TRANSFER_FACTS = {
    "执法行为类别": "行政处罚",
    "当事人类型": "法人",
    "案件领域": "价格",
    "非法经营行为": "是",
    "非法经营数额": 600000,
    "违法行为发生日期": "2022-03-01",
}
NO_TRANSFER_FACTS = {
    **TRANSFER_FACTS,
    "非法经营数额": 1000,
    "违法所得数额": 0,
    "二年内同类违法受行政处罚次数": 0,
}
for key in (
    "假冒注册商标",
    "销售假冒注册商标的商品",
    "非法制造销售注册商标标识",
    "假冒专利",
    "知识产权案件存在犯罪合理嫌疑",
):
    NO_TRANSFER_FACTS[key] = "否"


def request_of(facts: dict[str, object]) -> ParsedRequest:
    return parse_request(
        RULESET, {"jurisdiction": "全国", "as_of": "2023-06-01", "facts": facts}, D(2023, 6, 1)
    )


def test_the_law_in_force_on_as_of_applies_when_it_is_lighter() -> None:
    """A stub stands for a change of law: transfer required under the old law, not under the new."""
    heavy, light = request_of(TRANSFER_FACTS), request_of(NO_TRANSFER_FACTS)

    def triage_at(request: ParsedRequest) -> TriageResult:
        source = heavy if request.as_of == D(2022, 3, 1) else light
        return triage_on_as_of(RULESET, replace(source, as_of=request.as_of))

    result = triage_in_time(RULESET, heavy, triage_at)
    assert result.time_of_act is not None
    assert result.time_of_act.applied == "as_of" and result.time_of_act.evaluated_on == D(2023, 6, 1)
    assert "较轻" in result.time_of_act.reason and "适用评估日期的规定" in result.time_of_act.reason
    assert result.outcome("judicial_transfer") == "not_required"
    assert result.as_of == D(2023, 6, 1)


def test_the_law_of_the_time_of_the_act_applies_when_the_new_one_is_not_lighter() -> None:
    heavy, light = request_of(TRANSFER_FACTS), request_of(NO_TRANSFER_FACTS)

    def triage_at(request: ParsedRequest) -> TriageResult:
        source = light if request.as_of == D(2022, 3, 1) else heavy
        return triage_on_as_of(RULESET, replace(source, as_of=request.as_of))

    result = triage_in_time(RULESET, heavy, triage_at)
    assert result.time_of_act is not None
    assert result.time_of_act.applied == "act_date" and result.time_of_act.evaluated_on == D(2022, 3, 1)
    assert result.outcome("judicial_transfer") == "not_required"
    assert result.as_of == D(2023, 6, 1)  # the result still names the date it was asked for
