"""The ``--database`` option of the commands that use the API's store (records, keys, serve)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from store import Store

DatabaseOption = Annotated[
    str | None,
    typer.Option(
        "--database",
        envvar="LEXGATE_DATABASE_URL",
        help="数据库 URL：sqlite:///文件 或 postgresql://用户@主机/库（默认: 用户数据目录中的 SQLite 文件）",
        show_default=False,
    ),
]


def open_store(database: str | None) -> Store:
    """The store, migrated; imported here so that ``engine`` never loads the API at start-up."""
    from store import Store
    from store.db import default_database_url

    return Store.open(database or default_database_url())
