"""``lexgate units create|list|assign``: 执法单位 (a tree) and the key holders who belong to them.

The machine's operator sets up the root units here; 法制 staff then add units and people under their own
unit on the page or through ``/v1/units``."""

from __future__ import annotations

from contextlib import closing
from typing import Annotated

import typer

from .common import EXIT_INPUT, die
from .store_options import DatabaseOption, open_store


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="执法单位（市局 → 分局 → 所）和单位的人员。", no_args_is_help=True)
    app.add_typer(group, name="units")

    @group.command("create")
    def create(
        name: Annotated[str, typer.Argument(help="单位名称，如 宜春市市场监督管理局")],
        parent: Annotated[
            str | None, typer.Option("--parent", help="上级单位编号（lexgate units list）")
        ] = None,
        database: DatabaseOption = None,
    ) -> None:
        """新建执法单位；不给 --parent 即为根单位。打印单位编号。"""
        from store.units import UnitError

        with closing(open_store(database)) as store:
            try:
                unit = store.units.create(name, parent)
            except UnitError as exc:
                raise die(f"lexgate: {exc.message}；{exc.suggestion}", EXIT_INPUT) from None
            print(unit.unit_id)

    @group.command("list")
    def list_units(database: DatabaseOption = None) -> None:
        """列出单位（树形缩进）及其人员的密钥编号。"""
        with closing(open_store(database)) as store:
            members: dict[str, list[str]] = {}
            for key_id, unit_id in store.units.members().items():
                members.setdefault(unit_id, []).append(key_id)
            units = store.units.all()
            children: dict[str | None, list[str]] = {}
            by_id = {u.unit_id: u for u in units}
            for unit in units:
                children.setdefault(unit.parent_id if unit.parent_id in by_id else None, []).append(
                    unit.unit_id
                )

            def show(unit_id: str, depth: int) -> None:
                people = "、".join(sorted(members.get(unit_id, []))) or "—"
                print(f"{'  ' * depth}{unit_id}\t{by_id[unit_id].name}\t人员: {people}")
                for child in children.get(unit_id, []):
                    show(child, depth + 1)

            for root in children.get(None, []):
                show(root, 0)

    @group.command("assign")
    def assign(
        key: Annotated[str, typer.Option("--key", help="密钥编号（lexgate keys list 的第一列）")],
        unit: Annotated[str, typer.Option("--unit", help="单位编号（lexgate units list 的第一列）")],
        database: DatabaseOption = None,
    ) -> None:
        """把密钥持有人加入单位（已在其他单位的，改到此单位）。"""
        from store.units import UnitError

        with closing(open_store(database)) as store:
            if key not in {k.key_id for k in store.keys.list()}:
                raise die(f"lexgate: 没有编号为 {key} 的密钥（见 lexgate keys list）", EXIT_INPUT)
            try:
                store.units.assign(key, unit)
            except UnitError as exc:
                raise die(f"lexgate: {exc.message}；{exc.suggestion}", EXIT_INPUT) from None
            print(f"密钥 {key} 已加入 {store.units.path(unit)}")
