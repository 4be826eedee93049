"""案卷评查: rounds (a seeded sample of closed cases), 初审 and 复审 scores, results per unit, Excel."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path
from fastapi.responses import Response
from pydantic import BaseModel, Field

from store import Store
from store.cases import CaseError
from store.keys import KeyHolder
from store.review import CHECKLIST, FIRST, SECOND

from ..deps import ReportReader, Reviewer, StoreDep
from ..errors import ApiError
from ..services.cases import case_error, scope
from .common import errors

router = APIRouter(prefix="/v1", tags=["监督"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STAGE = {"first": FIRST, "second": SECOND}


class RoundIn(BaseModel):
    title: str = Field(min_length=1, max_length=200, description="评查名称，如“2026年度行政处罚案卷评查”")
    period_from: dt.date = Field(description="结案日期自")
    period_to: dt.date = Field(description="结案日期至")
    seed: str = Field(
        min_length=1, max_length=100, description="随机种子：同一种子、期间和案件抽到同样的案卷"
    )
    per_unit: int = Field(
        default=3, ge=0, le=100, description="每个单位随机抽取的一般案卷数（重大、移送案件另外全部抽取）"
    )
    unit_id: str | None = Field(default=None, description="执法单位（含下级单位）；默认：本人所在单位")


class ItemScore(BaseModel):
    score: int = Field(description="得分（0 至该项满分）")
    note: str = Field(default="", max_length=500, description="存在的问题（扣分时必填）")


class ScoresIn(BaseModel):
    scores: dict[str, ItemScore] = Field(
        description="评查表每一项的得分，键为项目编号（见 GET /v1/reviews/checklist）"
    )


class RoundOut(BaseModel):
    round_id: str
    title: str
    unit_id: str | None
    period_from: str
    period_to: str
    seed: str
    per_unit: int
    actor: str
    created_at: str
    files: list[dict[str, Any]] = Field(
        description="抽取的案卷：单位、案号、抽取原因（重大/移送/随机）、初审和复审"
    )
    results: list[dict[str, Any]] = Field(description="分单位结果：平均分、等次、常见问题（按复审）")


class RoundsOut(BaseModel):
    items: list[dict[str, Any]]


class ChecklistOut(BaseModel):
    items: list[dict[str, Any]] = Field(description="项目编号、名称、满分、审查内容")


def _round_out(store: Store, found: dict[str, Any]) -> RoundOut:
    names = {u.unit_id: store.units.path(u.unit_id) for u in store.units.all()}
    for item in found["files"]:
        case = store.cases.get(item["case_ref"])
        item["case_no"] = case.case_no if case else None
        item["unit"] = names.get(item["unit_id"], item["unit_id"])
    return RoundOut(**found, results=store.reviews.results(found, names))


def _visible(store: Store, caller: KeyHolder, round_id: str) -> dict[str, Any]:
    found = store.reviews.get(round_id)
    units = scope(store, caller)
    if found is None or (units is not None and found["unit_id"] not in units):
        raise ApiError(
            404,
            "review_not_found",
            f"没有编号为 {round_id} 的评查",
            location="round_id",
            suggestion="评查编号见 GET /v1/reviews",
        )
    return found


@router.get(
    "/reviews/checklist",
    operation_id="reviewChecklist",
    summary="案卷评查表（满分 100）",
    response_model=ChecklistOut,
    responses=errors(401, 403),
)
def checklist(caller: ReportReader) -> ChecklistOut:
    return ChecklistOut(items=[i.__dict__ for i in CHECKLIST])


@router.post(
    "/reviews",
    status_code=201,
    operation_id="startReview",
    summary="开始一次案卷评查：按种子抽取已结案案件（重大、移送案件全部抽取）",
    response_model=RoundOut,
    responses=errors(400, 401, 403, 404, 422),
)
def start_review(body: RoundIn, caller: Reviewer, store: StoreDep) -> RoundOut:
    units = scope(store, caller)
    unit = body.unit_id or store.units.unit_of(caller.key_id)
    if unit is not None and (store.units.get(unit) is None or (units is not None and unit not in units)):
        raise ApiError(
            404,
            "unit_not_found",
            f"没有编号为 {unit} 的执法单位，或它不在您的单位之下",
            location="unit_id",
            suggestion="只能评查本单位及下级单位的案卷",
        )
    try:
        found = store.reviews.start(
            title=body.title.strip(),
            unit_id=unit,
            unit_ids=store.units.subtree(unit) if unit is not None else None,
            period=(body.period_from.isoformat(), body.period_to.isoformat()),
            seed=body.seed,
            per_unit=body.per_unit,
            actor=caller.name,
        )
    except CaseError as exc:
        raise case_error(exc) from None
    return _round_out(store, found)


@router.get(
    "/reviews",
    operation_id="listReviews",
    summary="案卷评查列表（本单位及下级单位）",
    response_model=RoundsOut,
    responses=errors(401, 403),
)
def list_reviews(caller: ReportReader, store: StoreDep) -> RoundsOut:
    return RoundsOut(items=store.reviews.rounds(scope(store, caller)))


@router.get(
    "/reviews/{round_id}",
    operation_id="getReview",
    summary="一次评查：抽取的案卷、初审和复审、分单位结果",
    response_model=RoundOut,
    responses=errors(401, 403, 404, 422),
)
def get_review(round_id: str, caller: ReportReader, store: StoreDep) -> RoundOut:
    return _round_out(store, _visible(store, caller, round_id))


@router.get(
    "/reviews/{round_id}/export.xlsx",
    operation_id="exportReview",
    summary="评查结果的 Excel 文件（评查结果、分单位、常见问题）",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "Excel 工作簿"}, **errors(401, 403, 404, 422)},
)
def export_review(round_id: str, caller: ReportReader, store: StoreDep) -> Response:
    out = _round_out(store, _visible(store, caller, round_id))
    names = {u.unit_id: store.units.path(u.unit_id) for u in store.units.all()}
    from store.review_xlsx import workbook  # openpyxl loaded on the first workbook, not at the server's start

    body = workbook(out.model_dump(), out.results, names)
    return Response(
        body,
        media_type=XLSX,
        headers={"Content-Disposition": f'attachment; filename="review-{round_id}.xlsx"'},
    )


@router.post(
    "/reviews/{round_id}/files/{case_ref}/{stage}",
    status_code=201,
    operation_id="scoreReviewFile",
    summary="评分：first 初审，second 复审（须另一名评查人员，在初审之后）",
    response_model=dict[str, Any],
    responses=errors(400, 401, 403, 404, 409, 422),
)
def score_file(
    round_id: str,
    case_ref: str,
    stage: Annotated[Literal["first", "second"], Path(description="first 初审，second 复审")],
    body: ScoresIn,
    caller: Reviewer,
    store: StoreDep,
) -> dict[str, Any]:
    _visible(store, caller, round_id)
    scores = {k: v.model_dump() for k, v in body.scores.items()}
    try:
        return store.reviews.score(round_id, case_ref, STAGE[stage], (caller.name, caller.holder_id), scores)
    except CaseError as exc:
        raise case_error(exc) from None
