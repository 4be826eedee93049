"""Each operation of /openapi.json names the roles that may call it (``x-roles``), and the service keeps
to it: a key of another role gets 403 ``forbidden``, a key of a named role never does, and an
operation that names no role needs no key. The attack suite (.ci/fuzz.py) plans its runs from it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import Api, make_api

ROLES = ("handler", "legal", "auditor")
LABELS = {"handler": "办案人员", "legal": "法制", "auditor": "审计"}


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in spec["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


def call(api: Api, method: str, path: str, who: str | None) -> tuple[int, Any]:
    """The operation with a placeholder for each path parameter and an empty body: a key is checked
    before either is read."""
    where = re.sub(r"\{[^}]+\}", "x", path)
    headers = api.headers(who) if who is not None else {}
    body = {} if method in ("post", "put") else None
    answer = api.client.request(method.upper(), where, json=body, headers=headers)
    is_json = answer.headers.get("content-type", "").startswith("application/json")
    return answer.status_code, answer.json() if is_json else None


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Api]:
    with make_api(f"sqlite:///{tmp_path_factory.mktemp('roles') / 'records.db'}") as made:
        yield made


def test_every_keyed_operation_names_its_roles_and_the_service_keeps_to_them(
    api: Api, openapi_spec: dict[str, Any]
) -> None:
    checked = 0
    for method, path, operation in operations(openapi_spec):
        roles = operation.get("x-roles")
        status, _ = call(api, method, path, None)
        if roles is None:
            assert status != 401, f"{method.upper()} {path} names no role but asks for a key"
            continue
        assert status == 401, (
            f"{method.upper()} {path} names roles {roles} but answers {status} without a key"
        )
        assert set(roles) <= set(ROLES) and roles, roles
        labels = "、".join(LABELS[role] for role in roles)
        assert f"可调用的角色：{labels}" in operation["description"], operation["description"]
        for who in ROLES:
            status, body = call(api, method, path, who)
            refused = status == 403 and body is not None and body["code"] == "forbidden"
            assert refused == (who not in roles), f"{method.upper()} {path} as {who}: {status} {body}"
            checked += 1
    assert checked >= 40 * len(ROLES)  # the whole API, not a few operations


def test_the_roles_follow_the_permissions(openapi_spec: dict[str, Any]) -> None:
    """Spot checks against store/roles.py: only 法制 reloads rules, only 审计 verifies the chain, the
    catalogue is read by all three."""
    roles = {
        operation["operationId"]: operation.get("x-roles") for _, _, operation in operations(openapi_spec)
    }
    assert roles["reloadRules"] == ["legal"]
    assert roles["verifyRecords"] == ["auditor"]
    assert roles["triage"] == ["handler", "legal"]
    assert roles["listFacts"] == ["handler", "legal", "auditor"]
    assert roles["health"] is None and roles["rateEnforcement"] is None
