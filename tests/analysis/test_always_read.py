"""The facts some decision reads in every case (the form's 「必答」): proven from the plan, checked on cases.

The proof (tools/lint/always_read.py) is checked against the engine's own per-case answer
(``engine.relevance``): on many cases with every other fact given at random or left unknown, a fact
marked 必答 is never one the engine calls irrelevant. And the marks are exactly what the packs say: a
宜春 rule that reads 经过听证程序 alone makes it 必答 there, and not nationally, where every rule that
reads it can fail on another fact (a 行政检查 case never reads it).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from engine import FactDef, RuleSet, relevance
from tools.lint.always_read import always_read, compute

AS_OF = dt.date(2026, 11, 1)
AMOUNTS = (0, 500, 3000, 10000, 30000, 50000, 100000, 150000, 200000, 1000000)


def marked(ruleset: RuleSet, jurisdiction: str) -> dict[str, tuple[str, ...]]:
    return dict(always_read(ruleset, ruleset.plan(jurisdiction, AS_OF)))


def test_nationally_only_what_every_case_reads_is_marked(ruleset: RuleSet) -> None:
    # 同步录音录像 reads 执法环节 and 案卷归档 reads 执法行为类别 for every case; 拟罚款金额 is read only
    # when the case is a penalty with a fine, so it is not marked
    assert marked(ruleset, "全国") == {
        "enforcement_actions": ("av_recording",),
        "action_type": ("record_retention",),
    }


def test_a_local_rule_that_reads_a_fact_alone_marks_it_there(ruleset: RuleSet) -> None:
    yichun = marked(ruleset, "江西省宜春市")
    assert yichun["hearing_held"] == ("social_supervisor",)  # yichun.social_supervisor.hearing: 经过听证程序
    assert set(yichun["disputed"]) == {"social_supervisor", "consultation_meeting"}
    assert "hearing_held" not in marked(ruleset, "江西省")
    assert "fine_amount" not in yichun and "field" not in yichun


def _random_value(fact: FactDef, rng: random.Random) -> Any:
    if fact.type == "bool":
        return rng.random() < 0.5
    if fact.type == "enum":
        return rng.choice(fact.values)
    if fact.type == "set":
        return [v for v in fact.values if rng.random() < 0.3]
    if fact.type == "money":
        return rng.choice(AMOUNTS)
    if fact.type == "int":
        return rng.randint(fact.minimum or 0, 5)
    return (AS_OF - dt.timedelta(days=rng.randint(0, 900))).isoformat()


@pytest.mark.parametrize("jurisdiction", ["全国", "江苏省宿迁市", "湖南省衡阳市", "江西省宜春市"])
def test_a_marked_fact_is_relevant_on_every_case_tried(ruleset: RuleSet, jurisdiction: str) -> None:
    rng = random.Random(jurisdiction)
    facts = ruleset.vocabulary.facts
    must = marked(ruleset, jurisdiction)
    assert must
    for _ in range(150):
        unknown_share = rng.choice((0.0, 0.3, 0.8))
        raw = {f.id: _random_value(f, rng) for f in facts if rng.random() >= unknown_share}
        for fact in must:
            given = {k: v for k, v in raw.items() if k != fact}
            known, problems = ruleset.vocabulary.parse(given)
            assert not problems, problems
            found = {f.fact: f for f in relevance(ruleset, jurisdiction, AS_OF, known).facts}
            assert found[fact].relevant and found[fact].rules, (jurisdiction, fact, given)


def test_the_answer_is_the_plans_and_cached_per_stretch(ruleset: RuleSet) -> None:
    plan = ruleset.plan("江西省宜春市", AS_OF)
    assert always_read(ruleset, plan) == compute(plan, ruleset.vocabulary)
    later = ruleset.plan("江西省宜春市", AS_OF + dt.timedelta(days=1))
    assert always_read(ruleset, later) is always_read(ruleset, plan)  # one stretch: one computation
    before = ruleset.plan("江西省宜春市", dt.date(2024, 7, 28))  # before 宜春's rules took effect
    assert "hearing_held" not in always_read(ruleset, before)
