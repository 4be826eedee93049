"""The annual report as an Excel workbook laid out like a filed 统计年报: a title, the 填报单位 and period,
then one table per sheet (汇总, 分单位, 分月, 移送罪名, 缺失事实)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .xlsx_cells import row_of

SHEETS = ("汇总", "分单位", "分月", "移送罪名", "缺失事实")
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def figures(counts: Mapping[str, Any], decisions: Sequence[str]) -> list[int | float]:
    """One table row: cases, triages, 需要 per decision, 公示 on time / late / 撤下."""
    publicity = counts["publicity"]
    return [
        counts["cases"],
        counts["triages"],
        *(counts["required"].get(d, 0) for d in decisions),
        publicity["on_time"],
        publicity["late"],
        publicity["revoked"],
    ]


def headings(labels: Mapping[str, str], decisions: Sequence[str]) -> list[str]:
    return [
        "案件数",
        "分流次数",
        *(f"需{labels.get(d, d)}" for d in decisions),
        "按时公示",
        "逾期公示",
        "撤下",
    ]


def decisions_of(report: Mapping[str, Any]) -> list[str]:
    found = set(report["labels"]) | set(report["total"]["required"]) | set(report["total"]["undetermined"])
    return sorted(found)


def _sheet(
    book: Workbook, title: str, report: Mapping[str, Any], head: Sequence[str], rows: list[list[Any]]
) -> None:
    sheet: Worksheet = book.create_sheet(title)
    width = max(len(head), 2)
    sheet.append(row_of([f"{report['year']}年度行政执法统计年报 — {title}"]))
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(
        row_of([f"填报单位：{report['scope']}", None, f"统计期间：{report['year']}年1月1日至12月31日"])
    )
    sheet.append(row_of([f"填报日期：{report['generated_on']}"]))
    sheet.append(row_of(head))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row_of(row))
    for line in sheet.iter_rows(min_row=4, max_row=sheet.max_row, max_col=len(head)):
        for cell in line:
            cell.border = BOX
    for column in range(1, len(head) + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 16 if column > 1 else 30


def workbook(report: Mapping[str, Any]) -> bytes:
    """The .xlsx bytes of a report from :func:`store.report_data.annual_report`."""
    decisions = decisions_of(report)
    labels = report["labels"]
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    head = headings(labels, decisions)
    total, previous = report["total"], report["previous_year"]
    this_row, last_row = figures(total, decisions), figures(previous, decisions)
    _sheet(
        book,
        "汇总",
        report,
        ["项目", f"{report['year']}年", f"{report['year'] - 1}年", "增减"],
        [[h, a, b, a - b] for h, a, b in zip(head, this_row, last_row, strict=True)]
        + [
            [
                f"{labels.get(d, d)}无法确定率",
                total["undetermined_rate"].get(d, 0.0),
                previous["undetermined_rate"].get(d, 0.0),
                None,
            ]
            for d in decisions
        ],
    )
    _sheet(
        book,
        "分单位",
        report,
        ["执法单位", *head],
        [[u["unit"], *figures(u["total"], decisions)] for u in report["units"]],
    )
    _sheet(
        book,
        "分月",
        report,
        ["月份", *head],
        [[f"{m}月", *figures(report["months"][str(m)], decisions)] for m in range(1, 13)],
    )
    _sheet(
        book,
        "移送罪名",
        report,
        ["涉嫌罪名", "移送（分流次数）"],
        [[k, v] for k, v in total["transfers_by_offence"].items()],
    )
    _sheet(
        book,
        "缺失事实",
        report,
        ["事实", "缺失次数"],
        [[m["label"], m["count"]] for m in total["missing_facts"]],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
