"""Case files: ``/v1/cases`` (list, search, open, history, stage) and the case's 码上评 QR code."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from store.cases import CaseError
from store.units import UnitError

from ..deps import CaseManager, CaseReader, RuleSetDep, StateDep, StoreDep
from ..errors import ApiError
from ..schemas.cases import CaseDetail, CaseIn, CaseOut, CasesOut, StageIn, StageOut
from ..services.cases import (
    case_error,
    case_out,
    event_out,
    history,
    register_out,
    scope,
    today,
    visible_case,
)
from ..services.qr import evaluation_url, qr_png
from .common import errors

router = APIRouter(prefix="/v1/cases", tags=["案件"])
PNG = {"content": {"image/png": {}}, "description": "二维码图片（PNG）"}


@router.get(
    "",
    operation_id="listCases",
    summary="案件列表与查找（本单位及下级单位）",
    description="q 按案号、当事人或案件名称的一部分查找；最近更新的在前。",
    response_model=CasesOut,
    responses=errors(401, 403, 422),
)
def list_cases(
    caller: CaseReader,
    store: StoreDep,
    q: Annotated[str | None, Query(max_length=100, description="案号、当事人或案件名称的一部分")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> CasesOut:
    found = store.cases.search(scope(store, caller), q.strip() if q else None, limit)
    return CasesOut(items=[case_out(store, c) for c in found])


@router.post(
    "",
    status_code=201,
    operation_id="openCase",
    summary="立案：新建案件",
    description="案号在单位内唯一（重复：409）。此后分流时“案件编号”填本案案号，分流即归入本案。",
    response_model=CaseOut,
    responses=errors(400, 401, 403, 404, 409, 422),
)
def open_case(body: CaseIn, caller: CaseManager, store: StoreDep) -> CaseOut:
    units = scope(store, caller)
    unit_id = body.unit_id or store.units.unit_of(caller.key_id)
    if unit_id is None or (units is not None and unit_id not in units):
        raise ApiError(
            403,
            "outside_unit",
            "只能在本单位及下级单位立案",
            location="unit_id",
            suggestion="unit_id 留空即为本单位",
        )
    fields = body.model_dump(exclude={"unit_id"})
    try:
        store.units.ancestors(unit_id)
        case, _ = store.cases.create({k: str(v).strip() for k, v in fields.items()}, unit_id, caller.name)
    except (CaseError, UnitError) as exc:
        raise case_error(exc) from None
    return case_out(store, case)


@router.get(
    "/{case_ref}",
    operation_id="getCase",
    summary="案卷：案件、分流历史（逐次变化）、事件、公示登记",
    response_model=CaseDetail,
    responses=errors(401, 403, 404, 422),
)
def get_case(case_ref: str, caller: CaseReader, store: StoreDep, ruleset: RuleSetDep) -> CaseDetail:
    case = visible_case(store, caller, case_ref)
    triages = store.cases.triages(case)
    entry = store.casework.register_entry(case, today())
    return CaseDetail(
        case=case_out(store, case),
        triages=history(triages, ruleset),
        events=[event_out(e) for e in store.events.of_case(case.case_ref)],
        register_entry=register_out(entry) if entry else None,
        last_request=triages[-1]["request"] if triages else None,
        evaluation_path=f"/e/{case.eval_token}",
    )


@router.post(
    "/{case_ref}/stage",
    operation_id="changeStage",
    summary="变更案件阶段",
    description="进入“决定”时，若最后一次分流的“公示”为需要，案件进入公示登记簿，截止日期按工作日计算。",
    response_model=StageOut,
    responses=errors(400, 401, 403, 404, 409, 422),
)
def change_stage(case_ref: str, body: StageIn, caller: CaseManager, store: StoreDep) -> StageOut:
    case = visible_case(store, caller, case_ref)
    try:
        store.casework.change_stage(case, body.stage, caller.name, body.decided_on, body.note)
    except CaseError as exc:
        raise case_error(exc) from None
    fresh = visible_case(store, caller, case_ref)
    entry = store.casework.register_entry(fresh, today())
    return StageOut(case=case_out(store, fresh), register_entry=register_out(entry) if entry else None)


@router.get(
    "/{case_ref}/qr.png",
    operation_id="caseQrCode",
    summary="码上评二维码（PNG，印在结论单和决定文书上）",
    response_class=Response,
    responses={200: PNG, **errors(401, 403, 404, 422)},
)
def case_qr(
    case_ref: str, caller: CaseReader, store: StoreDep, state: StateDep, request: Request
) -> Response:
    case = visible_case(store, caller, case_ref)
    base = state.settings.public_url or str(request.base_url)
    return Response(qr_png(evaluation_url(base, case.eval_token)), media_type="image/png")
