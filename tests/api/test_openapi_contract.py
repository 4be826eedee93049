"""The answers are what /openapi.json says: the test client checks every one (tests/openapi_contract.py).

These tests show that the check is wired and strict: a planted extra or missing field in the
hand-built triage answer, an undeclared status, or an error body that is not ``ErrorBody`` fails.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Mount, Route

import api.routes.triage as triage_routes
from api.services.recording import Recorded
from tests.openapi_contract import UNDOCUMENTED, UNDOCUMENTED_MOUNTS, Contract, ContractError

from .conftest import Api, PublishedContract, make_api
from .test_triage import SMALL

ERROR = {"code": "x", "message": "x", "location": None, "suggestion": None, "problems": []}


@pytest.fixture
def sqlite_api(tmp_path: Path) -> Any:
    with make_api(f"sqlite:///{tmp_path / 'records.db'}") as made:
        yield made


def _planted(monkeypatch: pytest.MonkeyPatch, change: Callable[[dict[str, Any]], None]) -> None:
    """The triage routes' hand-built answer, changed by ``change`` (a planted bug)."""
    real = triage_routes.recorded_json

    def planted(recorded: Recorded) -> str:
        answer = json.loads(real(recorded))
        change(answer)
        return json.dumps(answer, ensure_ascii=False)

    monkeypatch.setattr(triage_routes, "recorded_json", planted)


def test_an_extra_field_in_the_triage_answer_fails(sqlite_api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    _planted(monkeypatch, lambda answer: answer["record"].update(signed_by="张三"))
    with pytest.raises(ContractError, match=r"at \$\.record: .*'signed_by' was unexpected"):
        sqlite_api.post("/v1/triage", SMALL)
    with pytest.raises(ContractError, match=r"triageBatch 200(.|\n)*'signed_by' was unexpected"):
        sqlite_api.post("/v1/triage/batch", {"cases": [SMALL]})


def test_a_missing_field_in_the_triage_answer_fails(sqlite_api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    _planted(monkeypatch, lambda answer: answer.pop("warnings"))
    with pytest.raises(
        ContractError, match=r"triage 200 of /openapi.json:\n  at \$: 'warnings' is a required"
    ):
        sqlite_api.post("/v1/triage", SMALL)


def test_a_wrong_decision_id_in_the_triage_answer_fails(
    sqlite_api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    _planted(monkeypatch, lambda answer: answer.update(decision_id=None))
    with pytest.raises(ContractError, match=r"at \$\.decision_id: None is not of type 'string'"):
        sqlite_api.post("/v1/triage", SMALL)


def test_a_crash_answers_the_declared_500(sqlite_api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    app: FastAPI = sqlite_api.client.app  # type: ignore[assignment]

    def broken() -> None:
        raise RuntimeError("planted")

    monkeypatch.setattr(sqlite_api.store.records, "verify", broken)
    with TestClient(app, raise_server_exceptions=False) as client:
        client.event_hooks = {"request": [], "response": [PublishedContract(app)]}
        response = client.get("/v1/records/verify", headers=sqlite_api.headers("auditor"))
    assert response.status_code == 500 and response.json()["code"] == "internal_error"


def test_the_document_declares_what_the_answers_carry(openapi_spec: dict[str, Any]) -> None:
    schemas = openapi_spec["components"]["schemas"]
    answer = schemas["TriageResponse"]
    assert answer["required"] == list(answer["properties"])  # every field is always there
    assert answer["properties"]["decision_id"]["type"] == "string"
    assert answer["properties"]["decision_id"]["pattern"] == "^d-[0-9a-f]{32}$"
    assert schemas["ErrorBody"]["required"] == ["code", "message", "location", "suggestion", "problems"]
    assert schemas["TriageRequest"]["required"] == ["jurisdiction"]  # requests keep their defaults
    for path, operations in openapi_spec["paths"].items():
        for method, operation in operations.items():
            errors = {s: r for s, r in operation["responses"].items() if int(s) >= 400}
            assert "500" in errors, (method, path)
            for status, declared in errors.items():
                schema = declared["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorBody"}, (method, path, status)


def test_undeclared_statuses_and_other_error_bodies_fail(openapi_spec: dict[str, Any]) -> None:
    contract = Contract(openapi_spec)
    error = json.dumps(ERROR).encode()
    with pytest.raises(ContractError, match="status 404 is not declared for operation listFacts"):
        contract.check("GET", "/v1/facts", 404, "application/json", error)
    with pytest.raises(ContractError, match=r"the body does not match triage 422 of /openapi\.json"):
        contract.check("POST", "/v1/triage", 422, "application/json", b'{"detail": []}')
    with pytest.raises(ContractError, match="media type 'text/plain' is not declared"):
        contract.check("POST", "/v1/triage", 422, "text/plain", error)
    with pytest.raises(ContractError, match=r"no such operation in /openapi\.json, yet not a 404"):
        contract.check("GET", "/v1/nothing", 200, "application/json", b"{}")
    with pytest.raises(ContractError, match="has no PUT operation, yet not a 405"):
        contract.check("PUT", "/v1/triage", 200, "application/json", b"{}")
    with pytest.raises(ContractError, match="an error answer must be application/json"):
        contract.check("GET", "/ui/js/nothing.js", 404, "text/html", b"<p>not found</p>")
    # what is allowed: errors as ErrorBody, concrete paths before templated ones, the page's files
    contract.check("GET", "/v1/nothing", 404, "application/json", error)
    contract.check("PUT", "/v1/triage", 405, "application/json", error)
    contract.check("GET", "/v1/records/x", 404, "application/json", error)
    with pytest.raises(ContractError, match="verifyRecords"):  # not getRecord's 404
        contract.check("GET", "/v1/records/verify", 404, "application/json", error)
    contract.check("GET", "/ui/", 200, "text/html", b"<html></html>")


def test_the_paths_outside_the_document_are_the_apps(api: Api) -> None:
    """The checker's list of paths outside /openapi.json is what the app serves there: nothing more
    (a path added to the app but not to the list fails loudly: "no such operation, yet not a 404")."""
    app: FastAPI = api.client.app  # type: ignore[assignment]
    documented = set(app.openapi()["paths"])
    assert not (UNDOCUMENTED | set(UNDOCUMENTED_MOUNTS)) & documented
    mounts = {r.path for r in app.routes if isinstance(r, Mount)}
    assert mounts == set(UNDOCUMENTED_MOUNTS)
    outside = {r.path for r in app.routes if isinstance(r, Route) and not r.include_in_schema}
    assert outside == UNDOCUMENTED
    samples = {"/ui": "/ui/", "/docs/assets": "/docs/assets/swagger-ui-bundle.js"}
    assert set(samples) == set(UNDOCUMENTED_MOUNTS)
    for path in sorted(UNDOCUMENTED | set(samples.values())):
        assert api.client.get(path, follow_redirects=False).status_code in {200, 307}, path
