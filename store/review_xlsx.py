"""A 案卷评查 round as an Excel workbook: 评查结果 (each file, 初审 and 复审 per item), 分单位, 常见问题."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from .review import CHECKLIST, FIRST, SECOND, grade
from .xlsx_cells import row_of

SHEETS = ("评查结果", "分单位", "常见问题")


def _table(book: Workbook, title: str, heading: str, head: Sequence[str], rows: list[list[Any]]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(row_of([heading]))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(row_of(head))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row_of(row))


def workbook(
    found: Mapping[str, Any], results: Sequence[Mapping[str, Any]], names: Mapping[str, str]
) -> bytes:
    heading = f"{found['title']}（{found['period_from']} 至 {found['period_to']}，种子 {found['seed']}）"
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    head = ["序号", "执法单位", "案件", "抽取原因", "初审人", "初审得分", "复审人", "复审得分", "等次"]
    head += [f"{item.label}（{item.points}）" for item in CHECKLIST]
    rows = []
    for f in found["files"]:
        first, second = f[FIRST], f[SECOND]
        row: list[Any] = [
            f["position"],
            names.get(f["unit_id"], f["unit_id"]),
            f.get("case_no") or f["case_ref"],
        ]
        row += [f["reason"], first and first["reviewer"], first and first["total"]]
        row += [second and second["reviewer"], second and second["total"], second and grade(second["total"])]
        final = second or first
        row += [final["scores"][item.item_id]["score"] if final else None for item in CHECKLIST]
        rows.append(row)
    _table(book, "评查结果", heading, head, rows)
    _table(
        book,
        "分单位",
        heading,
        ["执法单位", "抽取案卷", "已复审", "平均分", "优秀", "合格", "不合格"],
        [
            [r["unit"], r["files"], r["reviewed"], r["average"]]
            + [r["grades"].get(g, 0) for g in ("优秀", "合格", "不合格")]
            for r in results
        ],
    )
    _table(
        book,
        "常见问题",
        heading,
        ["执法单位", "项目", "扣分案卷数", "问题"],
        [[r["unit"], d["label"], d["files"], "；".join(d["notes"])] for r in results for d in r["defects"]],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
