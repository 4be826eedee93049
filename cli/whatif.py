"""``lexgate whatif CASES --candidate DIR``: which cases a rule change would decide differently."""

from __future__ import annotations

import os
import resource
import sys
import time
from contextlib import ExitStack
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from engine import RuleSet, RuleSetInvalid, default_rules_dir, load_ruleset
from tools.whatif import runner
from tools.whatif.compare import Comparer
from tools.whatif.report import WRITERS, Summary
from tools.whatif.sources import CaseSource, JsonLinesSource

from .common import EXIT_INPUT, EXIT_RULES, RulesOption, die
from .store_options import DatabaseOption, open_store


class WhatifFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


def _load(path: Path, what: str) -> RuleSet:
    try:
        return load_ruleset(path, display_root=Path.cwd())
    except RuleSetInvalid as exc:
        raise die(f"lexgate: {what}规则包无法加载，先运行 lexgate lint {path}:\n{exc}", EXIT_RULES) from None


def _labels(*rulesets: RuleSet) -> dict[str, str]:
    return {d.id: d.label for rs in rulesets for s in rs.scopes.values() for d in s.decisions}


def _progress(enabled: bool | None) -> Progress:
    console = Console(stderr=True, force_terminal=True if enabled else None)
    return Progress(
        TextColumn("[bold]规则变更影响"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("件"),
        TaskProgressColumn(),
        TextColumn("{task.fields[rate]} 件/秒"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
        disable=enabled is False or (enabled is None and not sys.stderr.isatty()),
    )


def register(app: typer.Typer) -> None:
    @app.command()
    def whatif(
        candidate: Annotated[Path, typer.Option("--candidate", "-c", help="候选规则目录（修改后的规则）")],
        cases: Annotated[
            str | None,
            typer.Argument(
                help="案件 JSON Lines 文件（每行一个分流请求），'-' 表示标准输入；用 --records 时省略",
                show_default=False,
            ),
        ] = None,
        fmt: Annotated[
            WhatifFormat, typer.Option("--format", "-f", help="输出格式: text（中文）、json 或 csv")
        ] = WhatifFormat.text,
        output: Annotated[
            Path | None, typer.Option("--output", "-o", help="输出文件（默认标准输出）")
        ] = None,
        workers: Annotated[
            int, typer.Option("--workers", "-j", min=1, help="工作进程数（默认: CPU 核数）")
        ] = os.cpu_count() or 1,
        chunk_size: Annotated[int, typer.Option("--chunk-size", min=1, help="每批案件数")] = 1000,
        progress: Annotated[
            bool | None, typer.Option("--progress/--no-progress", help="显示进度条（默认: 终端上显示）")
        ] = None,
        records: Annotated[
            bool,
            typer.Option("--records", help="以数据库中存储的决定记录为案件（每条记录的请求和评估日期）"),
        ] = False,
        database: DatabaseOption = None,
        rules: RulesOption = None,
    ) -> None:
        """比较现行规则与候选规则：列出结论有变化的案件（按决定给出变更前后的理由）并汇总。"""
        if (cases is None) == (not records):
            raise die(
                "lexgate: 请给出案件文件（JSON Lines，'-' 为标准输入），"
                "或用 --records 分析存储的决定记录（二者选一）",
                EXIT_INPUT,
            )
        current_dir = rules or default_rules_dir()
        current, changed = _load(current_dir, "现行"), _load(candidate, "候选")
        source: CaseSource
        stack = ExitStack()
        if records:
            store = open_store(database)
            stack.callback(store.close)
            from store.records import RecordCases  # the API's store, only when asked for

            source = RecordCases(store.records, store.display_url)
        else:
            path = None if cases == "-" else Path(cases or "")
            if path is not None and not path.is_file():
                raise die(f"lexgate: 找不到案件文件 {cases}", EXIT_INPUT)
            source = JsonLinesSource(path)
        header: dict[str, Any] = {
            "current": {"rules": str(current_dir), "digest": current.digest},
            "candidate": {"rules": str(candidate), "digest": changed.digest},
            "cases": source.name,
            "key_kind": source.key_kind,
        }
        summary = Summary(_labels(current, changed), source.key_kind)
        started = time.perf_counter()
        with stack:
            out: TextIO = sys.stdout
            if output is not None:
                encoding = (
                    "utf-8-sig" if fmt is WhatifFormat.csv else "utf-8"
                )  # a BOM lets Excel read Chinese
                out = stack.enter_context(output.open("w", encoding=encoding, newline=""))
            writer = WRITERS[fmt.value](out, header)
            comparer = Comparer(current, changed)
            # the workers first: forked, they inherit both rule sets, before the bar starts its thread
            pool = stack.enter_context(runner.Workers(workers, current_dir, candidate, comparer))
            bar = stack.enter_context(_progress(progress))
            task = bar.add_task("whatif", total=source.count(), rate="—")

            def advance(n: int) -> None:
                done = bar.tasks[0].completed + n
                rate = done / max(time.perf_counter() - started, 1e-9)
                bar.update(task, completed=done, rate=f"{rate:,.0f}")

            results = runner.run(
                source,
                current_dir,
                candidate,
                workers=workers,
                chunk_size=chunk_size,
                comparer=comparer,
                on_chunk=advance,
                pool=pool,
            )
            for chunk in results:
                summary.add(chunk)
                for change in chunk.changes:
                    writer.change(change)
            elapsed = time.perf_counter() - started
            run = {
                "workers": workers,
                "chunk_size": chunk_size,
                "seconds": round(elapsed, 3),
                "cases_per_second": round((summary.cases + summary.invalid) / max(elapsed, 1e-9), 1),
                "parent_max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                "worker_max_rss_mb": {
                    str(pid): round(kb / 1024, 1) for pid, kb in sorted(summary.worker_rss_kb.items())
                },
            }
            writer.close(summary, run)
        if fmt is WhatifFormat.csv or output is not None:
            sys.stderr.write(summary.text())
        if summary.invalid:
            raise typer.Exit(EXIT_INPUT)
