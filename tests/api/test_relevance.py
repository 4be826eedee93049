"""Which facts can matter (the page collapses the others), and what each rule reads (rule search)."""

from __future__ import annotations

import datetime as dt

import pytest

from engine import RuleSet, get_executor, parse_request, relevance, triage

from .conftest import Api

AS_OF = dt.date(2026, 11, 1)


def irrelevant(ruleset: RuleSet, jurisdiction: str, field: str | None) -> set[str]:
    known = {"field": field} if field else {}
    return {f.fact for f in relevance(ruleset, jurisdiction, AS_OF, known).facts if not f.relevant}


def test_without_a_field_every_fact_read_by_the_jurisdictions_rules_is_relevant(ruleset: RuleSet) -> None:
    assert irrelevant(ruleset, "江西省宜春市", None) == set()


def test_crime_facts_of_other_fields_cannot_matter(ruleset: RuleSet) -> None:
    food = irrelevant(ruleset, "江西省宜春市", "食品")
    assert {"counterfeit_drug", "false_advertising", "ad_subject"} <= food
    assert not {"toxic_non_food_substance", "sales_amount", "fine_amount", "hearing_held"} & food
    advert = irrelevant(ruleset, "江西省宜春市", "广告")
    assert "toxic_non_food_substance" in advert and "false_advertising" not in advert


def test_local_rules_make_their_facts_relevant_only_where_they_apply(ruleset: RuleSet) -> None:
    # 社会监督 facts are read by 宜春's rules only
    suqian = irrelevant(ruleset, "江苏省宿迁市", "食品")
    assert {"high_public_attention", "key_case", "disputed"} <= suqian
    assert not {"high_public_attention", "key_case", "disputed"} & irrelevant(ruleset, "江西省宜春市", "食品")


def test_the_known_field_itself_always_counts(ruleset: RuleSet) -> None:
    assert "field" not in irrelevant(ruleset, "全国", "登记注册")


def test_a_date_used_only_in_a_detail_is_relevant(ruleset: RuleSet) -> None:
    facts = {f.fact: f for f in relevance(ruleset, "全国", AS_OF, {"field": "食品"}).facts}
    assert facts["decision_date"].relevant  # 公示's due date counts working days after it


@pytest.mark.parametrize("field", ["食品", "广告", "药品", "登记注册"])
def test_an_irrelevant_fact_never_appears_among_the_missing_facts(ruleset: RuleSet, field: str) -> None:
    """The engine's own missing facts (the facts that could change an outcome) are never collapsed."""
    hidden = irrelevant(ruleset, "江西省宜春市", field)
    request = parse_request(
        ruleset,
        {
            "jurisdiction": "江西省宜春市",
            "as_of": AS_OF.isoformat(),
            "facts": {"field": field, "action_type": "行政处罚", "procedure": "普通程序"},
        },
        AS_OF,
    )
    missing = {m.fact for m in triage(ruleset, request, get_executor("compiled")).missing_facts}
    assert missing and not missing & hidden


def test_relevance_route_checks_its_inputs(api: Api) -> None:
    ok = api.client.get(
        "/v1/relevance",
        params={"jurisdiction": "江西省宜春市", "as_of": "2026-11-01", "field": "食品"},
        headers=api.headers(),
    )
    body = ok.json()
    assert ok.status_code == 200 and body["known"] == ["field"]
    drug = next(f for f in body["facts"] if f["fact"] == "counterfeit_drug")
    assert (drug["label"], drug["relevant"], drug["rules"]) == ("生产销售假药", False, [])
    toxic = next(f for f in body["facts"] if f["fact"] == "toxic_non_food_substance")
    assert toxic["relevant"] and toxic["rules"]
    bad = api.client.get(
        "/v1/relevance", params={"jurisdiction": "江西省宜春市", "field": "食物"}, headers=api.headers()
    )
    assert bad.status_code == 422
    problem = bad.json()["problems"][0]
    assert (problem["location"], problem["suggestion"]) == ("facts.field", "食品")
    place = api.client.get("/v1/relevance", params={"jurisdiction": "火星"}, headers=api.headers())
    assert place.status_code == 422 and place.json()["problems"][0]["code"] == "unknown_jurisdiction"
    assert api.client.get("/v1/relevance", params={"jurisdiction": "全国"}).status_code == 401


def test_rules_say_what_they_read(api: Api) -> None:
    body = api.client.get(
        "/v1/rules", params={"jurisdiction": "江西省宜春市", "as_of": "2026-11-01"}, headers=api.headers()
    ).json()
    by_id = {r["id"]: r for r in body["rules"]}
    reads = by_id["yichun.major_case.hearing_notice"]["reads"]
    assert reads == [{"kind": "decision", "id": "hearing_notice", "label": "听证告知"}]
    by_field = by_id["yichun.livelihood_field.by_field"]["reads"]
    assert {"kind": "fact", "id": "field", "label": "案件领域"} in by_field
    kinds = {r["kind"] for rule in body["rules"] for r in rule["reads"]}
    assert kinds == {"fact", "derived", "decision"}


def test_the_relevance_routes_give_the_marks(api: Api) -> None:
    body = api.client.get(
        "/v1/relevance",
        params={"jurisdiction": "江西省宜春市", "as_of": "2026-11-01"},
        headers=api.headers(),
    ).json()
    by_fact = {f["fact"]: f for f in body["facts"]}
    assert by_fact["hearing_held"]["always_read_by"] == ["social_supervisor"]
    assert by_fact["fine_amount"]["always_read_by"] == []
    posted = api.client.post(
        "/v1/relevance",
        json={"jurisdiction": "全国", "as_of": "2026-11-01", "facts": {"执法行为类别": "行政处罚"}},
        headers=api.headers(),
    ).json()
    marks = {f["fact"]: f["always_read_by"] for f in posted["facts"] if f["always_read_by"]}
    assert marks == {"enforcement_actions": ["av_recording"], "action_type": ["record_retention"]}
