"""The 结论单 as PDF (reportlab): A4, the CID font STSong-Light, 「第 N 页　共 M 页」, signature lines.

STSong-Light is one of the Adobe Asian fonts every PDF reader knows (Adobe-GB1 character collection):
reportlab needs no font file and no network for it, and the PDF stays small. Text wraps by character
(``wordWrap="CJK"``) in fixed-width columns, so no column shrinks to one character per line, and long
rows split across pages instead of leaving half a page empty.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from .model import Sheet, signature_lines

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

BODY = ParagraphStyle("body", fontName=FONT, fontSize=9.5, leading=13.5, wordWrap="CJK")
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8.5, leading=12)
HEAD = ParagraphStyle("head", parent=BODY, fontSize=12, leading=16, spaceBefore=8, spaceAfter=4)
TITLE = ParagraphStyle("title", parent=BODY, fontSize=18, leading=24, alignment=TA_CENTER, spaceAfter=6)
UNIT = ParagraphStyle("unit", parent=BODY, fontSize=14, leading=20, alignment=TA_CENTER)
RIGHT = ParagraphStyle("right", parent=BODY, alignment=TA_RIGHT)
WIDTHS = (28 * mm, 17 * mm, 70 * mm, 65 * mm)  # 180 mm of text width

GRID = TableStyle(
    [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
)


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    safe = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")
    return Paragraph(safe, style)


class _NumberedCanvas(Canvas):
    """A canvas that holds its pages back until the last one, so that each says 「第 N 页　共 M 页」.

    ``showPage`` keeps the page's state instead of emitting it; ``save`` then knows the count and
    emits every page with its header and footer (the two-pass page count of reportlab's own recipe)."""

    def __init__(self, *args: Any, unit: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit  # the 单位名称 of the running header
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._pages.append(dict(self.__dict__))
        self._startPage()  # type: ignore[attr-defined]  # reportlab's own start of a page (not in its stubs)

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, 1):
            self.__dict__.update(state)
            self._frame(number, total)
            super().showPage()
        super().save()

    def _frame(self, number: int, total: int) -> None:
        self.saveState()
        self.setFont(FONT, 8.5)
        width, height = A4
        self.drawCentredString(width / 2, height - 12 * mm, self.unit)
        self.drawCentredString(width / 2, 10 * mm, f"第 {number} 页　共 {total} 页")
        self.restoreState()


def _table(rows: list[list[Flowable]], widths: tuple[float, ...], head: bool = False) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if head else 0, splitByRow=True, splitInRow=True)
    table.setStyle(GRID)
    if head:
        table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee"))]))
    return table


def render_pdf(sheet: Sheet) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=18 * mm,
        bottomMargin=16 * mm,
        title=sheet.title,
        author=sheet.unit,
    )
    story: list[Flowable] = [_p(sheet.unit, UNIT), _p(sheet.title, TITLE)]
    if sheet.qr_png:
        qr = Image(io.BytesIO(sheet.qr_png), width=25 * mm, height=25 * mm)
        qr.hAlign = "RIGHT"
        story.append(qr)
    story.append(_table([[_p(k), _p(v)] for k, v in sheet.meta], (28 * mm, 152 * mm)))
    story.append(_p("一、结论", HEAD))
    rows: list[list[Flowable]] = [[_p(t) for t in ("决定", "结论", "说明", "法律依据")]]
    for row in sheet.decisions:
        rows.append(
            [_p(row.decision), _p(row.outcome), _p(row.reason, SMALL), _p("\n".join(row.basis) or "—", SMALL)]
        )
    story.append(_table(rows, WIDTHS, head=True))
    for heading, items in (("二、提示", sheet.warnings), ("三、待补充的事实", sheet.missing)):
        if items:
            story.append(_p(heading, HEAD))
            story.extend(_p(f"· {item}") for item in items)
    story.append(_p("四、据以分流的事实", HEAD))
    story.append(
        _table([[_p(k), _p(v)] for k, v in sheet.facts] or [[_p("（无）"), _p("")]], (70 * mm, 110 * mm))
    )
    story += [Spacer(1, 4 * mm), _p(sheet.foot, SMALL), Spacer(1, 10 * mm)]
    for line in signature_lines():
        story += [_p(f"{line}＿＿＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日"), Spacer(1, 8 * mm)]
    story.append(_p(f"{sheet.unit}\n{sheet.made_on}", RIGHT))

    def canvas(*args: Any, **kwargs: Any) -> Canvas:
        return _NumberedCanvas(*args, unit=sheet.unit, **kwargs)

    doc.build(story, canvasmaker=canvas)
    return out.getvalue()
