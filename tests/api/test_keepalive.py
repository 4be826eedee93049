"""After a 500 the server keeps the client's keep-alive connection open (uvicorn, for real)."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from api.app import create_app
from api.settings import Settings

from .conftest import RULES
from .test_serve import free_port


@pytest.fixture
def server(database_url: str) -> Iterator[tuple[int, object]]:
    app = create_app(Settings(database_url=database_url, rules_dir=RULES, executor="compiled"))
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="critical", lifespan="on")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    for _ in range(500):  # bounded wait for start-up, not a timing assertion
        if running.started:
            break
        time.sleep(0.02)
    assert running.started
    try:
        yield port, app.state.lexgate
    finally:
        running.should_exit = True
        thread.join(30)


def test_a_500_answers_the_error_body_and_keeps_the_connection(
    server: tuple[int, object], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    port, state = server

    def broken(token: str) -> None:
        raise RuntimeError("the key store failed")

    monkeypatch.setattr(state.store.keys, "authenticate", broken)  # type: ignore[attr-defined]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/v1/me", headers={"Authorization": "Bearer lgk_x_y"})
    first = conn.getresponse()
    body = json.loads(first.read())
    assert first.status == 500 and body["code"] == "internal_error"
    assert first.getheader("connection") != "close"
    sock = conn.sock
    assert sock is not None
    conn.request("GET", "/healthz")
    second = conn.getresponse()
    assert second.status == 200
    second.read()
    assert conn.sock is sock  # the same connection, not a new one
    conn.close()
