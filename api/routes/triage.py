"""``POST /v1/triage`` and ``POST /v1/triage/batch``."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from engine import Explain, InputInvalid
from store.keys import KeyHolder

from ..deps import StateDep, TriageDep, Triager
from ..errors import ApiError, input_error
from ..idempotency import IdempotencyKey, idempotent
from ..inputs import StrictRoute
from ..schemas.triage import BatchIn, BatchOut, TriageRequest, TriageResponse
from ..services.recording import TriageService
from .common import errors, recorded_json

__all__ = ["recorded_json", "router"]  # recorded_json: api/fastpath.py answers with it, from here

router = APIRouter(prefix="/v1", tags=["分流"], route_class=StrictRoute)

ExplainQuery = Annotated[
    Explain,
    Query(
        description="理由详略：full（默认：每条理由附条件、取值与推理链）、reasons（只列规则及其依据、"
        "表述和细节，不列条件与推理链）、none（不给理由）。各项结论、细节、待补充事实和警示在各级都相同。"
    ),
]


@router.post(
    "/triage",
    operation_id="triage",
    summary="分流一个案件",
    description="按管辖地和评估日期生效的规则，给出各项决定（法制审核、集体讨论、移送司法机关……）"
    "的结论、理由（法律依据）和待补充的事实，并存为一条决定记录。缺少的事实不会被当作“否”。",
    # The answer is the JSON built once for the record (a Response, sent as is); response_model and
    # response_class publish its schema in /openapi.json, and the tests check every answer against it.
    response_model=TriageResponse,
    response_class=JSONResponse,
    responses=errors(400, 401, 403, 409, 413, 422, 503),
)
async def triage(
    body: TriageRequest,
    caller: Triager,
    service: TriageDep,
    state: StateDep,
    request: Request,
    idempotency_key: IdempotencyKey = None,
    explain: ExplainQuery = "full",
) -> Response:
    # Evaluated on the event loop, not in the thread pool: triage is pure CPU (the GIL admits one
    # thread anyway), and with many CPU-bound threads the appends' lock holder waited for the GIL at
    # every release while the others queued behind it (measured: 62 req/s per worker). The append
    # goes to the worker's writer thread (group commit), so the loop evaluates the next request
    # while the disk flushes.
    async def produce() -> str:
        recorded = await service.single(body.model_dump(mode="json"), caller, dt.date.today(), explain)
        return recorded_json(recorded)

    asked = _asked(await request.json(), explain)
    return await idempotent(state, caller, idempotency_key, asked, "triage", produce)


@router.post(
    "/triage/batch",
    operation_id="triageBatch",
    summary="批量分流",
    description="逐项分流（compiled 执行器），输入有误的项给出错误、不影响其他项；有效项一次性记录。",
    response_model=BatchOut,  # built by hand like /v1/triage's answer: published, not applied
    response_class=JSONResponse,
    responses=errors(400, 401, 403, 409, 413, 422, 503),
)
async def triage_batch(
    body: BatchIn,
    caller: Triager,
    service: TriageDep,
    state: StateDep,
    request: Request,
    idempotency_key: IdempotencyKey = None,
    explain: ExplainQuery = "full",
) -> Response:
    limit = state.settings.max_batch
    if len(body.cases) > limit:
        raise ApiError(
            413,
            "batch_too_large",
            f"一批最多 {limit} 个案件，本批有 {len(body.cases)} 个",
            location="cases",
            suggestion=f"分成每批不超过 {limit} 个案件提交",
        )

    async def produce() -> str:
        return await run_in_threadpool(_batch, body, caller, service, explain)

    asked = _asked(await request.json(), explain)
    return await idempotent(state, caller, idempotency_key, asked, "batch", produce)


def _batch(body: BatchIn, caller: KeyHolder, service: TriageService, explain: Explain) -> str:
    outcomes = service.batch(body.cases, caller, dt.date.today(), explain)
    items = []
    for index, outcome in enumerate(outcomes):
        if isinstance(outcome, InputInvalid):
            error = input_error(outcome.problems).body.model_dump_json()
            items.append(f'{{"index":{index},"ok":false,"result":null,"error":{error}}}')
        else:
            items.append(f'{{"index":{index},"ok":true,"result":{recorded_json(outcome)},"error":null}}')
    failed = sum(isinstance(o, InputInvalid) for o in outcomes)
    counts = json.dumps({"recorded": len(outcomes) - failed, "failed": failed})
    return f'{{"results":[{",".join(items)}],{counts[1:]}'


def _asked(body: Any, explain: Explain) -> Any:
    """What a retry must repeat: the body, and the explanation level when it is not the default."""
    return body if explain == "full" else {"explain": explain, "body": body}
