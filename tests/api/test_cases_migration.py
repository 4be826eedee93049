"""Migration 0004 on a database with records made before it: every record keeps its hash, the chain
verifies, and records made afterwards (with their unit) chain on — on SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import insert, inspect

from store import Store
from store.chain import GENESIS, canonical_json, record_hash
from store.db import make_engine, write_transaction
from store.ledger import write_head
from store.migrate import _config, current_revision, head_revision
from store.records import Draft, new_decision_id
from store.schema import records

from .pg_databases import admin, url_of

_names = itertools.count()


def _row(seq: int, prev: str) -> dict[str, Any]:
    row: dict[str, Any] = {
        "seq": seq,
        "decision_id": new_decision_id(),
        "created_at": "2026-10-01T00:00:00.000000+00:00",
        "actor": "张三",
        "key_id": "k1",
        "role": "handler",
        "case_id": "宿市监处〔2026〕1号",
        "jurisdiction": "江苏省宿迁市",
        "as_of": "2026-10-01",
        "ruleset_digest": "sha256:" + "1" * 64,
        "executor": "compiled",
        "fingerprint": "f" * 40,
        "request": canonical_json({"facts": {}, "jurisdiction": "江苏省宿迁市"}),
        "result": canonical_json({"decisions": {}}),
        "prev_hash": prev,
    }
    row["hash"] = record_hash(row)
    return row


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'old.db'}"
    name = f"lexgate_t_{os.getpid()}_m{next(_names)}"
    admin(f"CREATE DATABASE {name}")
    request.addfinalizer(lambda: admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    return url_of(name)


def test_records_made_before_the_migration_stay_valid_and_new_ones_chain_on(empty_url: str) -> None:
    engine = make_engine(empty_url)
    cfg = _config()
    with write_transaction(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        prev = GENESIS
        for seq in (1, 2):
            row = _row(seq, prev)
            conn.execute(insert(records).values(**row))  # the columns of 0001 only
            prev = row["hash"]
        write_head(conn, 2, prev)
    assert current_revision(engine) == "0001"
    assert "unit_id" not in {c["name"] for c in inspect(engine).get_columns("records")}
    engine.dispose()

    store = Store.open(empty_url)  # migrates to the head
    try:
        assert current_revision(store.engine) == head_revision()
        report = store.records.verify()
        assert report.ok and report.records == 2
        unit = store.units.create("宿迁市市场监督管理局")
        draft = Draft(
            decision_id=new_decision_id(),
            actor="张三",
            key_id="k1",
            role="handler",
            case_id="宿市监处〔2026〕1号",
            jurisdiction="江苏省宿迁市",
            as_of="2026-10-02",
            ruleset_digest="sha256:" + "1" * 64,
            executor="compiled",
            fingerprint="f" * 40,
            request="{}",
            result="{}",
            unit_id=unit.unit_id,
        )
        store.records.append([draft])
        after = store.records.verify()
        assert after.ok and after.records == 3
        assert store.records.get_by_seq(1)["unit_id"] is None  # type: ignore[index]
        assert store.records.get_by_seq(3)["unit_id"] == unit.unit_id  # type: ignore[index]
        assert store.events.verify().ok
    finally:
        store.close()
