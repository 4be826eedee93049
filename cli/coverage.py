"""``lexgate coverage``: which scenarios made each rule hold, and which rules none covers.

The feature suite (``pytest``, see features/README.md) records the rules that held in each scenario
and writes the report; this command checks it against the current rule packs and prints it.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from tools.coverage import CoverageReport, render_report

from .common import EXIT_INPUT, RulesOption, die, load_rules

DEFAULT_REPORT = Path("test-artifacts/rule-coverage.json")
EXIT_UNCOVERED = 1


class CoverageFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command()
    def coverage(
        report: Annotated[
            Path,
            typer.Option("--report", help="场景运行写出的覆盖率报告（pytest 运行 features/ 时生成）"),
        ] = DEFAULT_REPORT,
        fmt: Annotated[
            CoverageFormat, typer.Option("--format", "-f", help="输出格式: text 或 json")
        ] = CoverageFormat.text,
        summary: Annotated[bool, typer.Option("--summary", help="只输出统计和未覆盖的规则")] = False,
        rules: RulesOption = None,
    ) -> None:
        """规则覆盖率：逐条列出使规则成立的场景，并列出没有任何场景覆盖的规则；有未覆盖的规则时退出码为 1。"""
        ruleset = load_rules(rules)
        if not report.is_file():
            raise die(
                f"lexgate: 找不到覆盖率报告 {report}；请先运行场景（.venv/bin/pytest tests/bdd），"
                "完整运行全部场景后会生成该报告",
                EXIT_INPUT,
            )
        try:
            found = CoverageReport.read(report)
        except (ValidationError, UnicodeDecodeError) as exc:
            raise die(
                f"lexgate: {report} 不是覆盖率报告（{exc.__class__.__name__}）；请重新运行场景生成",
                EXIT_INPUT,
            ) from None
        if found.digest != ruleset.digest:
            raise die(
                f"lexgate: 覆盖率报告 {report} 基于另一版本的规则（{found.digest[:19]}…），"
                f"当前规则为 {ruleset.digest[:19]}…；请重新运行场景（.venv/bin/pytest tests/bdd）",
                EXIT_INPUT,
            )
        if fmt is CoverageFormat.json:
            sys.stdout.write(found.model_dump_json(indent=2) + "\n")
        else:
            sys.stdout.write(render_report(found, summary=summary))
        if found.uncovered:
            raise typer.Exit(EXIT_UNCOVERED)
