"""Hostile input: refused with a Chinese answer naming the field, the same on both back ends, and never a
500. The bodies are sent as raw bytes (``json.dumps`` escapes NUL and surrogates as \\u0000, \\ud800)."""

from __future__ import annotations

import json
from typing import Any

import httpx2
import pytest

from api.errors import MAX_LISTED
from api.inputs import MAX_KEYS_PER_OBJECT

from .conftest import Api, example
from .test_triage import SMALL

JSON = {"Content-Type": "application/json"}


def raw_post(api: Api, path: str, text: str | bytes, who: str = "handler") -> httpx2.Response:
    content = text.encode() if isinstance(text, str) else text
    return api.client.post(path, content=content, headers={**api.headers(who), **JSON})


def refused(response: httpx2.Response, status: int, code: str, location: str) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["code"] == code, body
    assert body["location"] == location, body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["message"]), body["message"]
    return body


@pytest.mark.parametrize("bad", ["a\x00b", "\ud800", "x\udfffy"])
def test_nul_and_lone_surrogates_in_case_id_are_refused_and_nothing_is_recorded(api: Api, bad: str) -> None:
    body = json.dumps({"jurisdiction": "全国", "case_id": bad, "facts": {}})
    refused(raw_post(api, "/v1/triage", body), 422, "invalid_character", "case_id")
    assert api.store.records.count() == 0
    # the same worker goes on recording the next request
    assert api.client.post("/v1/triage", json=SMALL, headers=api.headers()).status_code == 200


def test_nul_in_a_fact_key_or_value_names_the_fact(api: Api) -> None:
    body = json.dumps({"jurisdiction": "全国", "facts": {"适用程序": "普通\x00程序"}})
    refused(raw_post(api, "/v1/triage", body), 422, "invalid_character", "facts.适用程序")
    body = json.dumps({"jurisdiction": "全国", "facts": {"适用\x00程序": "普通程序"}})
    refused(raw_post(api, "/v1/triage", body), 422, "invalid_character", "facts.适用\\u0000程序")


def test_a_batch_with_one_surrogate_is_refused_whole_before_anything_is_committed(api: Api) -> None:
    cases = [SMALL, {**SMALL, "case_id": "\ud800"}, SMALL]
    response = raw_post(api, "/v1/triage/batch", json.dumps({"cases": cases}))
    refused(response, 422, "invalid_character", "cases.1.case_id")
    assert api.store.records.count() == 0


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/v1/records/d-a%00b", "decision_id"),
        ("/v1/records?case_id=a%00b", "case_id"),
        ("/v1/records?jurisdiction=%E5%85%A8%00", "jurisdiction"),
        ("/v1/records?before=9223372036854775808", "before"),
    ],
)
def test_nul_and_overflow_in_record_queries_are_422(api: Api, path: str, location: str) -> None:
    response = api.client.get(path, headers=api.headers("auditor"))
    refused(response, 422, "invalid_input", location)


def test_nul_in_a_replayed_id_is_422(api: Api) -> None:
    response = api.client.post("/v1/records/d-a%00b/replay", headers=api.headers("auditor"))
    refused(response, 422, "invalid_input", "decision_id")


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e309", "-1e309"])
def test_non_finite_numbers_are_refused_on_single_triage_like_batch(api: Api, number: str) -> None:
    body = '{"jurisdiction": "全国", "facts": {"拟罚款金额": ' + number + "}}"
    refused(raw_post(api, "/v1/triage", body), 422, "invalid_number", "body")
    batch = '{"cases": [{"jurisdiction": "全国", "facts": {"拟罚款金额": ' + number + "}}]}"
    refused(raw_post(api, "/v1/triage/batch", batch), 422, "invalid_number", "body")
    assert api.store.records.count() == 0


def test_a_unix_timestamp_is_not_a_date(api: Api) -> None:
    response = api.client.post("/v1/triage", json={**SMALL, "as_of": 1767225600}, headers=api.headers())
    refused(response, 422, "invalid_input", "as_of")
    batch = api.post("/v1/triage/batch", {"cases": [{**SMALL, "as_of": 1767225600}]})
    assert isinstance(batch, httpx2.Response)
    item = batch.json()["results"][0]
    assert not item["ok"] and item["error"]["location"] == "as_of"


def test_a_decision_date_at_the_end_of_the_calendar_fails_closed(api: Api) -> None:
    request = example("suqian_ordinary_penalty")
    facts = dict(request["facts"])  # type: ignore[call-overload]
    request = {**request, "facts": {**facts, "决定日期": "9999-12-31", "属于不予公开的情形": "否"}}
    response = api.client.post("/v1/triage", json=request, headers=api.headers())
    assert response.status_code == 200, response.text
    text = json.dumps(response.json(), ensure_ascii=False)
    assert "超出了可计算的日期范围" in text


def test_forty_thousand_unknown_facts_are_refused_before_any_is_looked_up(api: Api) -> None:
    facts = {f"k{i}": 1 for i in range(40_000)}
    response = raw_post(api, "/v1/triage", json.dumps({"jurisdiction": "全国", "facts": facts}))
    refused(response, 413, "too_many_keys", "facts")
    assert len(response.content) < 2_000
    assert api.client.get("/healthz").status_code == 200


def test_the_error_list_is_bounded(api: Api) -> None:
    facts = {f"未知事实{i}": 1 for i in range(MAX_KEYS_PER_OBJECT)}
    response = raw_post(api, "/v1/triage", json.dumps({"jurisdiction": "全国", "facts": facts}))
    body = refused(response, 422, "invalid_input", "facts.未知事实0")
    assert len(body["problems"]) == MAX_LISTED
    assert f"另有 {MAX_KEYS_PER_OBJECT - MAX_LISTED} 处未列出" in body["message"]


def test_invalid_utf8_is_a_documented_chinese_400(api: Api) -> None:
    body = b'{"jurisdiction": "\xe5\x85", "facts": {}}'
    answer = refused(raw_post(api, "/v1/triage", body), 400, "invalid_encoding", "body")
    assert "第 19 个字节" in answer["message"]


def test_deep_nesting_is_a_documented_chinese_400(api: Api) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    body = '{"jurisdiction": "全国", "facts": {"拟处罚种类": ' + deep + "}}"
    refused(raw_post(api, "/v1/triage", body), 400, "too_deep", "body")
    nested = "[" * 40 + "]" * 40
    body = '{"jurisdiction": "全国", "facts": {"拟处罚种类": ' + nested + "}}"
    refused(raw_post(api, "/v1/triage", body), 400, "too_deep", "facts.拟处罚种类" + ".0" * 14)


def test_duplicate_keys_are_refused_not_last_wins(api: Api) -> None:
    body = '{"jurisdiction": "全国", "jurisdiction": "江西省宜春市", "facts": {}}'
    answer = refused(raw_post(api, "/v1/triage", body), 422, "duplicate_key", "body")
    assert "jurisdiction" in answer["message"]
    assert api.store.records.count() == 0
