"""API and records tests run on both back ends: a SQLite file and a fresh PostgreSQL database.

Every answer the test client receives is checked against the app's published OpenAPI document
(tests/openapi_contract.py): its status must be declared for the operation and its body must match
the declared schema, so a test of anything passes only if the answer is also what /openapi.json says.

The PostgreSQL databases are made here, through the ``postgres`` maintenance database of the
server at ``$LEXGATE_TEST_POSTGRES`` (default: the local server, trust auth): one migrated template
per test session, then one copy per test (``CREATE DATABASE … TEMPLATE``), put back into the template's
state for the worker's next test (tests/api/pg_databases.py). The
SQLite files likewise: one migrated file per test session, copied for each test (SQLite's backup API),
so that no test pays for running every migration (≈ 45 ms each; bench/README.md).
"""

from __future__ import annotations

import itertools
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from store import Store
from store.roles import Role
from tests.openapi_contract import Contract

from .pg_databases import Databases, admin, drop_leftovers, url_of

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
BACKENDS = ("sqlite", "postgresql")
_names = itertools.count()


def example(name: str = "yichun_food_hearing") -> dict[str, object]:
    loaded: dict[str, object] = json.loads((ROOT / "examples" / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[Databases]:
    drop_leftovers()
    name = f"lexgate_tpl_{os.getpid()}"
    admin(f"DROP DATABASE IF EXISTS {name}")
    admin(f"CREATE DATABASE {name}")
    Store.open(url_of(name)).close()  # migrated once; every test database is a copy
    databases = Databases(name)
    yield databases
    databases.close()
    admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    Store.open(f"sqlite:///{path}").close()  # migrated once; every test's file is a copy
    return path


def new_database(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if backend == "sqlite":
        path = tmp_path / f"records-{next(_names)}.db"
        template: Path = request.getfixturevalue("sqlite_template")
        with sqlite3.connect(template) as source, sqlite3.connect(path) as copy:
            source.backup(copy)
        source.close()
        copy.close()
        return f"sqlite:///{path}"
    databases: Databases = request.getfixturevalue("pg_databases")
    name = databases.take()
    request.addfinalizer(lambda: databases.give_back(name))
    return url_of(name)


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return new_database(request.param, tmp_path, request)


@dataclass
class Api:
    client: TestClient
    store: Store
    keys: dict[str, str]  # role label → key text
    settings: Settings

    def headers(self, who: str = "handler") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}

    def post(self, path: str, body: object, who: str = "handler") -> object:
        return self.client.post(path, json=body, headers=self.headers(who))


class PublishedContract:
    """The contract of what ``app`` publishes at /openapi.json now (rebuilt when the document changes,
    e.g. after a reload put another vocabulary in it)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._spec: dict[str, object] | None = None
        self._contract: Contract | None = None

    def current(self) -> Contract:
        spec = self.app.openapi()
        if self._contract is None or spec is not self._spec:
            self._spec, self._contract = spec, Contract.of(spec)
        return self._contract

    def __call__(self, response: httpx2.Response) -> None:
        """An httpx response hook: runs on every answer, redirects included."""
        response.read()
        request = response.request
        self.current().check(
            request.method,
            request.url.path,
            response.status_code,
            response.headers.get("content-type"),
            response.content,
        )


@contextmanager
def make_api(database_url: str, rules_dir: Path = RULES, **overrides: Any) -> Iterator[Api]:
    settings = Settings(database_url=database_url, rules_dir=rules_dir, executor="compiled", **overrides)
    app = create_app(settings)
    store: Store = app.state.lexgate.store
    keys = {
        "handler": store.keys.create("张三", Role.handler)[1],
        "handler2": store.keys.create("李四", Role.handler)[1],
        "legal": store.keys.create("王法制", Role.legal)[1],
        "auditor": store.keys.create("赵审计", Role.auditor)[1],
    }
    with TestClient(app) as client:
        client.event_hooks = {"request": [], "response": [PublishedContract(app)]}
        yield Api(client, store, keys, settings)


@pytest.fixture
def api(database_url: str) -> Iterator[Api]:
    with make_api(database_url) as made:
        yield made


@pytest.fixture(scope="session")
def openapi_spec(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """/openapi.json as the app over the repository's rules publishes it."""
    with make_api(f"sqlite:///{tmp_path_factory.mktemp('openapi') / 'records.db'}") as made:
        spec: dict[str, Any] = made.client.get("/openapi.json").json()
    return spec
