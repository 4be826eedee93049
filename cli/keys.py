"""``lexgate keys create|list|revoke``: API keys of case handlers, legal staff and auditors."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from .common import EXIT_INPUT, die
from .store_options import DatabaseOption, open_store


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="API 密钥（办案人员、法制、审计）。", no_args_is_help=True)
    app.add_typer(group, name="keys")

    @group.command("create")
    def create(
        role: Annotated[
            str, typer.Option("--role", help="角色: 办案人员、法制 或 审计（也可写 handler、legal、auditor）")
        ],
        name: Annotated[str, typer.Option("--name", help="密钥持有人的姓名（只作显示）")],
        same_as: Annotated[
            str | None,
            typer.Option(
                "--same-as",
                help="同一人的另一把密钥的编号：新密钥归同一持有人，能看到其全部记录（默认：新的持有人）",
            ),
        ] = None,
        database: DatabaseOption = None,
    ) -> None:
        """创建密钥：只在此时显示一次，数据库中只保存其哈希。"""
        from store.roles import ROLE_LABELS, Role, parse_role

        parsed = parse_role(role)
        if parsed is None:
            known = "、".join(f"{ROLE_LABELS[r]}（{r.value}）" for r in Role)
            raise die(f"lexgate: 未知的角色 '{role}'，可选: {known}", EXIT_INPUT)
        if not name.strip():
            raise die("lexgate: --name 不能为空：请写密钥持有人的姓名", EXIT_INPUT)
        store = open_store(database)
        try:
            holder, key = store.keys.create(name.strip(), parsed, same_as=same_as)
        except KeyError:
            raise die(f"lexgate: 没有编号为 {same_as} 的密钥（见 lexgate keys list）", EXIT_INPUT) from None
        print(key)
        print(
            f"已为 {holder.name}（{ROLE_LABELS[holder.role]}，持有人 {holder.holder_id}）"
            f"创建密钥 {holder.key_id}；"
            f"密钥只显示这一次，请妥善保存。数据库: {store.display_url}",
            file=sys.stderr,
        )

    @group.command("list")
    def list_keys(database: DatabaseOption = None) -> None:
        """列出密钥（不含密钥本身）。"""
        from store.roles import ROLE_LABELS

        for info in open_store(database).keys.list():
            state = f"已吊销 {info.revoked_at}" if info.revoked_at else "有效"
            role = ROLE_LABELS[info.role]
            print(f"{info.key_id}\t{info.holder_id}\t{info.name}\t{role}\t{info.created_at}\t{state}")

    @group.command("revoke")
    def revoke(
        key_id: Annotated[str, typer.Argument(help="密钥编号（lexgate keys list 的第一列）")],
        database: DatabaseOption = None,
    ) -> None:
        """吊销密钥：之后用它的请求一律 401。"""
        if not open_store(database).keys.revoke(key_id):
            raise die(f"lexgate: 没有编号为 {key_id} 的有效密钥（见 lexgate keys list）", EXIT_INPUT)
        print(f"已吊销密钥 {key_id}")
