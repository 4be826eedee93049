"""Units and case files: scope by unit, 案号 unique per unit, search, history of triages, stages."""

from __future__ import annotations

from .cases_setup import CASE_NO, key_id, open_case, triage, triage_body, units
from .conftest import Api


def test_a_triage_naming_its_case_joins_the_case_history_with_what_changed(api: Api) -> None:
    tree = units(api)
    case = open_case(api)
    assert case["unit_id"] == tree.district and case["stage"] == "立案"
    assert case["unit"] == "宿迁市市场监督管理局 / 宿城分局"
    first = triage(api, triage_body(拟罚款金额=16000))  # below the 江苏 法人 hearing amount (issue 12: 2万)
    second = triage(api, triage_body(拟罚款金额="15万"), who="legal")
    triage(api, {**triage_body(), "case_id": "另一个案号"})  # another case: not in this history
    detail = api.client.get(f"/v1/cases/{case['case_ref']}", headers=api.headers()).json()
    steps = detail["triages"]
    assert [s["decision_id"] for s in steps] == [first["decision_id"], second["decision_id"]]
    assert steps[0]["facts_changed"] == [] and steps[0]["outcomes_changed"] == []
    assert steps[1]["facts_changed"] == [
        {"id": "fine_amount", "label": "拟罚款金额", "before": "16000", "after": "150000"}
    ]
    assert steps[1]["outcomes_changed"] == [
        {"id": "hearing_notice", "label": "听证告知", "before": "不需要", "after": "需要"}
    ]
    assert steps[1]["actor"] == "王法制"
    assert detail["last_request"]["facts"]["拟罚款金额"] == "15万"  # reopened into the form as typed
    assert [e["kind"] for e in detail["events"]] == ["opened"]


def test_records_carry_their_unit_and_the_chain_still_verifies(api: Api) -> None:
    before = triage(api, triage_body())  # a holder in no unit yet: the record has none
    tree = units(api)
    after = triage(api, triage_body())
    assert api.store.records.get(before["decision_id"])["unit_id"] is None  # type: ignore[index]
    assert api.store.records.get(after["decision_id"])["unit_id"] == tree.district  # type: ignore[index]
    verified = api.client.get("/v1/records/verify", headers=api.headers("auditor")).json()
    assert verified["ok"] and verified["records"] == 2
    # the unit is covered by the hash: changing it breaks the chain
    from sqlalchemy import update

    from store.schema import records

    with api.store.engine.begin() as conn:
        conn.execute(update(records).where(records.c.seq == 2).values(unit_id=tree.other))
    broken = api.client.get("/v1/records/verify", headers=api.headers("auditor")).json()
    assert not broken["ok"] and broken["first_problem"]["seq"] == 2


def test_case_numbers_are_unique_per_unit_and_cases_are_scoped_to_the_unit_tree(api: Api) -> None:
    tree = units(api)
    case = open_case(api)
    again = api.client.post(
        "/v1/cases",
        json={"case_no": CASE_NO, "title": "x", "party": "y", "field": "食品", "handler": "张三"},
        headers=api.headers(),
    )
    assert again.status_code == 409 and again.json()["code"] == "case_exists"
    assert case["case_ref"] in again.json()["message"]
    elsewhere = open_case(api, who="handler2")  # same 案号 in 宿豫分局: another case
    assert elsewhere["unit_id"] == tree.other and elsewhere["case_ref"] != case["case_ref"]
    below = open_case(api, "宿市监处〔2026〕58号", unit_id=tree.station)  # a unit under one's own
    assert below["unit"].endswith("宿城分局 / 某市场监管所")
    refused = api.client.post(
        "/v1/cases",
        json={
            "case_no": "1",
            "title": "x",
            "party": "y",
            "field": "食品",
            "handler": "李四",
            "unit_id": tree.district,
        },
        headers=api.headers("handler2"),
    )
    assert refused.status_code == 403 and refused.json()["code"] == "outside_unit"
    hidden = api.client.get(f"/v1/cases/{case['case_ref']}", headers=api.headers("handler2"))
    assert hidden.status_code == 404 and hidden.json()["code"] == "case_not_found"
    mine = api.client.get("/v1/cases", headers=api.headers()).json()["items"]
    assert {c["case_ref"] for c in mine} == {case["case_ref"], below["case_ref"]}
    everyone = api.client.get("/v1/cases", headers=api.headers("auditor")).json()["items"]
    assert len(everyone) == 3
    assert api.client.post("/v1/cases", json={}, headers=api.headers("auditor")).status_code == 403


