"""The 结论单 (conclusion sheet) of one triage as an official document: .docx and PDF.

:func:`build_sheet` turns a triage result (CONTRACT §5, as recorded) into a :class:`Sheet` of plain
rows in Chinese; ``render_docx.render_docx`` and ``render_pdf.render_pdf`` lay it out on A4 with the
unit's name, 年月日 dates, page numbers and signature lines. A QR code (PNG) may be placed in the header.

The renderers are imported from their modules, not from here: python-docx and reportlab cost about a
sixth of a server's start, and a server that never prints a sheet need not load them.
"""

from .model import DecisionRow, Sheet, build_sheet, cn_date

__all__ = ["DecisionRow", "Sheet", "build_sheet", "cn_date"]
