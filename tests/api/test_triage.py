"""POST /v1/triage and /v1/triage/batch: results, decision ids, records, and error bodies."""

from __future__ import annotations

import datetime as dt
import json

from api.schemas.triage import EXAMPLE

from .conftest import Api, example

SMALL = EXAMPLE  # the request shown in the OpenAPI document must itself work


def test_triage_returns_the_contract_result_with_its_record(api: Api) -> None:
    response = api.client.post("/v1/triage", json=example(), headers=api.headers())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["jurisdiction"] == "江西省宜春市"
    assert body["ruleset"]["digest"].startswith("sha256:")
    assert body["decisions"]["legal_review"]["outcome"] == "required"
    assert body["decisions"]["legal_review"]["reasons"][0]["basis"]
    assert body["record"]["seq"] == 1
    stored = api.store.records.get(body["decision_id"])
    assert stored is not None
    kept = json.loads(stored["result"])  # a compact record (tests/api/test_compact_records.py)
    assert {k: d["outcome"] for k, d in kept["decisions"].items()} == {
        k: d["outcome"] for k, d in body["decisions"].items()
    }
    assert stored["hash"] == body["record"]["hash"]
    assert stored["actor"] == "张三"


def test_missing_facts_are_undetermined_not_no(api: Api) -> None:
    request = {"jurisdiction": "江西省宜春市", "as_of": "2026-11-01", "facts": {"执法行为类别": "行政处罚"}}
    body = api.client.post("/v1/triage", json=request, headers=api.headers()).json()
    assert body["decisions"]["legal_review"]["outcome"] == "undetermined"
    assert any(m["fact"] == "complex_case" for m in body["missing_facts"])


def test_each_triage_has_its_own_decision_id_and_the_same_fingerprint(api: Api) -> None:
    first = api.client.post("/v1/triage", json=SMALL, headers=api.headers()).json()
    second = api.client.post("/v1/triage", json=SMALL, headers=api.headers()).json()
    assert first["decision_id"] != second["decision_id"]
    assert first["decision_id"] < second["decision_id"]  # time-ordered
    a, b = (api.store.records.get(r["decision_id"]) for r in (first, second))
    assert a is not None and b is not None
    assert a["fingerprint"] == b["fingerprint"]
    assert (a["seq"], b["seq"]) == (1, 2)
    assert b["prev_hash"] == a["hash"]


def test_as_of_defaults_to_today_and_is_stored(api: Api) -> None:
    request = {k: v for k, v in SMALL.items() if k != "as_of"}
    before = dt.date.today()
    response = api.client.post("/v1/triage", json=request, headers=api.headers())
    after = dt.date.today()  # the request may have run across midnight: either day is today
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["as_of"] in {before.isoformat(), after.isoformat()}, f"as_of {body['as_of']} is not today"
    stored = api.store.records.get(body["decision_id"])
    assert stored is not None
    assert json.loads(stored["request"])["as_of"] == body["as_of"] == stored["as_of"]


def test_422_names_each_bad_fact_its_label_value_and_what_is_allowed(api: Api) -> None:
    request = {
        "jurisdiction": "江西省宜春市",
        "facts": {"当事人类型": "法任", "拟罚款金额": -5, "执法行为类": "行政处罚", "procedure": "普通"},
    }
    response = api.client.post("/v1/triage", json=request, headers=api.headers())
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    by_key = {p["location"]: p for p in body["problems"]}
    party = by_key["facts.当事人类型"]
    assert (party["fact"], party["label"], party["value"]) == ("party_type", "当事人类型", "法任")
    assert "法人" in party["allowed"] and party["suggestion"] == "法人"
    assert "当事人类型（party_type）" in party["message"]
    fine = by_key["facts.拟罚款金额"]
    assert fine["fact"] == "fine_amount" and fine["value"] == -5
    unknown = by_key["facts.执法行为类"]
    assert unknown["code"] == "unknown_fact" and unknown["suggestion"] == "执法行为类别"
    procedure = by_key["facts.procedure"]
    assert procedure["label"] == "适用程序" and "普通程序" in procedure["allowed"]
    assert len(body["problems"]) == 4
    assert api.store.records.recent() == []  # nothing recorded


def test_422_unknown_jurisdiction_is_reported_with_the_facts(api: Api) -> None:
    request = {"jurisdiction": "江西省宜春", "facts": {"经过听证程序": "也许"}}
    body = api.client.post("/v1/triage", json=request, headers=api.headers()).json()
    codes = {p["location"]: p["code"] for p in body["problems"]}
    assert codes == {"jurisdiction": "unknown_jurisdiction", "facts.经过听证程序": "wrong_type"}
    jurisdiction = next(p for p in body["problems"] if p["location"] == "jurisdiction")
    assert jurisdiction["suggestion"] == "江西省宜春市"
    assert "江苏省宿迁市" in jurisdiction["allowed"]


