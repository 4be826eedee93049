"""Facts, decisions, jurisdictions, rules, /v1/me, /healthz and the OpenAPI document."""

from __future__ import annotations

import re

from .conftest import Api


def test_healthz_docs_and_openapi_need_no_key(api: Api) -> None:
    assert api.client.get("/healthz").json()["status"] == "ok"
    assert api.client.get("/docs").status_code == 200
    assert api.client.get("/openapi.json").status_code == 200


def test_openapi_has_readable_operation_ids_and_the_vocabulary_in_chinese(api: Api) -> None:
    spec = api.client.get("/openapi.json").json()
    operations = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {
        "triage",
        "triageBatch",
        "listFacts",
        "listRules",
        "getRule",
        "getRecord",
        "verifyRecords",
    } <= operations
    facts = spec["components"]["schemas"]["Facts"]["properties"]
    assert facts["party_type"]["title"] == "当事人类型"
    assert facts["party_type"]["enum"] == ["自然人", "个体工商户", "法人", "其他组织"]
    assert "缺失时的提问" in facts["complex_case"]["description"]
    triage_request = spec["components"]["schemas"]["TriageRequest"]
    assert triage_request["properties"]["facts"]["allOf"] == [{"$ref": "#/components/schemas/Facts"}]
    decisions = spec["components"]["schemas"]["TriageResponse"]["properties"]["decisions"]["description"]
    assert "legal_review 法制审核" in decisions and "simplified_meeting 简易会议" in decisions
    assert spec["paths"]["/v1/triage"]["post"]["responses"]["422"]["content"]["application/json"][
        "schema"
    ] == {"$ref": "#/components/schemas/ErrorBody"}


def test_me_names_the_key_holder_and_role(api: Api) -> None:
    me = api.client.get("/v1/me", headers=api.headers("legal")).json()
    assert (me["name"], me["role"], me["role_label"]) == ("王法制", "legal", "法制")
    assert "reload_rules" in me["permissions"] and "重新加载规则包" in me["permission_labels"]


def test_facts_with_groups_and_questions(api: Api) -> None:
    body = api.client.get("/v1/facts", headers=api.headers("auditor")).json()
    by_id = {f["id"]: f for f in body["facts"]}
    assert by_id["fine_amount"]["label"] == "拟罚款金额" and by_id["fine_amount"]["type"] == "money"
    assert by_id["hearing_held"]["question"]
    assert {f["group"] for f in body["facts"]} <= set(body["groups"])


def test_decisions_catalog_and_jurisdictions(api: Api) -> None:
    catalog = api.client.get("/v1/decisions-catalog", headers=api.headers()).json()
    by_id = {d["id"]: d for d in catalog["decisions"]}
    assert by_id["simplified_meeting"]["jurisdictions"] == ["江西省宜春市"]
    assert "全国" in by_id["legal_review"]["jurisdictions"]
    assert catalog["outcomes"]["undetermined"] == "无法确定"
    national = api.client.get(
        "/v1/decisions-catalog", params={"jurisdiction": "全国"}, headers=api.headers()
    ).json()
    assert "simplified_meeting" not in {d["id"] for d in national["decisions"]}
    unknown = api.client.get("/v1/decisions-catalog", params={"jurisdiction": "火星"}, headers=api.headers())
    assert unknown.status_code == 422 and unknown.json()["problems"][0]["code"] == "unknown_jurisdiction"
    places = api.client.get("/v1/jurisdictions", headers=api.headers()).json()["jurisdictions"]
    yichun = next(j for j in places if j["name"] == "江西省宜春市")
    assert yichun["parent"] == "江西省"
    assert [p["id"] for p in yichun["packs"]] == ["national", "jiangxi", "yichun"]


def test_rules_in_chinese_with_basis_period_parameters_and_position(api: Api) -> None:
    body = api.client.get(
        "/v1/rules", params={"jurisdiction": "江西省宜春市", "as_of": "2026-11-01"}, headers=api.headers()
    ).json()
    by_id = {r["id"]: r for r in body["rules"]}
    large = by_id["national.large_fine.individual"]
    assert "拟罚款金额≥ 3,000 元" in large["text"]
    assert large["parameters"][0]["pack"] == "jiangxi" and large["parameters"][0]["value"] == 3000
    assert large["basis"] and large["location"].startswith("national/hearing.yaml:")
    yichun = by_id["yichun.major_case.hearing_notice"]
    assert yichun["effective_from"] == "2024-07-29"
    assert yichun["concludes"][0]["kind"] == "derived"
    one = api.client.get(
        "/v1/rules/national.large_fine.individual", params={"as_of": "2026-11-01"}, headers=api.headers()
    ).json()
    assert one["jurisdiction"] == "全国" and one["parameters"][0]["pack"] == "national"
    everything = api.client.get("/v1/rules", headers=api.headers()).json()["rules"]
    assert len(everything) >= len(body["rules"])


def test_unknown_rule_and_rule_outside_a_jurisdiction(api: Api) -> None:
    missing = api.client.get("/v1/rules/national.large_fine.individul", headers=api.headers())
    assert missing.status_code == 404 and missing.json()["code"] == "unknown_rule"
    assert "national.large_fine.individual" in missing.json()["suggestion"]
    elsewhere = api.client.get(
        "/v1/rules/yichun.major_case.hearing_notice", params={"jurisdiction": "江苏省"}, headers=api.headers()
    )
    assert elsewhere.status_code == 404 and elsewhere.json()["code"] == "rule_not_in_jurisdiction"


def test_docs_are_served_from_the_package_under_a_csp(api: Api) -> None:
    page = api.client.get("/docs")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'self'" in csp
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/docs/assets/") for s in sources), sources
    for source in sources:
        asset = api.client.get(source)
        assert asset.status_code == 200 and asset.content, source
        assert asset.headers["content-security-policy"] == csp
    licence = api.client.get("/docs/assets/LICENSE").text
    assert "Apache License" in licence
    assert "<script>" not in page.text  # no inline script: the CSP would block it
