"""The 结论单 of a decision record as a Word document or a PDF, for the case file."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from engine import RuleSet
from tools.sheet import build_sheet

from ..deps import RecordReader, RuleSetDep, StateDep, StoreDep
from ..services.qr import evaluation_url, qr_png
from ..settings import unit_name
from .common import errors
from .records import _visible, rebuilt

router = APIRouter(prefix="/v1/records", tags=["决定记录"])

MEDIA = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _packs(ruleset: RuleSet, jurisdiction: str) -> dict[str, str]:
    try:
        scope = ruleset.scope(jurisdiction)
    except Exception:
        return {}
    return {p.id: p.manifest.title for p in scope.path}


@router.get(
    "/{decision_id}/sheet",
    operation_id="recordSheet",
    summary="决定记录的结论单（Word 或 PDF）",
    description="按公文格式排版的结论单：单位名称（LEXGATE_UNIT_NAME）、年月日日期、页码、签名和日期栏；"
    "每项决定都有结论、说明（需要：做什么；不需要或无法确定：理由）和法律依据；记录属于某一案件时附码上评二维码。",
    response_class=Response,
    responses={
        200: {"description": "结论单文件", "content": {media: {} for media in MEDIA.values()}},
        **errors(401, 403, 404, 422),
    },
)
def record_sheet(
    decision_id: str,
    caller: RecordReader,
    store: StoreDep,
    ruleset: RuleSetDep,
    state: StateDep,
    request: Request,
    format: Annotated[Literal["pdf", "docx"], Query(description="pdf 或 docx")] = "pdf",
) -> Response:
    row = _visible(store, decision_id, caller)
    result = rebuilt(store, row)
    # The 码上评 code of the record's case (its 案号 in the record's unit), when there is such a case.
    case = None
    if row.get("unit_id") and result.get("case_id"):
        case = store.cases.by_number(row["unit_id"], result["case_id"])
    base = state.settings.public_url or str(request.base_url)
    facts = {f.id: (f.label, f.type) for f in ruleset.vocabulary.facts}
    sheet = build_sheet(
        result,
        unit=unit_name(result["jurisdiction"]),
        facts=facts,
        packs=_packs(ruleset, result["jurisdiction"]),
        handler=row["actor"],
        record={"seq": row["seq"], "created_at": row["created_at"]},
        today=dt.date.today(),
        qr_png=qr_png(evaluation_url(base, case.eval_token)) if case is not None else None,
    )
    # imported on the first sheet asked for, not when the server starts (tools/sheet/__init__.py)
    if format == "pdf":
        from tools.sheet.render_pdf import render_pdf

        body = render_pdf(sheet)
    else:
        from tools.sheet.render_docx import render_docx

        body = render_docx(sheet)
    name = f"结论单-{result.get('case_id') or decision_id}.{format}"
    return Response(
        body,
        media_type=MEDIA[format],
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )
