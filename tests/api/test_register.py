"""The 公示 register: entry at 决定 with the engine's working-day due date, publication, revocation and
the 撤下 deadline, and no date past the published holiday schedule."""

from __future__ import annotations

import datetime as dt

from engine import nth_workday_after

from .cases_setup import open_case, triage, triage_body, units
from .conftest import Api


def _decide(api: Api, case_ref: str, decided_on: str | None = None) -> dict[str, object]:
    body: dict[str, object] = {"stage": "决定"}
    if decided_on:
        body["decided_on"] = decided_on
    response = api.client.post(f"/v1/cases/{case_ref}/stage", json=body, headers=api.headers())
    assert response.status_code == 200, response.text
    entry: dict[str, object] = response.json()["register_entry"]
    return entry


def test_a_decided_case_enters_the_register_is_published_revoked_and_taken_down(api: Api) -> None:
    units(api)
    case = open_case(api)
    ref = case["case_ref"]
    triaged = triage(api, triage_body())  # 决定日期 2026-09-30 in the example
    entry = _decide(api, ref)
    assert entry["decided_on"] == "2026-09-30" and entry["limit"] == 7
    # the triage's own due date and the register's agree (国庆: 10-01…10-08 off, 10-10 a workday)
    assert entry["due"] == triaged["decisions"]["publicity"]["detail"]["due"] == "2026-10-15"
    assert entry["due"] == nth_workday_after(dt.date(2026, 9, 30), 7).due.isoformat()  # type: ignore[union-attr]
    assert entry["status"] == "overdue" and entry["status_label"] == "逾期未公示"  # today is after 10-15
    assert entry["decision_id"] == triaged["decision_id"]
    listed = api.client.get("/v1/register", params={"status": "overdue"}, headers=api.headers()).json()
    assert [(i["case_ref"], i["case_no"]) for i in listed["items"]] == [(ref, case["case_no"])]

    cant = api.client.post(
        f"/v1/cases/{ref}/publication", json={"on": "2026-10-12", "where": "x"}, headers=api.headers()
    )
    assert cant.status_code == 403  # 办案人员 may not record publication
    early = api.client.post(
        f"/v1/cases/{ref}/publication", json={"on": "2026-09-01", "where": "x"}, headers=api.headers("legal")
    )
    assert early.status_code == 422 and early.json()["code"] == "invalid_date"
    not_yet = api.client.post(
        f"/v1/cases/{ref}/revocation",
        json={"on": "2026-10-20", "reason": "撤销"},
        headers=api.headers("legal"),
    )
    assert not_yet.status_code == 409 and not_yet.json()["code"] == "not_published"
    published = api.client.post(
        f"/v1/cases/{ref}/publication",
        json={"on": "2026-10-12", "where": "国家企业信用信息公示系统"},
        headers=api.headers("legal"),
    )
    assert published.status_code == 201 and published.json()["kind"] == "published"
    again = api.client.post(
        f"/v1/cases/{ref}/publication", json={"on": "2026-10-12", "where": "x"}, headers=api.headers("legal")
    )
    assert again.status_code == 409
    entry = api.client.get(f"/v1/cases/{ref}", headers=api.headers()).json()["register_entry"]
    assert entry["status"] == "published" and entry["published_where"] == "国家企业信用信息公示系统"

    revoked = api.client.post(
        f"/v1/cases/{ref}/revocation",
        json={"on": "2026-11-05", "reason": "确认违法"},
        headers=api.headers("legal"),
    )
    assert revoked.status_code == 201
    assert revoked.json()["body"]["takedown_due"] == "2026-11-10"  # Thu → Fri, Mon, Tue
    entry = api.client.get(f"/v1/cases/{ref}", headers=api.headers()).json()["register_entry"]
    assert entry["status"] == "takedown_overdue" and entry["takedown_due"] == "2026-11-10"
    assert entry["revoked_reason"] == "确认违法"
    down = api.client.post(
        f"/v1/cases/{ref}/takedown", json={"on": "2026-11-09"}, headers=api.headers("legal")
    )
    assert down.status_code == 201
    entry = api.client.get(f"/v1/cases/{ref}", headers=api.headers()).json()["register_entry"]
    assert entry["status"] == "taken_down" and entry["taken_down_on"] == "2026-11-09"
    assert api.store.events.verify().ok


def test_the_due_date_is_never_guessed_past_the_published_holiday_schedule(api: Api) -> None:
    units(api)
    case = open_case(api)
    triage(api, triage_body())
    entry = _decide(api, case["case_ref"], "2099-12-20")
    assert entry["due"] is None and entry["status"] == "undetermined"
    assert "尚未公布" in str(entry["note"]) and "不可仅按周末推算" in str(entry["note"])


def test_no_register_entry_when_publicity_is_not_required_and_a_note_when_unknown(api: Api) -> None:
    units(api)
    warning_only = open_case(api)
    triage(api, triage_body(拟处罚种类=["警告"]))  # 仅警告: not published
    assert _decide(api, warning_only["case_ref"]) is None
    untriaged = open_case(api, "宿市监处〔2026〕60号")
    entry = _decide(api, untriaged["case_ref"], "2026-10-09")
    assert entry["need"] == "unknown" and entry["due"] is None and "请先分流" in str(entry["note"])
    everything = api.client.get("/v1/register", headers=api.headers()).json()["items"]
    assert [i["case_ref"] for i in everything] == [untriaged["case_ref"]]


def test_the_register_is_per_unit(api: Api) -> None:
    units(api)
    mine = open_case(api)
    theirs = open_case(api, who="handler2")
    triage(api, triage_body())
    _decide(api, mine["case_ref"])
    other = api.client.post(
        f"/v1/cases/{theirs['case_ref']}/stage",
        json={"stage": "决定", "decided_on": "2026-10-09"},
        headers=api.headers("handler2"),
    )
    assert other.status_code == 200
    seen = {i["case_ref"] for i in api.client.get("/v1/register", headers=api.headers()).json()["items"]}
    assert seen == {mine["case_ref"]}
    seen2 = {
        i["case_ref"] for i in api.client.get("/v1/register", headers=api.headers("handler2")).json()["items"]
    }
    assert seen2 == {theirs["case_ref"]}
    audit = api.client.get("/v1/register", headers=api.headers("auditor")).json()["items"]
    assert {i["case_ref"] for i in audit} == {mine["case_ref"], theirs["case_ref"]}
    assert {i["unit"] for i in audit} == {
        "宿迁市市场监督管理局 / 宿城分局",
        "宿迁市市场监督管理局 / 宿豫分局",
    }
    foreign = api.client.post(
        f"/v1/cases/{theirs['case_ref']}/publication",
        json={"on": "2026-10-12", "where": "x"},
        headers=api.headers("legal"),
    )
    assert foreign.status_code == 404
