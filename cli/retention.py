"""``lexgate records purge [--dry-run]``: remove the payload of records past retention (store/retention)."""

from __future__ import annotations

import datetime as dt
import json
from contextlib import closing
from typing import Annotated

import typer

from .store_options import DatabaseOption, open_store


def register(group: typer.Typer) -> None:
    @group.command("purge")
    def purge(
        dry_run: Annotated[bool, typer.Option("--dry-run", help="只列出已过保存期限的记录，不清理")] = False,
        as_of: Annotated[
            dt.datetime | None,
            typer.Option("--as-of", formats=["%Y-%m-%d"], help="按此日期计算是否到期（默认今天）"),
        ] = None,
        actor: Annotated[str, typer.Option("--actor", help="执行清理的人（记入清理记录）")] = "命令行",
        output_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
        database: DatabaseOption = None,
    ) -> None:
        """清理已过保存期限的决定记录的内容（请求和结果），保留哈希和链接，记录链仍可校验；永久保存的记录不动。"""
        from store.retention import YEARS, plan
        from store.retention import purge as run

        today = as_of.date() if as_of else dt.date.today()
        with closing(open_store(database)) as store:
            if dry_run:
                items = [p for p in plan(store.engine) if p.expired(today) and p.retention.kind == YEARS]
                refused = []
            else:
                outcome = run(store.engine, today, actor)
                items, refused = outcome.purged, outcome.refused
        if output_json:
            body = {"dry_run": dry_run, "as_of": today.isoformat(), "records": [p.as_json() for p in items]}
            body["refused"] = [p.as_json() for p in refused]
            print(json.dumps(body, ensure_ascii=False, indent=2))
            return
        verb = "已过保存期限（未清理）" if dry_run else "已清理"
        for p in items:
            period = f"{p.start} 起，{p.expires_on} 到期"
            print(f"第 {p.seq} 条\t{p.decision_id}\t{p.case_no or '—'}\t{p.retention.label}\t{period}")
        for p in refused:
            print(
                f"未清理：第 {p.seq} 条 {p.decision_id} 的内容与其哈希不符，请先运行 lexgate records verify"
            )
        print(f"{verb}：{len(items)} 条记录（按 {today.isoformat()} 计算）")
