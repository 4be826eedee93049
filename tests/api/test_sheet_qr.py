"""The 结论单 of a case's record carries the case's 码上评 code (issues 15 and 17 joined)."""

from __future__ import annotations

import io

from docx import Document

from .cases_setup import open_case, triage, triage_body, units
from .conftest import Api
from .test_feedback import decode_qr


def _images(api: Api, decision_id: str) -> list[bytes]:
    sheet = api.client.get(
        f"/v1/records/{decision_id}/sheet", params={"format": "docx"}, headers=api.headers()
    )
    assert sheet.status_code == 200, sheet.text
    package = Document(io.BytesIO(sheet.content)).part.package
    return [part.blob for part in package.parts if part.content_type == "image/png"]


def test_the_sheet_of_a_cases_record_carries_its_evaluation_code(api: Api) -> None:
    units(api)
    case = open_case(api)
    made = triage(api, triage_body())
    (png,) = _images(api, made["decision_id"])
    detail = api.client.get(f"/v1/cases/{case['case_ref']}", headers=api.headers()).json()
    assert decode_qr(png) == "http://testserver" + detail["evaluation_path"]


def test_a_record_of_no_case_has_no_code(api: Api) -> None:
    units(api)
    open_case(api)
    made = triage(api, {**triage_body(), "case_id": "另一个案号"})
    assert _images(api, made["decision_id"]) == []
