"""Migration 0002 on a database made by 0001: existing keys become holders of their own, and still work."""

from __future__ import annotations

from alembic import command
from sqlalchemy import text

from store import Store
from store.db import make_engine, write_transaction
from store.migrate import _config
from store.roles import Role
from store.schema import metadata


def test_keys_of_0001_become_their_own_holders(database_url: str) -> None:
    engine = make_engine(database_url)
    with engine.begin() as conn:  # the test database is a copy of a migrated template (both back ends)
        metadata.drop_all(conn)
        conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    cfg = _config()
    with write_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
    row = {
        "name": "张三",
        "role": "handler",
        "secret_sha256": "0" * 64,
        "created_at": "2026-01-01T00:00:00+00:00",
    }
    as_0001 = text(  # the columns 0001 made
        "INSERT INTO api_keys (key_id, name, role, secret_sha256, created_at) "
        "VALUES (:key_id, :name, :role, :secret_sha256, :created_at)"
    )
    with engine.begin() as conn:
        conn.execute(as_0001, [{**row, "key_id": "aaa"}, {**row, "key_id": "bbb"}])
    engine.dispose()
    store = Store.open(database_url)  # migrates to the newest revision
    holders = {k.key_id: k.holder_id for k in store.keys.list()}
    assert holders == {"aaa": "aaa", "bbb": "bbb"}  # the same name no longer joins them
    _, key = store.keys.create("张三", Role.handler, same_as="aaa")
    holder = store.keys.authenticate(key)
    assert holder is not None and holder.holder_id == "aaa"
    store.close()
