"""``lexgate records verify``: check the decision records' hash chain."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated

import typer

from .store_options import DatabaseOption, open_store

EXIT_BROKEN = 1  # the chain has a problem


class Format(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="决定记录（执法全过程记录）。", no_args_is_help=True)
    app.add_typer(group, name="records")

    @group.command("verify")
    def verify(
        fmt: Annotated[Format, typer.Option("--format", "-f", help="text 或 json")] = Format.text,
        database: DatabaseOption = None,
    ) -> None:
        """校验记录链：重算每条记录的哈希，检查链接和链头；报告第一条被修改、缺失或顺序被打乱的记录。"""
        store = open_store(database)
        report = store.records.verify()
        if fmt is Format.json:
            body = {
                "ok": report.ok,
                "records": report.records,
                "head_seq": report.head_seq,
                "head_hash": report.head_hash,
                "problems": [p.__dict__ for p in report.problems],
                "truncated": report.truncated,
            }
            print(json.dumps(body, ensure_ascii=False, indent=2))
        elif report.ok:
            print(f"记录链完整: {report.records} 条记录，链头第 {report.head_seq} 条 {report.head_hash}")
        else:
            count = f"{len(report.problems)}{'+' if report.truncated else ''}"
            print(f"记录链有问题（共 {count} 处）。第一处: {report.problems[0].message}")
            for problem in report.problems[1:]:
                print(f"  - {problem.message}")
            print(f"数据库: {store.display_url}")
        if not report.ok:
            raise typer.Exit(EXIT_BROKEN)
