"""The 结论单 builder (tools/sheet): rows in words from a triage result, and a QR code when given."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import subprocess
from pathlib import Path

from docx import Document
from PIL import Image

from engine import load_ruleset, shipped_rules_dir, triage_request
from tools.sheet import build_sheet, cn_date
from tools.sheet.render_docx import render_docx
from tools.sheet.render_pdf import render_pdf

ROOT = Path(__file__).resolve().parents[2]


def _result() -> dict[str, object]:
    ruleset = load_ruleset(shipped_rules_dir())
    raw = json.loads((ROOT / "examples" / "yichun_food_hearing.json").read_text(encoding="utf-8"))
    _, result = triage_request(ruleset, raw, dt.date(2026, 11, 1))
    dumped: dict[str, object] = result.model_dump(mode="json")
    return dumped


def _qr() -> bytes:
    image = Image.new("1", (29, 29), 1)
    for i in range(29):
        image.putpixel((i, i), 0)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def test_dates_read_as_people_write_them() -> None:
    assert cn_date("2026-12-06") == "2026年12月6日"
    assert cn_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert cn_date("2026-12-06T10:00:00+08:00") == "2026年12月6日"
    assert cn_date("告知书送达之日起") == "告知书送达之日起"


def test_every_row_has_a_reason_and_a_basis_and_the_qr_code_is_placed() -> None:
    sheet = build_sheet(
        _result(), unit="宜春市市场监督管理局", facts={}, packs={}, today=dt.date(2026, 12, 6), qr_png=_qr()
    )
    assert sheet.made_on == "2026年12月6日"
    assert all(row.reason and row.basis for row in sheet.decisions)
    document = Document(io.BytesIO(render_docx(sheet)))
    assert len(document.inline_shapes) == 1  # the QR code
    assert b"/Subtype /Image" in render_pdf(sheet)
    plain = build_sheet(_result(), unit="x", facts={}, packs={}, today=dt.date(2026, 12, 6))
    assert len(Document(io.BytesIO(render_docx(plain))).inline_shapes) == 0
    assert b"/Subtype /Image" not in render_pdf(plain)


def _pdf_pages(pdf: bytes, tmp_path: Path) -> list[str]:
    """The text of each page, as pdftotext reads it (poppler-utils: make browser installs it)."""
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])  # type: ignore[index]
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for n in range(1, count + 1)
    ]


def test_every_pdf_page_says_its_number_and_the_count(tmp_path: Path) -> None:
    unit = "宜春市市场监督管理局"
    sheet = build_sheet(_result(), unit=unit, facts={}, packs={}, today=dt.date(2026, 12, 6))
    pages = _pdf_pages(render_pdf(sheet), tmp_path)
    assert len(pages) >= 2  # the README example's sheet runs over more than one page
    for number, text in enumerate(pages, 1):
        assert re.search(rf"第\s*{number}\s*页\s*共\s*{len(pages)}\s*页", text), (number, text[-200:])
        assert unit in text  # the running header


def test_the_word_footer_is_page_of_pages() -> None:
    sheet = build_sheet(_result(), unit="x", facts={}, packs={}, today=dt.date(2026, 12, 6))
    footer = Document(io.BytesIO(render_docx(sheet))).sections[0].footer._element
    # what Word shows: the text runs with each field's code in its place, e.g. 第 {PAGE} 页　共 {NUMPAGES} 页
    shown = "".join(
        f"{{{node.text.strip()}}}" if node.tag.endswith("instrText") else node.text or ""
        for node in footer.iter()
        if node.tag.endswith(("}t", "instrText"))
    )
    assert shown == "第 {PAGE} 页　共 {NUMPAGES} 页", shown
