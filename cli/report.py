"""``lexgate report --year 2026 [--unit …] [--format text|json] [--xlsx 文件]``: the annual report."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path
from typing import Annotated, Any, Literal

import typer

from .common import die
from .store_options import DatabaseOption, open_store


def _change(now: int, before: int) -> str:
    if before == 0:
        return "上年为 0" if now else "持平"
    return f"{(now - before) / before:+.1%}"


def render(report: Mapping[str, Any]) -> str:
    """The report as Chinese text: totals with the previous year, per unit, per month, offences, facts."""
    from store.report_xlsx import decisions_of, figures, headings

    decisions = decisions_of(report)
    head = headings(report["labels"], decisions)
    year, total, previous = report["year"], report["total"], report["previous_year"]
    lines = [f"{year}年度行政执法统计年报（{report['scope']}，{report['generated_on']} 生成）"]
    if report["reminder"]:
        lines.append(f"提醒：{report['reminder']['text']}")
    lines.append(f"\n一、总体情况（与 {year - 1} 年比较）")
    for name, now, before in zip(head, figures(total, decisions), figures(previous, decisions), strict=True):
        lines.append(f"  {name}：{now}（上年 {before}，{_change(int(now), int(before))}）")
    for decision in decisions:
        rate = total["undetermined_rate"].get(decision, 0.0)
        lines.append(f"  {report['labels'].get(decision, decision)}无法确定率：{rate:.1%}")
    lines.append("\n二、分单位")
    lines.append("  " + "\t".join(["执法单位", *head]))
    for unit in report["units"]:
        lines.append("  " + "\t".join([unit["unit"], *(str(v) for v in figures(unit["total"], decisions))]))
    lines.append("\n三、分月")
    lines.append("  " + "\t".join(["月份", *head]))
    for month in range(1, 13):
        row = figures(report["months"][str(month)], decisions)
        lines.append("  " + "\t".join([f"{month}月", *(str(v) for v in row)]))
    lines.append("\n四、移送司法机关（按涉嫌罪名）")
    lines += [f"  {k}：{v}" for k, v in total["transfers_by_offence"].items()] or ["  无"]
    lines.append("\n五、最常缺少的事实")
    lines += [f"  {m['label']}：{m['count']} 次" for m in total["missing_facts"]] or ["  无"]
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    @app.command("report")
    def report_cmd(
        year: Annotated[int, typer.Option("--year", min=2000, max=2100, help="统计年度")],
        unit: Annotated[
            str | None, typer.Option("--unit", help="执法单位编号（含下级单位；默认全部）")
        ] = None,
        output_format: Annotated[
            Literal["text", "json"], typer.Option("--format", help="输出格式：text（中文）或 json")
        ] = "text",
        xlsx: Annotated[Path | None, typer.Option("--xlsx", help="另存为 Excel 文件（.xlsx）")] = None,
        database: DatabaseOption = None,
    ) -> None:
        """行政执法统计年报：按单位和月份统计案件、分流、各项决定、移送、公示，并与上年比较。"""
        from store.report_data import annual_report
        from store.report_xlsx import workbook

        with closing(open_store(database)) as store:
            if unit is not None and store.units.get(unit) is None:
                raise die(f"lexgate: 没有编号为 {unit} 的执法单位；编号见 lexgate units list", 2)
            report = annual_report(store.engine, store.units, store.events, year, unit, dt.date.today())
        if xlsx is not None:
            xlsx.write_bytes(workbook(report))
        if output_format == "json":
            print(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            print(render(report))
