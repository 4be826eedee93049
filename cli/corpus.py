"""``lexgate corpus generate -n N``: seeded synthetic cases (JSON Lines) for whatif and benchmarks."""

from __future__ import annotations

import datetime as dt
import json
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Annotated, TextIO

import typer

from tools.corpus import CorpusSpec, generate

from .common import RulesOption, load_rules


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="合成案件集（用于 whatif 和基准测试）。", no_args_is_help=True)
    app.add_typer(group, name="corpus")

    @group.command("generate")
    def generate_cmd(
        n: Annotated[int, typer.Option("-n", min=1, help="案件数")],
        seed: Annotated[
            int, typer.Option("--seed", help="随机种子：同一种子、同一规则得到同样的案件")
        ] = 20261101,
        missing: Annotated[float, typer.Option("--missing", min=0.0, max=1.0, help="未填写事实的比例")] = 0.1,
        near: Annotated[
            float, typer.Option("--near", min=0.0, max=1.0, help="金额落在门槛上或附近的比例")
        ] = 0.5,
        start: Annotated[
            dt.datetime | None, typer.Option("--from", formats=["%Y-%m-%d"], help="评估日期最早为")
        ] = None,
        end: Annotated[
            dt.datetime | None, typer.Option("--to", formats=["%Y-%m-%d"], help="评估日期最晚为")
        ] = None,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="输出文件（默认标准输出）")
        ] = None,
        rules: RulesOption = None,
    ) -> None:
        """生成 N 个合成案件：覆盖全部事实和管辖地，部分事实缺失，金额集中在门槛附近。"""
        ruleset = load_rules(rules)
        spec = CorpusSpec(
            n=n,
            seed=seed,
            missing=missing,
            near=near,
            start=start.date() if start else None,
            end=end.date() if end else None,
        )
        with ExitStack() as stack:
            out: TextIO = sys.stdout
            if output is not None:
                out = stack.enter_context(output.open("w", encoding="utf-8"))
            for case in generate(ruleset, spec):
                out.write(json.dumps(case, ensure_ascii=False) + "\n")
