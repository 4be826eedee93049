"""码上评, the party's side: ``/e/{token}`` (the page) and ``/v1/public/evaluations/{token}``; no key.

The token (192 random bits) is the only way in and names one case. What it shows is the bureau, the
kind of act and the 案号 printed on the document — never the facts, the party, the title or any
other case's feedback. Unknown tokens all answer the same 404; every client is rate-limited.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import FileResponse

from store.cases import Case, CaseError

from ..deps import StateDep, StoreDep
from ..errors import ApiError
from ..schemas.cases import FeedbackIn, PublicView
from ..services.cases import act_of, case_error, today
from ..services.ratelimit import RateLimit
from ..web import HEADERS, STATIC
from .common import errors

router = APIRouter(tags=["码上评"])

Token = Annotated[
    str, Path(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$", description="二维码中的令牌")
]


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _limited(request: Request, state: StateDep) -> None:
    limits: dict[str, RateLimit] = state.public_limits
    limits["write" if request.method == "POST" else "read"].check(_client(request))


Limited = Annotated[None, Depends(_limited)]


def _case(store: StoreDep, token: str) -> Case:
    case = store.cases.by_token(token)
    if case is None:
        raise ApiError(
            404,
            "evaluation_not_found",
            "二维码无效或已失效",
            location="token",
            suggestion="请重新扫描执法文书上的二维码；如仍无法打开，请联系作出决定的执法单位",
        )
    return case


def _view(store: StoreDep, case: Case) -> PublicView:
    events = store.events.of_case(case.case_ref)
    rated = next((e for e in events if e.kind == "feedback"), None)
    answer = next((e for e in events if e.kind == "answer"), None)
    return PublicView(
        bureau=store.units.path(case.unit_id),
        act=act_of(store.cases.triages(case)),
        case_no=case.case_no,
        rated=rated is not None,
        rating=rated.body["rating"] if rated else None,
        comment=rated.body["comment"] if rated else None,
        rated_at=rated.created_at if rated else None,
        answer=answer.body["text"] if answer else None,
        answered_at=answer.created_at if answer else None,
    )


@router.get(
    "/e/{token}",
    operation_id="evaluationPage",
    summary="码上评页面（二维码指向这里；无需密钥）",
    description="页面本身对任何令牌都一样；内容由页面脚本向 /v1/public/evaluations/{token} 查询。",
    response_class=FileResponse,
    responses={200: {"content": {"text/html": {}}, "description": "码上评页面"}, **errors(422, 429)},
)
def evaluation_page(token: Token, _: Limited) -> FileResponse:
    """The public page (its script reads the token from the address); the same for any token."""
    del token
    return FileResponse(STATIC / "e.html", headers=HEADERS)


@router.get(
    "/v1/public/evaluations/{token}",
    operation_id="getEvaluation",
    summary="码上评：执法单位、执法行为、评价和答复（无需密钥）",
    response_model=PublicView,
    responses=errors(404, 422, 429),
)
def get_evaluation(token: Token, store: StoreDep, _: Limited) -> PublicView:
    return _view(store, _case(store, token))


@router.post(
    "/v1/public/evaluations/{token}",
    status_code=201,
    operation_id="rateEnforcement",
    summary="码上评：当事人评价（满意 / 基本满意 / 不满意）和意见，每个二维码一次",
    response_model=PublicView,
    responses=errors(400, 404, 409, 413, 422, 429),
)
def rate(token: Token, body: FeedbackIn, store: StoreDep, _: Limited) -> PublicView:
    case = _case(store, token)
    try:
        store.casework.rate(case, body.rating, body.comment.strip(), today())
    except CaseError as exc:
        raise case_error(exc) from None
    return _view(store, case)
