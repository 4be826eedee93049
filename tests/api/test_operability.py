"""For operators: metrics, request ids, readiness, and logs without case facts (issue 13, item 11)."""

from __future__ import annotations

import json
import logging
import re

import httpx2
import pytest
from sqlalchemy.exc import OperationalError

from api.observe import JsonFormatter
from tests.openapi_contract import Contract

from .conftest import Api
from .test_triage import SMALL


def _sample(text: str, name: str, **labels: str) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith(name) and not line.startswith("#"):
            metric, _, value = line.rpartition(" ")
            got = re.search(r"\{(.*)\}", metric)
            have = ",".join(sorted((got.group(1) if got else "").split(",")))
            if metric.split("{")[0] == name and have == wanted:
                return float(value)
    return 0.0


def test_metrics_count_requests_latency_commits_and_rejections(api: Api) -> None:
    before = api.client.get("/metrics").text
    assert api.client.post("/v1/triage", json=SMALL, headers=api.headers()).status_code == 200
    assert (
        api.client.post("/v1/triage", json={"jurisdiction": "火星"}, headers=api.headers()).status_code == 422
    )
    after = api.client.get("/metrics")
    assert after.headers["content-type"].startswith("text/plain")
    text = after.text
    ok = {"route": "/v1/triage", "method": "POST", "status": "200"}
    assert (
        _sample(text, "lexgate_requests_total", **ok) == _sample(before, "lexgate_requests_total", **ok) + 1
    )
    count = "lexgate_request_seconds_count"
    assert _sample(text, count, route="/v1/triage") == _sample(before, count, route="/v1/triage") + 2
    assert (
        _sample(text, "lexgate_group_commit_size_count")
        >= _sample(before, "lexgate_group_commit_size_count") + 1
    )
    reason = {"reason": "invalid_input"}
    rejected = "lexgate_rejected_requests_total"
    assert _sample(text, rejected, **reason) == _sample(before, rejected, **reason) + 1
    assert _sample(text, "lexgate_chain_length") == 1
    assert "火星" not in text


def test_every_answer_carries_a_request_id(api: Api) -> None:
    mine = api.client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert mine.headers["x-request-id"] == "abc-123"
    made = api.client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
    error = api.client.get("/v1/me")
    assert error.status_code == 401 and error.headers["x-request-id"]


def test_readiness_fails_while_the_database_or_the_rules_are_unavailable(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    ready = api.client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    state = api.client.app.state.lexgate  # type: ignore[attr-defined]
    # the answers below are checked against the document published while the rules were there
    contract = Contract(api.client.app.openapi())  # type: ignore[attr-defined]
    api.client.event_hooks = {"request": [], "response": []}

    def checked(path: str) -> httpx2.Response:
        answer = api.client.get(path)
        contract.check("GET", path, answer.status_code, answer.headers.get("content-type"), answer.content)
        return answer

    def no_rules() -> None:
        raise RuntimeError("数据库中没有生效的规则集")

    monkeypatch.setattr(state.rules, "current", no_rules)
    down = checked("/readyz")
    assert down.status_code == 503 and down.json()["code"] == "rules_unavailable"

    def no_database() -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(state.store.engine, "connect", no_database)
    down = checked("/readyz")
    assert down.status_code == 503 and down.json()["code"] == "database_unavailable"
    assert checked("/metrics").status_code == 200


def test_logs_are_json_lines_with_the_request_id_and_no_case_facts(
    api: Api, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    caplog.set_level(logging.DEBUG)
    secret = {
        **SMALL,
        "case_id": "宜市监处〔2026〕秘密号",
        "facts": {**SMALL["facts"], "拟罚款金额": "987654元"},
    }  # type: ignore[dict-item]
    api.client.post("/v1/triage", json=secret, headers={**api.headers(), "X-Request-ID": "req-1"})
    bad = {**secret, "facts": {"不存在的事实": "机密的值"}}
    api.client.post("/v1/triage", json=bad, headers=api.headers())
    state = api.client.app.state.lexgate  # type: ignore[attr-defined]

    def crash(*_: object) -> None:
        raise ValueError(f"{secret['case_id']} {bad['facts']}")  # an error message quoting the input

    monkeypatch.setattr(state.triage, "single", crash)
    assert api.client.post("/v1/triage", json=secret, headers=api.headers()).status_code == 500
    formatter = JsonFormatter()
    lines = [formatter.format(r) for r in caplog.records]
    assert lines
    for line in lines:
        parsed = json.loads(line)
        assert {"time", "level", "logger", "message"} <= set(parsed)
        for word in ("秘密号", "987654", "机密的值", "不存在的事实"):
            assert word not in line, line
    access = [json.loads(line) for line in lines if json.loads(line)["logger"] == "lexgate.access"]
    assert any(a.get("request_id") == "req-1" and a["route"] == "/v1/triage" for a in access)
    assert any(json.loads(line).get("error") == "ValueError" for line in lines)
