"""``lexgate diff OLD NEW``: what changed between two rules directories, rule by rule."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import RuleSetInvalid
from ..loader import load_ruleset
from ..rulediff import diff_rulesets, render_text
from ..ruleset import RuleSet
from .common import EXIT_RULES, die


class DiffFormat(StrEnum):
    text = "text"
    json = "json"


def _load(path: Path) -> RuleSet:
    try:
        return load_ruleset(path, display_root=Path.cwd())
    except RuleSetInvalid as exc:
        raise die(
            f"lexgate: 规则目录 {path} 无法加载，先运行 lexgate lint {path}:\n{exc}", EXIT_RULES
        ) from None


def register(app: typer.Typer) -> None:
    @app.command()
    def diff(
        old: Annotated[Path, typer.Argument(help="原规则目录")],
        new: Annotated[Path, typer.Argument(help="新规则目录")],
        fmt: Annotated[DiffFormat, typer.Option("--format", "-f", help="输出格式: text（中文）或 json")] = (
            DiffFormat.text
        ),
        exit_code: Annotated[
            bool, typer.Option("--exit-code", help="有差异时退出码为 1（供脚本使用）")
        ] = False,
    ) -> None:
        """逐条列出两个规则目录之间新增、删除、修改的规则和参数（条件、门槛、生效日期……）。"""
        before, after = _load(old), _load(new)
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
