"""Helpers shared by CLI commands: loading the rule set and printing errors the same way."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from engine import InputInvalid, RuleSet, RuleSetInvalid, default_rules_dir, load_ruleset

EXIT_INPUT = 2  # invalid input (CONTRACT §6)
EXIT_RULES = 3  # the rule packs do not load

RulesOption = Annotated[
    Path | None,
    typer.Option(
        "--rules",
        envvar="LEXGATE_RULES",
        help="规则目录（默认: 环境变量 LEXGATE_RULES，未设置时用 lexgate 自带的规则）",
        show_default=False,
    ),
]


def die(message: str, code: int) -> typer.Exit:
    print(message, file=sys.stderr)
    return typer.Exit(code)


def load_rules(rules: Path | None) -> RuleSet:
    try:
        return load_ruleset(rules or default_rules_dir(), display_root=Path.cwd())
    except RuleSetInvalid as exc:
        raise die(f"lexgate: 规则包无法加载，先运行 lexgate lint 查看并修正:\n{exc}", EXIT_RULES) from None


def input_error(exc: InputInvalid, where: str | None = None) -> str:
    head = f"lexgate: 输入有误（{where}）:" if where else "lexgate: 输入有误:"
    return "\n".join([head, *[f"  - {p}" for p in exc.problems]])
