"""The 结论单 of a record as .docx and PDF (issue 17, item 4): an official document in words."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from docx import Document

from .conftest import Api, example

# as tests/web/test_plain_words.py: ids, English words, command lines and marks (UNVERIFIED, V2, T1)
IDENTIFIER = re.compile(
    r"[a-z][a-z0-9]*_[a-z0-9_]+|[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]+|\w+@[0-9a-f]{6,}|\b[a-z]{3,}\b"
    r"|lexgate\s+[a-z]+|--[a-z]+|\b[A-Z]{2,}[A-Z0-9_]*\b|\b[A-Z]\d+\b"
)


def _record(api: Api) -> dict[str, object]:
    response = api.client.post("/v1/triage", json=example(), headers=api.headers())
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def _sheet(api: Api, decision_id: object, fmt: str, who: str = "handler") -> bytes:
    response = api.client.get(
        f"/v1/records/{decision_id}/sheet", params={"format": fmt}, headers=api.headers(who)
    )
    assert response.status_code == 200, response.text
    assert "attachment" in response.headers["content-disposition"]
    return response.content


def test_the_word_sheet_is_an_official_document(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEXGATE_UNIT_NAME", "宜春市市场监督管理局")
    result = _record(api)
    document = Document(io.BytesIO(_sheet(api, result["decision_id"], "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    every = text + "\n" + "\n".join("\t".join(r) for r in cells)
    assert "宜春市市场监督管理局" in text and "执法案件分流结论单" in text
    assert "2026年11月1日" in every and "2026-11-01" not in every  # 年月日 dates
    assert "经办人（签名）" in text and "审核人（签名）" in text and "年＿＿月＿＿日" in text
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer  # page numbers
    decisions = {row[0]: row for row in cells if row[1] in ("需要", "不需要", "无法确定")}
    assert set(decisions) >= {"法制审核", "案件审核", "移送司法机关", "公示"}
    for label, (_, outcome, reason, basis) in decisions.items():
        assert reason.strip() and basis.strip(), (label, outcome)  # every row: reason and basis
    not_required = [row for row in decisions.values() if row[1] == "不需要"]
    assert not_required  # the example has some (集体讨论 …)
    for row in not_required:  # a 不需要 row says which rule does not apply, and why
        assert row[2].startswith("「"), row
    found = sorted(set(IDENTIFIER.findall(every)))
    assert found == [], found  # no code identifiers in what people read
    assert "江西省规则" in every  # packs by title, not national@…


def test_the_pdf_sheet_is_a4_in_chinese(api: Api, tmp_path: Path) -> None:
    result = _record(api)
    pdf = _sheet(api, result["decision_id"], "pdf", who="auditor")
    assert pdf.startswith(b"%PDF")
    assert b"/STSong-Light" in pdf  # the CID font readers supply: no font file, no network
    (tmp_path / "sheet.pdf").write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "sheet.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "江西省宜春市市场监督管理局" in text  # the default 单位名称: the bureau of the case's 管辖地
    assert "执法案件分流结论单" in text and "2026年11月1日" in text
    assert re.search(r"第\s*1\s*页", text) and "经办人（签名）" in text
    found = sorted(set(IDENTIFIER.findall(text)))
    assert found == [], found


def test_a_sheet_of_someone_elses_record_is_not_found(api: Api) -> None:
    result = _record(api)
    response = api.client.get(f"/v1/records/{result['decision_id']}/sheet", headers=api.headers("handler2"))
    assert response.status_code == 404 and response.json()["code"] == "record_not_found"
    bad = api.client.get(f"/v1/records/{result['decision_id']}/sheet?format=odt", headers=api.headers())
    assert bad.status_code == 422
