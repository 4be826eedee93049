"""``lexgate lint [RULES_DIR]``: check rule packs and print every problem with file:line:col.

Schema and reference errors come from the loader; once the packs load, the static analyses of
``tools.lint`` add their findings (errors and warnings). The exit status reflects errors only.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from engine import Location, RuleProblem, default_rules_dir
from tools.lint import lint as run_lint


class LintFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command()
    def lint(
        rules_dir: Annotated[
            Path | None,
            typer.Argument(
                help="规则目录（默认: 环境变量 LEXGATE_RULES，未设置时用 lexgate 自带的规则）",
                metavar="[RULES_DIR]",
            ),
        ] = None,
        fmt: Annotated[
            LintFormat, typer.Option("--format", "-f", help="输出格式: text 或 json")
        ] = LintFormat.text,
    ) -> None:
        """检查规则包：列出全部错误（文件:行:列、错误代码、规则、修改建议）；有错误时退出码非零。"""
        root = rules_dir or default_rules_dir()
        report = run_lint(root, display_root=Path.cwd())
        problems, errors = report.problems, report.errors
        if fmt is LintFormat.json:
            payload = [
                {
                    "code": p.code,
                    "severity": p.severity,
                    "message": p.message,
                    "location": _where(p.location),
                    "rule": p.rule,
                    "fix": p.fix,
                    "related_rules": list(p.related_rules),
                    "related": [_where(at) for at in p.related],
                }
                for p in problems
            ]
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        else:
            for problem in problems:
                print(line(problem))
            if report.ruleset is not None:
                rs = report.ruleset
                rules = sum(len(p.rules) for p in rs.packs.values())
                warnings = len(problems) - len(errors)
                print(
                    f"规则包检查{'未' if errors else ''}通过: {len(rs.packs)} 个规则包，{rules} 条规则，"
                    f"{len(rs.vocabulary.facts)} 个输入事实{_invariants(report.invariants)}；"
                    f"{len(errors)} 个错误，{warnings} 个警告。"
                    f" 摘要 {rs.digest}"
                )
            else:
                print(f"规则包检查未通过: {len(errors)} 个错误，{len(problems) - len(errors)} 个警告。")
        if errors:
            raise typer.Exit(1)


def _invariants(count: int) -> str:
    """How many legal invariants the packs state (each was proven unless a problem above says not)."""
    return f"，{count} 条法律不变式" if count else ""


def _where(at: Location) -> dict[str, object]:
    return {"file": at.file, "line": at.line, "column": at.column}


def line(problem: RuleProblem) -> str:
    """One problem as text; a warning says so after its code (errors read as they always have)."""
    if problem.severity == "error":
        return str(problem)
    return str(problem).replace(f": {problem.code}:", f": {problem.code}（警告）:", 1)
