"""``?explain=full|reasons|none`` on POST /v1/triage and /v1/triage/batch: less of the why, the same
outcomes, recorded as answered and replayed at the level asked for."""

from __future__ import annotations

import json

import pytest

from .conftest import Api, example


def _triage(api: Api, level: str | None) -> dict[str, object]:
    suffix = "" if level is None else f"?explain={level}"
    response = api.client.post("/v1/triage" + suffix, json=example(), headers=api.headers())
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _outcomes(body: dict[str, object]) -> dict[str, str]:
    decisions = body["decisions"]
    assert isinstance(decisions, dict)
    return {k: v["outcome"] for k, v in decisions.items()}


def test_levels_answer_the_same_outcomes_with_less_of_the_why(api: Api) -> None:
    default, full, reasons, none = (_triage(api, level) for level in (None, "full", "reasons", "none"))
    assert _outcomes(default) == _outcomes(full) == _outcomes(reasons) == _outcomes(none)
    legal = {
        name: b["decisions"]["legal_review"]
        for name, b in (("full", full), ("reasons", reasons), ("none", none))
    }  # type: ignore[index]
    assert legal["full"]["reasons"][0]["conditions"]
    assert [r["rule"] for r in legal["reasons"]["reasons"]] == [r["rule"] for r in legal["full"]["reasons"]]
    assert all(r["conditions"] == [] and r["because"] == [] for r in legal["reasons"]["reasons"])
    assert legal["none"]["reasons"] == []
    assert legal["none"]["detail"] == legal["full"]["detail"]
    assert none["missing_facts"] == full["missing_facts"]


@pytest.mark.parametrize("level", ["reasons", "none"])
def test_a_record_answered_with_less_replays_at_its_level(api: Api, level: str) -> None:
    made = _triage(api, level)
    row = api.store.records.get(str(made["decision_id"]))
    assert row is not None
    assert json.loads(row["request"])["explain"] == level
    record = api.client.get(f"/v1/records/{made['decision_id']}", headers=api.headers("auditor")).json()
    assert record["result"] == {k: v for k, v in made.items() if k != "record"}  # rebuilt at its level
    replay = api.client.post(f"/v1/records/{made['decision_id']}/replay", headers=api.headers("auditor"))
    assert replay.status_code == 200, replay.text
    assert replay.json()["identical"]
    assert api.store.records.verify().ok


def test_a_full_record_stores_the_request_as_before(api: Api) -> None:
    made = _triage(api, "full")
    row = api.store.records.get(str(made["decision_id"]))
    assert row is not None
    assert "explain" not in json.loads(row["request"])


def test_batch_takes_the_level_too(api: Api) -> None:
    response = api.client.post(
        "/v1/triage/batch?explain=none", json={"cases": [example()]}, headers=api.headers()
    )
    assert response.status_code == 200, response.text
    result = response.json()["results"][0]["result"]
    assert all(d["reasons"] == [] for d in result["decisions"].values())


def test_an_unknown_level_is_a_422(api: Api) -> None:
    response = api.client.post("/v1/triage?explain=all", json=example(), headers=api.headers())
    assert response.status_code == 422, response.text
