"""``lexgate diff OLD NEW``: what changed between two rules directories, rule by rule."""

from __future__ import annotations

import json
import re
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from engine import RuleSet, RuleSetInvalid, load_ruleset
from tools.diff import diff_rulesets, render_text

from .common import EXIT_INPUT, EXIT_RULES, die
from .store_options import DatabaseOption, open_store

if TYPE_CHECKING:
    from store import Store


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


DIGEST = re.compile(r"^(sha256:)?[0-9a-f]{12,64}$")


def _load(side: str, database: str | None) -> RuleSet:
    """A rules directory, or a rule set stored under its digest (the records' store keeps every one
    that was ever in force, so a digest from a decision record can be compared)."""
    path = Path(side)
    if path.is_dir() or not DIGEST.match(side):
        try:
            return load_ruleset(path, display_root=Path.cwd())
        except RuleSetInvalid as exc:
            raise die(
                f"lexgate: 规则目录 {path} 无法加载，先运行 lexgate lint {path}:\n{exc}", EXIT_RULES
            ) from None
    store = open_store(database)
    try:
        return _stored(store, side)
    finally:
        store.close()


def _stored(store: Store, side: str) -> RuleSet:
    found = store.rulesets.matching(side)
    if len(found) != 1:
        known = "\n".join(f"  {digest}（存储于 {when}）" for digest, when in store.rulesets.stored()[:10])
        problem = "没有" if not found else f"有 {len(found)} 个"
        raise die(
            f"lexgate: 数据库 {store.display_url} 中{problem}摘要以 {side} 开头的规则集；"
            f"请写出更长的摘要或检查数据库（--database）。已存储的规则集:\n{known or '  （无）'}",
            EXIT_INPUT,
        )
    return store.rulesets.load(found[0])


def register(app: typer.Typer) -> None:
    @app.command()
    def diff(
        old: Annotated[str, typer.Argument(help="原规则：目录，或存储的规则集摘要（sha256:…，至少 12 位）")],
        new: Annotated[str, typer.Argument(help="新规则：目录，或存储的规则集摘要")],
        fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="输出格式: text（中文）或 json")] = (
            DiffFormat.text
        ),
        exit_code: Annotated[
            bool, typer.Option("--exit-code", help="有差异时退出码为 1（供脚本使用）")
        ] = False,
        database: DatabaseOption = None,
    ) -> None:
        """逐条列出两个规则目录（或两个存储的规则集）之间新增、删除、修改的规则和参数（条件、门槛、生效日期……）。"""
        before, after = _load(old, database), _load(new, database)
        changes = diff_rulesets(before, after)
        if fmt is DiffFormat.json:
            payload = {
                "old": {"rules": str(old), "digest": before.digest},
                "new": {"rules": str(new), "digest": after.digest},
                "changes": [c.as_json() for c in changes],
            }
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        else:
            sys.stdout.write(render_text(changes, str(old), str(new)))
        if exit_code and changes:
            raise typer.Exit(1)