def test_422_request_fields_and_bad_json(api: Api) -> None:
    response = api.client.post(
        "/v1/triage", json={"jurisdiction": "全国", "as_of": "2026-13-01", "fact": {}}, headers=api.headers()
    )
    body = response.json()
    assert response.status_code == 422 and body["code"] == "invalid_input"
    assert {p["location"] for p in body["problems"]} == {"as_of", "fact"}
    assert all(p["code"] == "invalid_request" for p in body["problems"])
    assert "YYYY-MM-DD" in body["message"]
    bad = api.client.post(
        "/v1/triage",
        content=b'{"jurisdiction": ',
        headers={**api.headers(), "Content-Type": "application/json"},
    )
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_json"


def test_422_parameter_not_in_force_names_as_of(api: Api) -> None:
    request = {**SMALL, "as_of": "1990-01-01"}
    body = api.client.post("/v1/triage", json=request, headers=api.headers()).json()
    assert body["code"] == "invalid_input"
    assert body["problems"][0]["code"] == "parameter_not_in_force"
    assert body["problems"][0]["location"] == "as_of"


def test_413_for_an_oversize_body_declared_or_streamed(database_url: str) -> None:
    from .conftest import make_api

    with make_api(database_url, max_body_bytes=2_000) as api:
        big = {**SMALL, "case_id": "x" * 100, "facts": {**SMALL["facts"], "padding": "y" * 3_000}}
        response = api.client.post("/v1/triage", json=big, headers=api.headers())
        assert response.status_code == 413
        assert response.json()["code"] == "body_too_large"
        assert "2,000" in response.json()["message"]

        def chunks() -> object:
            for _ in range(10):
                yield b" " * 500

        streamed = api.client.post(
            "/v1/triage", content=chunks(), headers={**api.headers(), "Content-Type": "application/json"}
        )
        assert streamed.status_code == 413 and streamed.json()["code"] == "body_too_large"
        assert api.store.records.recent() == []


def test_413_for_an_oversize_batch(database_url: str) -> None:
    from .conftest import make_api

    with make_api(database_url, max_batch=3) as api:
        response = api.client.post("/v1/triage/batch", json={"cases": [SMALL] * 4}, headers=api.headers())
        assert response.status_code == 413
        body = response.json()
        assert body["code"] == "batch_too_large" and "3" in body["message"] and body["location"] == "cases"


def test_batch_records_valid_cases_and_reports_bad_ones_in_place(api: Api) -> None:
    bad = {"jurisdiction": "全国", "facts": {"拟罚款金额": "很多"}}
    response = api.client.post(
        "/v1/triage/batch",
        json={"cases": [SMALL, bad, example("national_counterfeit_transfer")]},
        headers=api.headers(),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["recorded"], body["failed"]) == (2, 1)
    assert [r["ok"] for r in body["results"]] == [True, False, True]
    assert body["results"][1]["error"]["problems"][0]["fact"] == "fine_amount"
    first, third = body["results"][0]["result"], body["results"][2]["result"]
    assert first["executor"] == "compiled"
    assert (first["record"]["seq"], third["record"]["seq"]) == (1, 2)
    assert api.store.records.verify().ok


def test_401_without_or_with_a_bad_or_revoked_key(api: Api) -> None:
    missing = api.client.post("/v1/triage", json=SMALL)
    assert missing.status_code == 401 and missing.json()["code"] == "unauthenticated"
    assert missing.headers["www-authenticate"] == "Bearer"
    wrong = api.client.post("/v1/triage", json=SMALL, headers={"Authorization": "Bearer lgk_nope_nope"})
    assert wrong.status_code == 401 and wrong.json()["code"] == "invalid_key"
    key_id = api.keys["handler"].split("_")[1]
    assert api.store.keys.revoke(key_id)
    revoked = api.client.post("/v1/triage", json=SMALL, headers=api.headers())
    assert revoked.status_code == 401 and revoked.json()["code"] == "invalid_key"
    for path in ("/v1/facts", "/v1/rules", "/v1/records", "/v1/me", "/v1/records/verify"):
        assert api.client.get(path).status_code == 401, path


def test_403_when_the_role_may_not(api: Api) -> None:
    auditor = api.client.post("/v1/triage", json=SMALL, headers=api.headers("auditor"))
    assert auditor.status_code == 403
    body = auditor.json()
    assert body["code"] == "forbidden" and "审计" in body["message"] and "办案人员" in body["suggestion"]
    assert api.client.get("/v1/records/verify", headers=api.headers()).status_code == 403
    reload = api.client.post("/v1/rules/reload", headers=api.headers())
    assert reload.status_code == 403 and "法制" in reload.json()["suggestion"]


def test_unknown_path_has_an_error_body(api: Api) -> None:
    response = api.client.get("/v1/nothing", headers=api.headers())
    assert response.status_code == 404 and response.json()["code"] == "not_found"
