"""A control character in a name, title or case number (any JSON string may carry one as ``\\u0001``)
must not break the files made from it: the Excel exports, the Word and PDF 结论单. The attack suite
found the review export answering 500 for a round titled so."""

from __future__ import annotations

import io

from docx import Document
from openpyxl import load_workbook

from .cases_setup import key_id, open_case
from .conftest import Api, example

ODD = "甲\u0001乙\u001f丙"


def test_a_review_round_titled_with_control_characters_exports(api: Api) -> None:
    unit = api.store.units.create(f"某局{ODD}")
    for who in ("handler", "legal"):
        api.store.units.assign(key_id(api, who), unit.unit_id)
    case = open_case(api, case_no=ODD)
    triaged = api.client.post("/v1/triage", json={**example(), "case_id": ODD}, headers=api.headers())
    closed = api.client.post(
        f"/v1/cases/{case['case_ref']}/stage", json={"stage": "结案"}, headers=api.headers()
    )
    assert triaged.status_code == 200 and closed.status_code == 200, closed.text
    made = api.client.post(
        "/v1/reviews",
        json={"title": ODD, "period_from": "2026-01-01", "period_to": "2026-12-31", "seed": ODD},
        headers=api.headers("legal"),
    )
    assert made.status_code == 201, made.text
    export = api.client.get(
        f"/v1/reviews/{made.json()['round_id']}/export.xlsx", headers=api.headers("legal")
    )
    assert export.status_code == 200, export.text
    heading = load_workbook(io.BytesIO(export.content))["评查结果"]["A1"].value
    assert heading.startswith("甲\ufffd乙\ufffd丙（2026-01-01 至 2026-12-31")


def test_the_annual_report_of_a_unit_named_with_control_characters_exports(api: Api) -> None:
    unit = api.store.units.create(ODD)
    answer = api.client.get(
        "/v1/report.xlsx", params={"year": 2026, "unit": unit.unit_id}, headers=api.headers("auditor")
    )
    assert answer.status_code == 200, answer.text
    assert load_workbook(io.BytesIO(answer.content))["汇总"]["A2"].value == "填报单位：甲\ufffd乙\ufffd丙"


def test_a_record_whose_case_number_has_control_characters_prints(api: Api) -> None:
    answer = api.client.post("/v1/triage", json={**example(), "case_id": ODD}, headers=api.headers())
    assert answer.status_code == 200, answer.text
    sheets = {}
    for fmt in ("docx", "pdf"):
        sheet = api.client.get(
            f"/v1/records/{answer.json()['decision_id']}/sheet", params={"format": fmt}, headers=api.headers()
        )
        assert sheet.status_code == 200, (fmt, sheet.text)
        sheets[fmt] = sheet.content
    assert "甲\ufffd乙\ufffd丙" in Document(io.BytesIO(sheets["docx"])).element.xml
    assert sheets["pdf"].startswith(b"%PDF")
