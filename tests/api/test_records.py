"""Decision records: who sees what, verification of the chain, replay, and tampering."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import delete, update

from store.schema import records
from tests.cli_in_process import lexgate

from .conftest import Api, example
from .test_triage import SMALL


def _triage(api: Api, who: str = "handler", body: object = SMALL) -> dict[str, object]:
    response = api.client.post("/v1/triage", json=body, headers=api.headers(who))
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()
    return result


def test_handlers_read_their_own_records_and_auditors_all(api: Api) -> None:
    mine = _triage(api, "handler")
    theirs = _triage(api, "handler2")
    own = api.client.get(f"/v1/records/{mine['decision_id']}", headers=api.headers())
    assert own.status_code == 200, own.text
    body = own.json()
    assert body["result"]["decision_id"] == mine["decision_id"]
    assert body["request"]["facts"] == SMALL["facts"]
    assert body["actor"] == "张三" and body["role"] == "handler"
    other = api.client.get(f"/v1/records/{theirs['decision_id']}", headers=api.headers())
    assert other.status_code == 404 and other.json()["code"] == "record_not_found"
    assert "本人" in other.json()["message"]
    for decision_id in (mine["decision_id"], theirs["decision_id"]):
        assert api.client.get(f"/v1/records/{decision_id}", headers=api.headers("auditor")).status_code == 200


def test_record_list_is_recent_first_filtered_by_role_and_paged(api: Api) -> None:
    ids = [_triage(api)["decision_id"] for _ in range(3)]
    other = _triage(api, "handler2")["decision_id"]
    page = api.client.get("/v1/records", params={"limit": 2}, headers=api.headers()).json()
    assert [i["decision_id"] for i in page["items"]] == [ids[2], ids[1]]
    assert page["items"][0]["outcomes"]["legal_review"] == "required"
    rest = api.client.get(
        "/v1/records", params={"limit": 2, "before": page["next_before"]}, headers=api.headers()
    )
    assert [i["decision_id"] for i in rest.json()["items"]] == [ids[0]]
    assert rest.json()["next_before"] is None
    everything = api.client.get("/v1/records", headers=api.headers("auditor")).json()
    assert [i["decision_id"] for i in everything["items"]] == [other, *reversed(ids)]
    by_case = api.client.get(
        "/v1/records", params={"case_id": "无此案"}, headers=api.headers("auditor")
    ).json()
    assert by_case["items"] == []


def test_verify_endpoint_reports_an_intact_and_a_broken_chain(api: Api) -> None:
    for _ in range(3):
        _triage(api)
    intact = api.client.get("/v1/records/verify", headers=api.headers("auditor")).json()
    assert intact["ok"] and intact["records"] == 3 and intact["head_seq"] == 3
    with api.store.engine.begin() as conn:
        conn.execute(update(records).where(records.c.seq == 2).values(case_id="改过的案号"))
    broken = api.client.get("/v1/records/verify", headers=api.headers("auditor")).json()
    assert not broken["ok"]
    assert broken["first_problem"]["kind"] == "altered" and broken["first_problem"]["seq"] == 2
    assert "第 2 条" in broken["first_problem"]["message"]


def test_deleted_and_reordered_records_are_reported(api: Api) -> None:
    for _ in range(4):
        _triage(api)
    with api.store.engine.begin() as conn:
        conn.execute(delete(records).where(records.c.seq == 2))
    report = api.store.records.verify()
    assert report.first is not None and (report.first.kind, report.first.seq) == ("missing", 2)
    with api.store.engine.begin() as conn:
        conn.execute(delete(records).where(records.c.seq == 4))
    tail = api.store.records.verify()
    assert tail.problems[-1].kind == "head_mismatch" and tail.problems[-1].seq == 4


def test_swapped_records_are_reported(api: Api) -> None:
    for _ in range(3):
        _triage(api)
    with api.store.engine.begin() as conn:  # swap the contents of seq 1 and 2, keeping seq
        rows = {r.seq: dict(r._mapping) for r in conn.execute(records.select().where(records.c.seq <= 2))}
        for seq, other in ((1, 2), (2, 1)):
            values = {k: v for k, v in rows[other].items() if k not in ("seq", "decision_id")}
            conn.execute(update(records).where(records.c.seq == seq).values(**values))
    report = api.store.records.verify()
    assert report.first is not None and report.first.seq == 1 and report.first.kind == "altered"


def test_replay_gives_the_identical_result_under_the_rule_set_that_made_it(api: Api) -> None:
    made = _triage(api, body=example())
    replay = api.client.post(f"/v1/records/{made['decision_id']}/replay", headers=api.headers("auditor"))
    assert replay.status_code == 200, replay.text
    body = replay.json()
    assert body["identical"] and body["fingerprint_matches"] and body["differences"] == []
    assert body["replayed"] == body["stored"]
    assert body["ruleset_digest"] == made["ruleset"]["digest"]  # type: ignore[index]


def test_replay_reports_a_stored_result_that_was_changed(api: Api) -> None:
    made = _triage(api)
    row = api.store.records.get(str(made["decision_id"]))
    assert row is not None
    result = json.loads(row["result"])
    result["decisions"]["legal_review"]["outcome"] = "not_required"
    with api.store.engine.begin() as conn:
        conn.execute(update(records).where(records.c.seq == 1).values(result=json.dumps(result)))
    body = api.client.post(f"/v1/records/{made['decision_id']}/replay", headers=api.headers("auditor")).json()
    assert not body["identical"]
    assert body["differences"] == ["$.decisions.legal_review.outcome"]


def test_lexgate_records_verify_reports_a_hand_edited_record(api: Api) -> None:
    for _ in range(3):
        _triage(api)
    env = {"LEXGATE_DATABASE_URL": api.settings.database_url}
    intact = lexgate("records", "verify", env=env)
    assert intact.returncode == 0, intact.stderr
    assert "记录链完整: 3 条记录" in intact.stdout
    with api.store.engine.begin() as conn:  # as someone would with a SQL console
        row = conn.execute(records.select().where(records.c.seq == 2)).one()
        edited = row.result.replace('"required"', '"not_required"', 1)
        conn.execute(update(records).where(records.c.seq == 2).values(result=edited))
    broken = lexgate("records", "verify", env=env)
    assert broken.returncode == 1
    assert "第一处: 第 2 条记录" in broken.stdout and "被修改" in broken.stdout


@pytest.mark.parametrize(
    ("column", "value"), [("actor", "李四"), ("created_at", "2020-01-01T00:00:00.000000+00:00")]
)
def test_get_and_replay_check_the_records_own_hash(api: Api, column: str, value: str) -> None:
    made = _triage(api, body=example())
    decision_id = str(made["decision_id"])
    url = f"/v1/records/{decision_id}"
    assert api.client.get(url, headers=api.headers("auditor")).json()["intact"]
    with api.store.engine.begin() as conn:
        conn.execute(update(records).where(records.c.seq == 1).values({column: value}))
    record = api.client.get(url, headers=api.headers("auditor")).json()
    assert record[column] == value and not record["intact"]
    body = api.client.post(f"{url}/replay", headers=api.headers("auditor")).json()
    assert not body["intact"] and not body["identical"]
    assert body["differences"] == []  # the result itself is unchanged: only the hash tells
