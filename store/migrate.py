"""Bringing a database to the current schema, safely when several workers start at once.

The upgrade runs inside one transaction that first takes a lock (PostgreSQL: an advisory
transaction lock; SQLite: ``BEGIN IMMEDIATE``): the first process migrates, the others wait, then
find the schema current. Both back ends have transactional DDL, so a crash mid-migration leaves
the previous schema.
"""

from __future__ import annotations

import functools

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from .db import is_sqlite, write_transaction

MIGRATION_LOCK = 0x6C657867  # "lexg": the advisory lock id of migrations


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "store:migrations")
    return cfg


@functools.cache  # the shipped scripts do not change while a process runs; reading them is ~7 ms a store
def head_revision() -> str | None:
    return ScriptDirectory.from_config(_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Migrate to the newest revision (no-op when current)."""
    if current_revision(engine) == head_revision():
        return
    cfg = _config()
    with write_transaction(engine) as conn:
        if not is_sqlite(engine):
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
