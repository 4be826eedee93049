"""``POST /v1/triage``'s fast path (api/fastpath.py) answers as the route does, and hands the route
every request it does not take the whole way. A query parameter FastAPI ignores (``?via=route``) sends
the same request through the route, so each pair below is the same request answered both ways."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api import fastpath
from api.inputs import BodyRefused, _clean, _surely_clean, check_tree, strict_loads

from .conftest import Api, example
from .test_triage import SMALL

VIA_ROUTE = "?via=route"
JSON = {"Content-Type": "application/json"}


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The bodies the fast path answered itself."""
    answered: list[bytes] = []
    original = fastpath._answer

    async def counted(send: Any, body: bytes) -> None:
        answered.append(body)
        await original(send, body)

    monkeypatch.setattr(fastpath, "_answer", counted)
    return answered


def post(
    api: Api, body: str | bytes, query: str = "", headers: dict[str, str] | None = None
) -> httpx2.Response:
    content = body.encode() if isinstance(body, str) else body
    sent = {**api.headers(), **JSON, **(headers or {})}
    return api.client.post("/v1/triage" + query, content=content, headers=sent)


def _same_but_ids(fast: dict[str, Any], route: dict[str, Any]) -> None:
    assert fast["decision_id"] != route["decision_id"]
    assert fast["record"]["seq"] != route["record"]["seq"]
    strip = {"decision_id", "record"}
    assert {k: v for k, v in fast.items() if k not in strip} == {
        k: v for k, v in route.items() if k not in strip
    }


@pytest.mark.parametrize("query", ["", "?explain=none", "?explain=reasons", "?explain=full"])
def test_a_triage_answers_the_same_by_either_way(api: Api, taken: list[bytes], query: str) -> None:
    body = json.dumps(example(), ensure_ascii=False)
    fast = post(api, body, query)
    assert len(taken) == 1 and fast.status_code == 200
    route = post(api, body, query + ("&" if query else "?") + "via=route")
    assert len(taken) == 1 and route.status_code == 200
    _same_but_ids(fast.json(), route.json())
    assert taken[0] == fast.content  # the bytes sent are the answer as built
    assert list(fast.headers) == list(route.headers)  # the same headers in the same order
    assert fast.headers["content-type"] == route.headers["content-type"] == "application/json"
    assert fast.headers["content-length"] == str(len(fast.content))
    # both recorded, chained, and each record rebuilds the answer it gave
    assert api.store.records.verify().ok and api.store.records.count() == 2
    for answer in (fast.json(), route.json()):
        stored = api.client.get(f"/v1/records/{answer['decision_id']}", headers=api.headers())
        assert stored.status_code == 200


@pytest.mark.parametrize(
    ("body", "headers", "status"),
    [
        ('{"jurisdiction": "全国", "facts": {"拟罚款金额": "很多"}}', {}, 422),  # the engine's vocabulary
        ('{"jurisdiction": "火星", "facts": {}}', {}, 422),
        ('{"jurisdiction": "全国", "extra": 1}', {}, 422),  # the request model
        ('{"jurisdiction": "全国", "facts": {"a": 1, "a": 2}}', {}, 422),  # the strict reader
        ('{"jurisdiction": "全国", "case_id": "\\u0000"}', {}, 422),
        ('{"jurisdiction": ', {}, 422),  # not JSON
        ("", {}, 422),
        ('{"jurisdiction": "全国"}', {"Authorization": "Bearer lgk_nonsense"}, 401),
        ('{"jurisdiction": "全国"}', {"Authorization": "Basic abc"}, 401),
        ('{"jurisdiction": "全国"}', {"Content-Type": "text/plain"}, 422),
    ],
)
def test_what_the_fast_path_does_not_take_is_the_routes_answer(
    api: Api, taken: list[bytes], body: str, headers: dict[str, str], status: int
) -> None:
    fast = post(api, body, "", headers)
    route = post(api, body, VIA_ROUTE, headers)
    assert taken == []
    assert fast.status_code == route.status_code == status, fast.text
    assert fast.json() == route.json()
    assert api.store.records.count() == 0


def test_an_auditor_is_refused_by_the_route(api: Api, taken: list[bytes]) -> None:
    response = api.client.post("/v1/triage", json=SMALL, headers=api.headers("auditor"))
    assert response.status_code == 403 and taken == []


def test_an_idempotency_key_goes_to_the_route(api: Api, taken: list[bytes]) -> None:
    body = json.dumps(SMALL)
    first = post(api, body, headers={"Idempotency-Key": "k-1"})
    again = post(api, body, headers={"Idempotency-Key": "k-1"})
    assert taken == [] and first.status_code == again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert api.store.records.count() == 1


def test_a_body_in_several_chunks_is_read_whole(api: Api, taken: list[bytes]) -> None:
    text = json.dumps(example(), ensure_ascii=False).encode()
    chunks = (text[i : i + 100] for i in range(0, len(text), 100))
    response = api.client.post("/v1/triage", content=chunks, headers={**api.headers(), **JSON})
    assert response.status_code == 200 and len(taken) == 1


def test_the_fast_paths_requests_are_logged_and_counted_under_the_route(
    api: Api, taken: list[bytes], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="lexgate.access"):
        assert post(api, json.dumps(SMALL)).status_code == 200
    assert len(taken) == 1
    (line,) = [r for r in caplog.records if r.name == "lexgate.access"]
    assert line.__dict__["route"] == "/v1/triage" and line.__dict__["status"] == 200
    metrics = api.client.get("/metrics").text
    assert 'route="/v1/triage"' in metrics


_chars = st.characters(exclude_categories=())  # NUL and lone surrogates included
_json = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**20), 10**20) | st.text(_chars, max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(_chars, max_size=8), inner, max_size=5)
    ),
    max_leaves=40,
)


def _passes(value: Any) -> bool:
    try:
        check_tree(value)
    except Exception:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(value=_json, ascii_only=st.booleans())
def test_the_readers_shortcuts_never_pass_what_check_tree_refuses(value: Any, ascii_only: bool) -> None:
    assert _clean(value) == _passes(value)
    # as a client sends it: a lone surrogate cannot be UTF-8, and the reader refuses such bytes
    body = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    try:
        parsed = strict_loads(body)
    except BodyRefused:
        return
    assert _passes(parsed)


def test_the_readers_shortcut_sends_escaped_nul_and_surrogates_to_the_checks() -> None:
    for text in ('{"a": "\\u0000"}', '{"a": "\\ud800"}', '{"a\\udfff": 1}'):
        assert not _surely_clean(text)
        with pytest.raises(BodyRefused):
            strict_loads(text.encode())
    assert strict_loads(b'{"a": "\\uD83D\\uDE00"}') == {"a": "\U0001f600"}  # a pair is a character
