"""``lexgate mutate [RULES_DIR]``: change the packs one small step at a time and name every change no
scenario catches (the score CI holds; see README's section for legal staff)."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from engine import default_rules_dir
from tools.mutate import mutate, render
from tools.mutate.run import count_mutants

from .common import EXIT_INPUT, die

EXIT_BELOW = 1


class MutateFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("mutate")
    def mutate_command(
        rules_dir: Annotated[
            Path | None,
            typer.Argument(
                help="规则目录（默认: 环境变量 LEXGATE_RULES，未设置时用 lexgate 自带的规则）",
                metavar="[RULES_DIR]",
            ),
        ] = None,
        features: Annotated[Path, typer.Option("--features", help="场景目录（.feature 文件）")] = Path(
            "features"
        ),
        only: Annotated[
            str | None, typer.Option("--only", help="只变异这个规则包（规则包标识，如 yichun）")
        ] = None,
        jobs: Annotated[
            int, typer.Option("--jobs", "-j", min=1, help="并行进程数（默认: CPU 核数）")
        ] = os.cpu_count() or 1,
        fmt: Annotated[
            MutateFormat, typer.Option("--format", "-f", help="输出格式: text 或 json")
        ] = MutateFormat.text,
        verbose: Annotated[bool, typer.Option("--verbose", "-v", help="列出每个变异及发现它的场景")] = False,
        min_score: Annotated[
            float | None,
            typer.Option("--min-score", min=0.0, max=1.0, help="得分低于此值（0–1）时退出码为 1（CI 用）"),
        ] = None,
    ) -> None:
        """变异测试：逐一微改规则（数额±1、×10，比较符，日期±1天，删去列表项或条件，any/all 互换，
        删去本地替换），运行读取该规则的场景，列出没有被任何场景发现的变异，并给出可直接粘贴的区分场景。"""
        root = rules_dir or default_rules_dir()
        if not features.is_dir():
            raise die(
                f"lexgate: 找不到场景目录 {features}；请用 --features 指定 features/ 的位置", EXIT_INPUT
            )
        display_root = Path.cwd()
        try:
            total = count_mutants(root, display_root, features, only)
            with typer.progressbar(length=total, label="变异测试", file=sys.stderr) as bar:
                report = mutate(root, display_root, features, only=only, jobs=jobs, progress=bar.update)
        except ValueError as exc:
            raise die(f"lexgate: {exc}", EXIT_INPUT) from None
        if fmt is MutateFormat.json:
            sys.stdout.write(report.model_dump_json(indent=2) + "\n")
        else:
            sys.stdout.write(render(report, verbose=verbose))
        if min_score is not None and report.total.score < min_score:
            print(
                f"lexgate: 变异得分 {report.total.score:.2%} 低于要求的 {min_score:.2%}；"
                "请为上面列出的存活变异补充场景",
                file=sys.stderr,
            )
            raise typer.Exit(EXIT_BELOW)
