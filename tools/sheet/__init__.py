"""The 结论单 (conclusion sheet) of one triage as an official document: .docx and PDF.

:func:`build_sheet` turns a triage result (CONTRACT §5, as recorded) into a :class:`Sheet` of plain
rows in Chinese; :func:`render_docx` and :func:`render_pdf` lay it out on A4 with the unit's name,
年月日 dates, page numbers and signature lines. A QR code (PNG) may be placed in the header.
"""

from .model import DecisionRow, Sheet, build_sheet, cn_date
from .render_docx import render_docx
from .render_pdf import render_pdf

__all__ = ["DecisionRow", "Sheet", "build_sheet", "cn_date", "render_docx", "render_pdf"]
