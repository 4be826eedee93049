"""``lexgate decide FILE|-``: triage one case (or JSON lines with ``--batch``)."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from engine import (
    EXECUTORS,
    Explain,
    FactProblem,
    InputInvalid,
    RuleSet,
    get_executor,
    render_text,
    triage_request,
)

from .common import EXIT_INPUT, RulesOption, die, input_error, load_rules


class Format(StrEnum):
    json = "json"
    text = "text"


class ExplainLevel(StrEnum):
    full = "full"
    reasons = "reasons"
    none = "none"


def _read(source: str) -> str:
    if source == "-":
        return sys.stdin.read()
    path = Path(source)
    if not path.is_file():
        raise die(f"lexgate: 找不到文件 {source}", EXIT_INPUT)
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise die(f"lexgate: {source} 不是 UTF-8 编码的文本: {exc.reason}", EXIT_INPUT) from None


def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputInvalid(
            [
                FactProblem(
                    "invalid_json",
                    where,
                    f"不是合法的 JSON（第 {exc.lineno} 行第 {exc.colno} 列: {exc.msg}）",
                )
            ]
        ) from None


def _one(ruleset: RuleSet, raw: Any, executor_name: str | None, today: dt.date, explain: Explain) -> Any:
    return triage_request(ruleset, raw, today, get_executor(executor_name), explain)[1]


def register(app: typer.Typer) -> None:
    @app.command()
    def decide(
        source: Annotated[str, typer.Argument(help="案件 JSON 文件，'-' 表示标准输入", metavar="FILE|-")],
        fmt: Annotated[Format, typer.Option("--format", "-f", help="输出格式: json 或 text（中文说明）")] = (
            Format.json
        ),
        batch: Annotated[
            bool, typer.Option("--batch", help="逐行读取 JSON（每行一个案件），逐行输出结果")
        ] = False,
        executor: Annotated[
            str | None,
            typer.Option(
                "--executor", help=f"执行器: {' 或 '.join(EXECUTORS)}（默认 durable，不可用时 compiled）"
            ),
        ] = None,
        explain: Annotated[
            ExplainLevel,
            typer.Option(
                "--explain",
                help="理由详略: full（条件与推理链，默认）、reasons（只列规则，不列条件）、none（不给理由）",
            ),
        ] = ExplainLevel.full,
        rules: RulesOption = None,
    ) -> None:
        """分流一个案件：输出各项决定的结论、理由（法律依据）和待补充的事实。"""
        if executor is not None and executor not in EXECUTORS:
            raise die(f"lexgate: 未知的执行器 '{executor}'，可选: {', '.join(EXECUTORS)}", EXIT_INPUT)
        ruleset = load_rules(rules)
        today = dt.date.today()  # the boundary supplies as_of; evaluation never reads the clock
        text = _read(source)
        if not batch:
            try:
                result = _one(ruleset, _json(text, source), executor, today, explain.value)
            except InputInvalid as exc:
                raise die(input_error(exc, source), EXIT_INPUT) from None
            if fmt is Format.text:
                sys.stdout.write(render_text(result))
            else:
                sys.stdout.write(result.model_dump_json(indent=2) + "\n")
            return
        failures = 0
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{source} 第 {number} 行"
            try:
                result = _one(ruleset, _json(line, where), executor, today, explain.value)
            except InputInvalid as exc:
                failures += 1
                print(input_error(exc, where), file=sys.stderr)
                error = {
                    "line": number,
                    "error": {"code": "invalid_input", "problems": [p.__dict__ for p in exc.problems]},
                }
                sys.stdout.write(json.dumps(error, ensure_ascii=False, default=str) + "\n")
                continue
            if fmt is Format.text:
                sys.stdout.write(render_text(result) + "\n")
            else:
                sys.stdout.write(result.model_dump_json() + "\n")
        if failures:
            raise typer.Exit(EXIT_INPUT)
