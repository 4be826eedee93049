"""``Idempotency-Key`` on POST /v1/triage and /v1/triage/batch (issue 13, item 8)."""

from __future__ import annotations

import hashlib
import json

from fastapi.testclient import TestClient

from api.app import create_app
from store.schema import idempotency

from .conftest import Api
from .test_triage import SMALL


def test_a_retry_with_the_same_key_and_body_returns_the_first_answer_and_no_new_record(api: Api) -> None:
    first = api.client.post("/v1/triage", json=SMALL, headers={**api.headers(), "Idempotency-Key": "k-1"})
    # the same body, formatted differently: still the same request
    text = json.dumps(SMALL, ensure_ascii=True, indent=2)
    headers = {**api.headers(), "Idempotency-Key": "k-1", "Content-Type": "application/json"}
    again = api.client.post("/v1/triage", content=text.encode(), headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert api.store.records.count() == 1
    other = api.client.post("/v1/triage", json=SMALL, headers={**api.headers(), "Idempotency-Key": "k-2"})
    assert other.json()["decision_id"] != first.json()["decision_id"]
    assert api.store.records.count() == 2


def test_the_same_key_with_another_body_is_refused(api: Api) -> None:
    assert api.client.post(
        "/v1/triage", json=SMALL, headers={**api.headers(), "Idempotency-Key": "k"}
    ).is_success
    changed = {**SMALL, "case_id": "另一个案件"}
    refused = api.client.post("/v1/triage", json=changed, headers={**api.headers(), "Idempotency-Key": "k"})
    assert refused.status_code == 422
    assert refused.json()["code"] == "idempotency_key_reused"
    assert refused.json()["location"] == "Idempotency-Key"
    assert api.store.records.count() == 1


def test_keys_are_per_holder(api: Api) -> None:
    mine = api.client.post("/v1/triage", json=SMALL, headers={**api.headers(), "Idempotency-Key": "k"})
    theirs = api.client.post(
        "/v1/triage", json=SMALL, headers={**api.headers("handler2"), "Idempotency-Key": "k"}
    )
    assert mine.json()["decision_id"] != theirs.json()["decision_id"]
    assert api.store.records.count() == 2


def test_a_batch_retried_on_another_worker_returns_the_first_answer(api: Api) -> None:
    body = {"cases": [SMALL, {**SMALL, "case_id": "第二件"}, {"jurisdiction": "火星"}]}
    headers = {**api.headers(), "Idempotency-Key": "batch-1"}
    first = api.client.post("/v1/triage/batch", json=body, headers=headers)
    assert first.status_code == 200 and first.json()["recorded"] == 2
    other_worker = create_app(api.settings)  # another process's app over the same database
    with TestClient(other_worker) as client:
        again = client.post("/v1/triage/batch", json=body, headers=headers)
    assert again.status_code == 200 and again.json() == first.json()
    assert api.store.records.count() == 2


def test_a_retry_while_the_first_is_running_is_409_and_a_failed_first_frees_the_key(api: Api) -> None:
    me = api.client.get("/v1/me", headers=api.headers()).json()
    holder = next(k.holder_id for k in api.store.keys.list() if k.key_id == me["key_id"])
    body_digest = hashlib.sha256(
        json.dumps(SMALL, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    )
    with api.store.engine.begin() as conn:  # a claim whose request is still running elsewhere
        conn.execute(
            idempotency.insert().values(
                holder_id=holder,
                route="triage",
                key="busy",
                body_sha256=body_digest.hexdigest(),
                created_at="2999-01-01T00:00:00+00:00",
            )
        )
    busy = api.client.post("/v1/triage", json=SMALL, headers={**api.headers(), "Idempotency-Key": "busy"})
    assert busy.status_code == 409 and busy.json()["code"] == "idempotency_in_progress"
    bad = {"jurisdiction": "火星"}
    failed = api.client.post("/v1/triage", json=bad, headers={**api.headers(), "Idempotency-Key": "f"})
    assert failed.status_code == 422
    fixed = api.client.post("/v1/triage", json=SMALL, headers={**api.headers(), "Idempotency-Key": "f"})
    assert fixed.status_code == 200, fixed.text  # the refused first request left the key free
    assert api.store.records.count() == 1


def test_a_retry_must_ask_for_the_same_explanation_level(api: Api) -> None:
    headers = {**api.headers(), "Idempotency-Key": "k-explain"}
    short = api.client.post("/v1/triage", json=SMALL, params={"explain": "none"}, headers=headers)
    assert short.status_code == 200
    again = api.client.post("/v1/triage", json=SMALL, params={"explain": "none"}, headers=headers)
    assert again.json() == short.json() and api.store.records.count() == 1
    full = api.client.post("/v1/triage", json=SMALL, headers=headers)  # the default level: another request
    assert full.status_code == 422 and full.json()["code"] == "idempotency_key_reused"
    assert api.store.records.count() == 1
