"""The 结论单 as a Word document (python-docx): A4, 仿宋/宋体, page numbers, signature lines."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from .model import Sheet, signature_lines

BODY_FONT = "宋体"
TITLE_FONT = "黑体"
WIDTHS = (Cm(2.8), Cm(1.8), Cm(6.6), Cm(5.8))  # 决定、结论、说明、法律依据: 17 cm of text width


def _font(run_or_style: object, name: str, size: float | None = None, bold: bool | None = None) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = name
    if size is not None:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = run_or_style.element if hasattr(run_or_style, "element") else run_or_style._element  # type: ignore[attr-defined]
    props = element.get_or_add_rPr()
    fonts = props.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        props.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _field(paragraph: Paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) Word fills in when it lays the document out."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = code
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(text)
    run._r.append(end)


def _cell_text(table: Table, row: int, col: int, text: str, bold: bool = False) -> None:
    cell = table.cell(row, col)
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold


def _heading(document: object, text: str) -> None:
    paragraph = document.add_paragraph()  # type: ignore[attr-defined]
    paragraph.paragraph_format.space_before = Pt(10)
    paragraph.paragraph_format.keep_with_next = True
    run = paragraph.add_run(text)
    _font(run, TITLE_FONT, 12, True)


def _widths(table: Table, widths: tuple[Cm, ...]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def render_docx(sheet: Sheet) -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.left_margin, section.right_margin = Cm(2.0), Cm(2.0)
    _font(document.styles["Normal"], BODY_FONT, 10.5)

    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(header.add_run(sheet.unit), BODY_FONT, 9)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("第 ")
    _field(footer, "PAGE")
    footer.add_run(" 页　共 ")
    _field(footer, "NUMPAGES")
    footer.add_run(" 页")

    unit = document.add_paragraph()
    unit.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(unit.add_run(sheet.unit), TITLE_FONT, 16, True)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(sheet.title), TITLE_FONT, 18, True)
    if sheet.qr_png:
        qr = document.add_paragraph()
        qr.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        qr.add_run().add_picture(io.BytesIO(sheet.qr_png), width=Cm(2.5))

    meta = document.add_table(rows=len(sheet.meta), cols=2, style="Table Grid")
    meta.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, (label, value) in enumerate(sheet.meta):
        _cell_text(meta, i, 0, label, bold=True)
        _cell_text(meta, i, 1, value)
    _widths(meta, (Cm(3.0), Cm(14.0)))

    _heading(document, "一、结论")
    table = document.add_table(rows=1 + len(sheet.decisions), cols=4, style="Table Grid")
    for col, text in enumerate(("决定", "结论", "说明", "法律依据")):
        _cell_text(table, 0, col, text, bold=True)
    head = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the head row repeats on every page
    repeat.set(qn("w:val"), "true")
    head.append(repeat)
    for i, row in enumerate(sheet.decisions, 1):
        _cell_text(table, i, 0, row.decision, bold=True)
        _cell_text(table, i, 1, row.outcome)
        _cell_text(table, i, 2, row.reason)
        _cell_text(table, i, 3, "\n".join(row.basis) or "—")
    _widths(table, WIDTHS)

    for heading, items in (("二、提示", sheet.warnings), ("三、待补充的事实", sheet.missing)):
        if items:
            _heading(document, heading)
            for item in items:
                document.add_paragraph(f"· {item}")
    _heading(document, "四、据以分流的事实")
    facts = document.add_table(rows=max(1, len(sheet.facts)), cols=2, style="Table Grid")
    for i, (label, value) in enumerate(sheet.facts or (("（无）", ""),)):
        _cell_text(facts, i, 0, label)
        _cell_text(facts, i, 1, value)
    _widths(facts, (Cm(7.0), Cm(10.0)))

    foot = document.add_paragraph(sheet.foot)
    foot.paragraph_format.space_before = Pt(8)
    _font(foot.runs[0], BODY_FONT, 9)
    for line in signature_lines():
        sign = document.add_paragraph(f"{line}＿＿＿＿＿＿＿＿＿＿　　日期：＿＿＿＿年＿＿月＿＿日")
        sign.paragraph_format.space_before = Pt(18)
    made = document.add_paragraph(f"{sheet.unit}\n{sheet.made_on}")
    made.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    made.paragraph_format.space_before = Pt(18)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
