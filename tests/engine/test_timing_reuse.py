"""从旧兼从轻 evaluates a case once when the same prepared plan is in force on both dates, twice when not;
either way the answer is the one that evaluating and explaining both dates gives."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from engine import (
    EXECUTORS,
    ParsedRequest,
    RuleSet,
    TriageResult,
    default_rules_dir,
    get_executor,
    load_ruleset,
    parse_request,
    triage,
    triage_in_time,
)
from engine.caches import PreparedPlan
from engine.evaluate import triage as triage_on_as_of
from engine.executors import Executor, Verdicts
from engine.trace import Tracer

RULESET = load_ruleset(default_rules_dir())
TRANSFER = {  # 单位非法经营数额 600,000: at or above the 500,000 threshold, below a raised one
    "执法行为类别": "行政处罚",
    "当事人类型": "法人",
    "案件领域": "价格",
    "非法经营行为": "是",
    "非法经营数额": 600000,
    "违法所得数额": 0,
    "二年内同类违法受行政处罚次数": 0,
    **dict.fromkeys(("假冒注册商标", "销售假冒注册商标的商品", "非法制造销售注册商标标识", "假冒专利"), "否"),
    "知识产权案件存在犯罪合理嫌疑": "否",
}


class Counting:
    """An executor that keeps the prepared plan of each of its evaluations."""

    def __init__(self, inner: Executor) -> None:
        self.inner = inner
        self.runs: list[PreparedPlan] = []

    @property
    def name(self) -> str:
        return self.inner.name

    def run(self, prepared: PreparedPlan, facts: Mapping[str, Any], tracer: Tracer) -> Verdicts:
        self.runs.append(prepared)
        return self.inner.run(prepared, facts, tracer)


def request_of(ruleset: RuleSet, act: str, as_of: str, **facts: Any) -> ParsedRequest:
    given = {k: v for k, v in {**TRANSFER, "违法行为发生日期": act, **facts}.items() if v is not None}
    raw = {"jurisdiction": "全国", "as_of": as_of, "facts": given}
    return parse_request(ruleset, raw, dt.date.fromisoformat(as_of))


def both_dates_explained(ruleset: RuleSet, request: ParsedRequest, executor: Executor) -> TriageResult:
    """The answer as before the reuse: each date evaluated and explained on its own."""
    return triage_in_time(ruleset, request, lambda r: triage_on_as_of(ruleset, r, executor))


def raised_threshold(tmp_path: Path) -> RuleSet:
    """The shipped rules with 单位非法经营数额's threshold raised to 800,000 from 2022-05-15."""
    rules = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), rules)
    path = rules / "national" / "transfer.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      - from: 2022-05-15\n        value: 500000\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, "      - from: 2022-05-15\n        value: 800000\n"), encoding="utf-8")
    return load_ruleset(rules)


@pytest.mark.parametrize("name", EXECUTORS)
def test_dates_in_one_stretch_are_evaluated_once_with_the_same_answer(name: str) -> None:
    request = request_of(RULESET, "2022-06-01", "2023-06-01")
    plans = RULESET.plan("全国", dt.date(2022, 6, 1)), RULESET.plan("全国", dt.date(2023, 6, 1))
    assert RULESET.prepared(plans[0]) is RULESET.prepared(plans[1])  # the premise: one stretch
    counting = Counting(get_executor(name))
    result = triage(RULESET, request, counting)
    assert counting.runs == [RULESET.prepared(plans[1])]
    assert result.time_of_act is not None and result.time_of_act.applied == "act_date"
    assert result.time_of_act.evaluated_on == dt.date(2022, 6, 1)
    assert result.outcome("judicial_transfer") == "required"
    expected = both_dates_explained(RULESET, request, get_executor(name))
    assert result.model_dump_json() == expected.model_dump_json()


@pytest.mark.parametrize("name", EXECUTORS)
def test_dates_across_a_parameter_change_are_both_evaluated_and_the_milder_law_applies(
    name: str, tmp_path: Path
) -> None:
    ruleset = raised_threshold(tmp_path)
    request = request_of(ruleset, "2022-03-01", "2023-06-01")
    counting = Counting(get_executor(name))
    result = triage(ruleset, request, counting)
    on_as_of = ruleset.prepared(ruleset.plan("全国", dt.date(2023, 6, 1)))
    on_act = ruleset.prepared(ruleset.plan("全国", dt.date(2022, 3, 1)))
    assert on_as_of is not on_act and counting.runs == [on_as_of, on_act]
    assert result.time_of_act is not None and result.time_of_act.applied == "as_of"
    assert "较轻" in result.time_of_act.reason
    assert result.outcome("judicial_transfer") == "not_required"  # 600,000 < 800,000 on as_of
    expected = both_dates_explained(ruleset, request, get_executor(name))
    assert result.model_dump_json() == expected.model_dump_json()


@pytest.mark.parametrize("name", EXECUTORS)
def test_a_reused_evaluation_with_missing_facts_is_explained_at_the_time_of_the_act(name: str) -> None:
    """The amount missing: 移送 undetermined on both dates, one evaluation, that date's explanation."""
    request = request_of(RULESET, "2022-06-01", "2023-06-01", 非法经营数额=None)
    counting = Counting(get_executor(name))
    result = triage(RULESET, request, counting)
    assert len(counting.runs) == 1 and result.outcome("judicial_transfer") == "undetermined"
    assert result.time_of_act is not None and result.time_of_act.evaluated_on == dt.date(2022, 6, 1)
    assert result.as_of == dt.date(2023, 6, 1)
    expected = both_dates_explained(RULESET, request, get_executor(name))
    assert result.model_dump_json() == expected.model_dump_json()
