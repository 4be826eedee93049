"""``lexgate cases list|register|verify``: case files, the 公示 register and the case events' chain."""

from __future__ import annotations

import datetime as dt
from contextlib import closing
from typing import Annotated

import typer

from .common import die
from .store_options import DatabaseOption, open_store


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="案件、公示登记簿和案件事件链。", no_args_is_help=True)
    app.add_typer(group, name="cases")

    @group.command("list")
    def list_cases(
        query: Annotated[
            str | None, typer.Option("-q", "--query", help="案号、当事人或案件名称的一部分")
        ] = None,
        database: DatabaseOption = None,
    ) -> None:
        """列出案件（最近更新的在前）：编号、单位、案号、阶段、当事人、案件名称。"""
        with closing(open_store(database)) as store:
            for case in store.cases.search(None, query, limit=200):
                unit = store.units.path(case.unit_id)
                print(f"{case.case_ref}\t{unit}\t{case.case_no}\t{case.stage}\t{case.party}\t{case.title}")

    @group.command("register")
    def register_list(database: DatabaseOption = None) -> None:
        """公示登记簿：状态、案号、决定日期、公示截止日期（或撤下截止日期）及说明。"""
        from store.register import REGISTER_KINDS, entries

        with closing(open_store(database)) as store:
            for entry in entries(store.events.of_units(None, REGISTER_KINDS), dt.date.today()):
                case = store.cases.get(entry.case_ref)
                due = entry.takedown_due if entry.revoked_on else entry.due
                note = (entry.takedown_note if entry.revoked_on else entry.note) or ""
                number = case.case_no if case else entry.case_ref
                print(f"{entry.status_label}\t{number}\t决定 {entry.decided_on}\t截止 {due or '—'}\t{note}")

    @group.command("verify")
    def verify(database: DatabaseOption = None) -> None:
        """校验案件事件链（阶段、公示、撤下、码上评评价和答复）；出错时退出码 1 并说明第一处问题。"""
        with closing(open_store(database)) as store:
            report = store.events.verify()
        if not report.ok:
            raise die(f"lexgate: 案件事件链校验失败：{report.message}", 1)
        print(f"案件事件链完好：{report.events} 条事件，链头第 {report.head_seq} 条")
