"""Alembic environment: always handed an open connection by ``store.migrate`` (which holds a lock)."""

from __future__ import annotations

from alembic import context

from store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "lexgate 的迁移由 `lexgate db upgrade`（或服务启动时）执行，不能直接用 alembic 命令运行"
    )
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
