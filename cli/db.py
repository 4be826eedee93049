"""``lexgate db upgrade``: migrate the store's schema (the server and every command also do it)."""

from __future__ import annotations

import typer

from .store_options import DatabaseOption, open_store


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="数据库（决定记录、规则集、密钥）。", no_args_is_help=True)
    app.add_typer(group, name="db")

    @group.command("upgrade")
    def upgrade(database: DatabaseOption = None) -> None:
        """把数据库结构升级到当前版本（可重复执行）。"""
        from store import migrate

        store = open_store(database)  # opening migrates
        print(f"数据库 {store.display_url} 的结构版本: {migrate.current_revision(store.engine)}")
