"""Compact decision records (issue 14): a record keeps the request, the rule set's digest, the outcomes
and the hash of the answer; reading it rebuilds the answer — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest
from alembic import command
from sqlalchemy import insert, update

from store import Store, register, retention
from store.chain import GENESIS, canonical_json
from store.compact import COMPACT_FORM, STORE_DETAILS, answer_sha256
from store.db import make_engine, write_transaction
from store.ledger import write_head
from store.migrate import _config, current_revision, head_revision
from store.records import Draft, new_decision_id
from store.schema import records

from .conftest import Api, example
from .test_cases_migration import _row, empty_url  # noqa: F401 (the fixture)


def _answered(api: Api, body: object, explain: str = "full") -> dict[str, Any]:
    response = api.client.post(f"/v1/triage?explain={explain}", json=body, headers=api.headers())
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    answer.pop("record")
    return answer


def _read(api: Api, decision_id: str) -> dict[str, Any]:
    response = api.client.get(f"/v1/records/{decision_id}", headers=api.headers("auditor"))
    assert response.status_code == 200, response.text
    record: dict[str, Any] = response.json()
    return record


@pytest.mark.parametrize("explain", ["full", "reasons", "none"])
def test_a_records_rebuilt_explanation_equals_the_one_answered_at_triage(api: Api, explain: str) -> None:
    # the facts in an order the record does not keep (it sorts keys): the answer must not depend on it
    case = example()
    case["facts"] = dict(reversed(list(case["facts"].items())))  # type: ignore[attr-defined]
    answer = _answered(api, case, explain)
    row = api.store.records.get(answer["decision_id"])
    assert row is not None and row["result_form"] == COMPACT_FORM
    kept = json.loads(row["result"])
    assert "reasons" not in row["result"]  # the explanation is not stored ...
    assert {k: d["outcome"] for k, d in kept["decisions"].items()} == {
        k: d["outcome"] for k, d in answer["decisions"].items()
    }
    assert [m["fact"] for m in kept["missing_facts"]] == [m["fact"] for m in answer["missing_facts"]]
    assert kept["warnings"] == [w["rule"] for w in answer["warnings"]]
    record = _read(api, answer["decision_id"])  # ... and rebuilt under the stored rule set
    assert record["intact"] and record["result"] == answer
    if explain == "full":
        assert record["result"]["decisions"]["legal_review"]["reasons"][0]["conditions"]
    replay = api.client.post(f"/v1/records/{answer['decision_id']}/replay", headers=api.headers("auditor"))
    assert replay.json()["identical"] and replay.json()["replayed"] == answer
    assert api.store.records.verify().ok


def test_a_compact_record_keeps_the_details_the_store_reads(api: Api) -> None:
    assert {register.PUBLICITY, retention.DECISION, "judicial_transfer"} <= STORE_DETAILS
    answer = _answered(api, example())
    row = api.store.records.get(answer["decision_id"])
    assert row is not None
    kept = json.loads(row["result"])["decisions"]
    for key, decision in answer["decisions"].items():
        expected = decision["detail"] if key in STORE_DETAILS else None
        assert kept[key].get("detail") == expected, key
    assert any(answer["decisions"][k]["detail"] for k in STORE_DETAILS if k in answer["decisions"])


def test_a_compact_record_that_does_not_rebuild_to_its_hash_is_refused(api: Api) -> None:
    answer = _answered(api, example())
    row = api.store.records.get(answer["decision_id"])
    assert row is not None
    kept = json.loads(row["result"])
    kept["result_sha256"] = answer_sha256("{}")
    with api.store.engine.begin() as conn:
        conn.execute(update(records).where(records.c.seq == row["seq"]).values(result=canonical_json(kept)))
    response = api.client.get(f"/v1/records/{answer['decision_id']}", headers=api.headers("auditor"))
    assert response.status_code == 500
    assert response.json()["code"] == "record_not_reproducible"
    replay = api.client.post(f"/v1/records/{answer['decision_id']}/replay", headers=api.headers("auditor"))
    assert replay.json()["differences"] == ["$.result_sha256"] and not replay.json()["identical"]
    report = api.store.records.verify()  # and the chain says the record was altered
    assert not report.ok and report.first is not None and report.first.kind == "altered"


def test_a_record_holding_the_full_answer_stays_readable(api: Api) -> None:
    answer = _answered(api, example())
    row = api.store.records.get(answer["decision_id"])
    assert row is not None
    legacy_id = new_decision_id()
    full = {**answer, "decision_id": legacy_id}
    fields = {
        k: row[k] for k in Draft.__dataclass_fields__ if k not in ("decision_id", "result", "result_form")
    }
    api.store.records.append([Draft(**{**fields, "decision_id": legacy_id, "result": canonical_json(full)})])
    legacy = api.store.records.get(legacy_id)
    assert legacy is not None and legacy["result_form"] is None
    assert _read(api, legacy_id)["result"] == full
    listed = api.client.get("/v1/records", headers=api.headers("auditor")).json()["items"]
    assert (
        listed[0]["outcomes"]
        == listed[1]["outcomes"]
        == {k: d["outcome"] for k, d in full["decisions"].items()}
    )
    assert api.store.records.verify().ok


def test_migration_0006_keeps_every_earlier_records_hash(empty_url: str) -> None:  # noqa: F811
    engine = make_engine(empty_url)
    cfg = _config()
    with write_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0005")
        prev = GENESIS
        for seq in (1, 2):
            row = _row(seq, prev)
            conn.execute(insert(records).values(**row))
            prev = row["hash"]
        write_head(conn, 2, prev)
    assert current_revision(engine) == "0005"
    engine.dispose()
    store = Store.open(empty_url)
    try:
        assert current_revision(store.engine) == head_revision() == "0006"
        report = store.records.verify()
        assert report.ok and report.records == 2
        assert store.records.get_by_seq(1)["result_form"] is None  # type: ignore[index]
    finally:
        store.close()
