"""The PostgreSQL test databases handed from one test to the next are in the template's state, or dropped."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from .conftest import example, make_api
from .pg_databases import ADMIN_URL, Contents, Databases, url_of


@pytest.fixture
def databases(pg_databases: Databases) -> Iterator[Databases]:
    """A pool of its own over the session's template, so that these tests hand nothing to others."""
    own = Databases(pg_databases.template)
    yield own
    own.close()


def _exists(name: str) -> bool:
    with psycopg.connect(ADMIN_URL) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def _contents(name: str) -> Contents:
    with psycopg.connect(url_of(name)) as conn:
        return Contents.read(conn)


def test_a_used_database_comes_back_as_the_template_is(databases: Databases) -> None:
    name = databases.take()
    with make_api(url_of(name)) as api:  # keys, records, the ledger's and the cases' chains written
        for _ in range(3):
            assert api.post("/v1/triage", example()).status_code == 200  # type: ignore[attr-defined]
    left_open = psycopg.connect(url_of(name))  # a connection the test forgot: ended by the reset
    left_open.execute("SELECT 1")
    assert _contents(name).fingerprint != databases.contents.fingerprint

    databases.give_back(name)
    assert databases.take() == name
    assert _contents(name) == databases.contents
    with make_api(url_of(name)) as api:  # the records' chain starts again at its first record
        assert api.post("/v1/triage", example()).status_code == 200  # type: ignore[attr-defined]
        assert api.store.records.count() == 1
        assert api.store.records.verify().ok
    with pytest.raises(psycopg.OperationalError):  # ended by the reset, which did not wait for it
        left_open.execute("SELECT 1")
    left_open.close()


def test_a_database_whose_schema_changed_is_dropped(databases: Databases) -> None:
    name = databases.take()
    with psycopg.connect(url_of(name)) as conn:
        conn.execute("ALTER TABLE api_keys ADD COLUMN left_by_a_test integer")
    databases.give_back(name)
    assert not _exists(name)
    assert databases.take() != name


def test_a_database_with_a_new_sequence_value_comes_back_reset(databases: Databases) -> None:
    name = databases.take()
    with psycopg.connect(url_of(name)) as conn:
        conn.execute("SELECT nextval('ledger_id_seq'), nextval('ledger_id_seq')")
    databases.give_back(name)
    assert databases.take() == name
    assert _contents(name).sequences == databases.contents.sequences
