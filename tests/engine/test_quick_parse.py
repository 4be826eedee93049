"""The quick paths of request parsing (engine/request.py, engine/vocabulary.py) give exactly what the
full parse gives, or step aside for it: checked on generated requests and on values of every kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from engine import InputInvalid, RuleSet, parse_request
from engine import request as request_module
from engine.request import TriageRequest, _quick_fields
from tools.corpus import CorpusSpec, generate

ODD_VALUES: list[Any] = [
    None, True, False, 0, 1, -1, 2.0, 2.5, -0.5, float("inf"), float("nan"), "", " ", "未知", " 不详 ",
    "UNKNOWN", "是", "否", "15万", "-3", "3次", "2024-06-15", "2024年6月15日", "2024-02-30", [], ["罚款"],
    ["罚款", "警告"], ["没有这个"], [["x"]], "罚款、警告", "普通程序", " 普通程序 ", "自然人", 10**30,
]  # fmt: skip


class Text(str):
    """A str subclass: the quick path takes only exact JSON types."""


def both(ruleset: RuleSet, facts: dict[str, Any]) -> None:
    vocabulary = ruleset.vocabulary
    full = vocabulary._parse_all(facts)
    quick = vocabulary._parse_quick(facts)
    assert vocabulary.parse(facts) == full
    if quick is not None:
        assert full == (quick, [])
        assert list(quick) == list(full[0])  # the request's order


def test_generated_requests_take_the_quick_path_with_the_same_facts(ruleset: RuleSet) -> None:
    for case in generate(ruleset, CorpusSpec(n=300, seed=5, near=0.5)):
        facts = case["facts"]
        assert ruleset.vocabulary._parse_quick(facts) is not None
        both(ruleset, facts)


@pytest.mark.parametrize("value", [*ODD_VALUES, Text("未知"), Text("是")], ids=repr)
def test_every_kind_of_fact_with_odd_values(ruleset: RuleSet, value: Any) -> None:
    for fact in ruleset.vocabulary.facts:
        both(ruleset, {fact.id: value})
        both(ruleset, {fact.label: value})
        both(ruleset, {fact.id: value, fact.label: value})


def test_a_label_or_an_unknown_name_leaves_the_quick_path(ruleset: RuleSet) -> None:
    fact = ruleset.vocabulary.facts[0]
    assert ruleset.vocabulary._parse_quick({fact.label: None}) is None
    assert ruleset.vocabulary._parse_quick({"no_such_fact": 1}) is None


REQUESTS: list[Any] = [
    {"jurisdiction": "全国", "as_of": "2024-06-15", "facts": {}},
    {"jurisdiction": "全国"},
    {"jurisdiction": "全国", "as_of": None, "case_id": None},
    {"jurisdiction": "全国", "as_of": "2024-02-30"},
    {"jurisdiction": "全国", "as_of": "2024-6-15"},
    {"jurisdiction": "全国", "as_of": "２０２４-06-15"},
    {"jurisdiction": "全国", "as_of": "2024-06-15T00:00:00"},
    {"jurisdiction": "全国", "as_of": 20240615},
    {"jurisdiction": "全国", "as_of": dt.date(2024, 6, 15)},
    {"jurisdiction": "", "facts": {}},
    {"jurisdiction": 5},
    {"facts": {}},
    {"jurisdiction": "全国", "case_id": "x" * 200},
    {"jurisdiction": "全国", "case_id": "x" * 201},
    {"jurisdiction": "全国", "case_id": 7},
    {"jurisdiction": "全国", "facts": []},
    {"jurisdiction": "全国", "facts": {1: True}},
    {"jurisdiction": "全国", "explain": "full"},
    {"jurisdiction": "没有这里"},
    {"jurisdiction": Text("全国")},
    ["jurisdiction"],
    None,
]


@pytest.mark.parametrize("raw", REQUESTS, ids=repr)
def test_request_fields_are_those_pydantic_gives(
    ruleset: RuleSet, raw: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = _quick_fields(raw)
    if quick is not None and all(isinstance(key, str) for key in quick.facts):  # else checked below
        assert quick == TriageRequest.model_validate(raw)
    outcome: list[Any] = []
    for path in (_quick_fields, lambda raw: None):  # as parsed, then by pydantic alone
        monkeypatch.setattr(request_module, "_quick_fields", path)
        try:
            outcome.append(parse_request(ruleset, raw, dt.date(2026, 1, 1)))
        except InputInvalid as exc:
            outcome.append([(p.code, p.key, p.message, p.value) for p in exc.problems])
    assert outcome[0] == outcome[1]


def test_plain_requests_take_the_quick_path() -> None:
    assert _quick_fields(REQUESTS[0]) is not None and _quick_fields(REQUESTS[2]) is not None
    assert _quick_fields(REQUESTS[3]) is None  # pydantic words the problem
