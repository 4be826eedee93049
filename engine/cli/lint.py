"""``lexgate lint [RULES_DIR]``: check rule packs and print every problem with file:line:col."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..loader import default_rules_dir, run_pipeline


class LintFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command()
    def lint(
        rules_dir: Annotated[
            Path | None, typer.Argument(help="规则目录（默认: 本仓库的 rules/）", metavar="[RULES_DIR]")
        ] = None,
        fmt: Annotated[
            LintFormat, typer.Option("--format", "-f", help="输出格式: text 或 json")
        ] = LintFormat.text,
    ) -> None:
        """检查规则包：列出全部错误（文件:行:列、错误代码、规则、修改建议）；有错误时退出码非零。"""
        root = rules_dir or default_rules_dir()
        state = run_pipeline(root, display_root=Path.cwd())
        problems = sorted(state.problems.items, key=lambda p: p.sort_key())
        errors = [p for p in problems if p.severity == "error"]
        if fmt is LintFormat.json:
            payload = [
                {
                    "code": p.code,
                    "severity": p.severity,
                    "message": p.message,
                    "location": {
                        "file": p.location.file,
                        "line": p.location.line,
                        "column": p.location.column,
                    },
                    "rule": p.rule,
                    "fix": p.fix,
                }
                for p in problems
            ]
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        else:
            for problem in problems:
                print(str(problem))
            if state.ruleset is not None:
                rs = state.ruleset
                rules = sum(len(p.rules) for p in rs.packs.values())
                warnings = len(problems) - len(errors)
                print(
                    f"规则包检查{'未' if errors else ''}通过: {len(rs.packs)} 个规则包，{rules} 条规则，"
                    f"{len(rs.vocabulary.facts)} 个输入事实；{len(errors)} 个错误，{warnings} 个警告。"
                    f" 摘要 {rs.digest}"
                )
            else:
                print(f"规则包检查未通过: {len(errors)} 个错误，{len(problems) - len(errors)} 个警告。")
        if errors:
            raise typer.Exit(1)