def test_partial_search_by_case_number_party_or_title(api: Api) -> None:
    units(api)
    one = open_case(api)
    two = open_case(
        api, "宿市监处〔2026〕99号", title="某超市销售过期食品案", party="宿迁某超市", field="食品"
    )
    for text, found in [
        ("57号", [one]),
        ("超市", [two]),
        ("电线", [one]),
        ("宿市监处", [two, one]),
        ("无此", []),
    ]:
        items = api.client.get("/v1/cases", params={"q": text}, headers=api.headers()).json()["items"]
        assert {c["case_ref"] for c in items} == {c["case_ref"] for c in found}, text
    wildcard = api.client.get("/v1/cases", params={"q": "%"}, headers=api.headers()).json()["items"]
    assert wildcard == []  # % is a character here, not a pattern


def test_a_key_holder_outside_every_unit_is_told_how_to_join_one(api: Api) -> None:
    response = api.client.get("/v1/cases", headers=api.headers())
    assert response.status_code == 403 and response.json()["code"] == "no_unit"
    assert key_id(api, "handler") in response.json()["suggestion"]


def test_stages_move_and_are_recorded_as_events(api: Api) -> None:
    units(api)
    case = open_case(api)
    path = f"/v1/cases/{case['case_ref']}/stage"
    moved = api.client.post(path, json={"stage": "调查"}, headers=api.headers())
    assert moved.status_code == 200 and moved.json()["case"]["stage"] == "调查"
    assert moved.json()["register_entry"] is None
    same = api.client.post(path, json={"stage": "调查"}, headers=api.headers())
    assert same.status_code == 409 and same.json()["code"] == "same_stage"
    bad = api.client.post(path, json={"stage": "归档"}, headers=api.headers())
    assert bad.status_code == 422
    events = api.client.get(f"/v1/cases/{case['case_ref']}", headers=api.headers()).json()["events"]
    assert [(e["kind"], e["body"].get("to")) for e in events] == [("opened", None), ("stage", "调查")]
    assert api.store.events.verify().ok


def test_units_are_listed_in_scope_and_legal_staff_add_units_and_people_below_their_own(api: Api) -> None:
    tree = units(api)
    listed = api.client.get("/v1/units", headers=api.headers()).json()
    assert {u["unit_id"] for u in listed["units"]} == {tree.district, tree.station}
    assert listed["mine"] == tree.district
    made = api.client.post(
        "/v1/units", json={"name": "第二所", "parent_id": tree.district}, headers=api.headers("legal")
    )
    assert made.status_code == 201 and made.json()["path"].endswith("宿城分局 / 第二所")
    twice = api.client.post(
        "/v1/units", json={"name": "第二所", "parent_id": tree.district}, headers=api.headers("legal")
    )
    assert twice.status_code == 409
    outside = api.client.post(
        "/v1/units", json={"name": "x", "parent_id": tree.other}, headers=api.headers("legal")
    )
    assert outside.status_code == 403
    handler = api.client.post(
        "/v1/units", json={"name": "x", "parent_id": tree.district}, headers=api.headers()
    )
    assert handler.status_code == 403
    unit = made.json()["unit_id"]
    moved = api.client.put(f"/v1/units/{unit}/members/{key_id(api, 'handler')}", headers=api.headers("legal"))
    assert moved.status_code == 200
    steal = api.client.put(
        f"/v1/units/{unit}/members/{key_id(api, 'handler2')}", headers=api.headers("legal")
    )
    assert steal.status_code == 403  # 李四 belongs to 宿豫分局, outside 王法制's unit
    missing = api.client.put(f"/v1/units/{unit}/members/nokey", headers=api.headers("legal"))
    assert missing.status_code == 404
