"""The 公示 register (``/v1/register``, publication, revocation, 撤下) and 码上评 feedback for the bureau."""

from __future__ import annotations

from collections import defaultdict
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from store.case_events import Event
from store.cases import CaseError
from store.register import REGISTER_KINDS, entries

from ..deps import CaseReader, FeedbackManager, RegisterManager, StoreDep
from ..schemas.cases import (
    AnswerIn,
    EventOut,
    FeedbackListOut,
    FeedbackOut,
    PublicationIn,
    RegisterListOut,
    RevocationIn,
    TakedownIn,
)
from ..services.cases import case_error, event_out, register_out, scope, today, visible_case
from .common import errors

router = APIRouter(prefix="/v1", tags=["案件"])

Status = Literal[
    "pending", "overdue", "undetermined", "published", "takedown_due", "takedown_overdue", "taken_down"
]


def _by_case(events: list[Event]) -> dict[str, list[Event]]:
    grouped: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        grouped[event.case_ref].append(event)
    return grouped


@router.get(
    "/register",
    operation_id="listRegister",
    summary="公示登记簿：待公示、逾期、已公示、待撤下（本单位及下级单位）",
    response_model=RegisterListOut,
    responses=errors(401, 403, 422),
)
def list_register(
    caller: CaseReader,
    store: StoreDep,
    status: Annotated[list[Status] | None, Query(description="只列这些状态")] = None,
) -> RegisterListOut:
    found = entries(store.events.of_units(scope(store, caller), REGISTER_KINDS), today())
    return RegisterListOut(
        items=[
            register_out(e, store.cases.get(e.case_ref), store.units.path(e.unit_id))
            for e in found
            if not status or e.status in status
        ]
    )


@router.post(
    "/cases/{case_ref}/publication",
    status_code=201,
    operation_id="recordPublication",
    summary="登记公示（日期、载体）",
    response_model=EventOut,
    responses=errors(400, 401, 403, 404, 409, 422),
)
def record_publication(
    case_ref: str, body: PublicationIn, caller: RegisterManager, store: StoreDep
) -> EventOut:
    case = visible_case(store, caller, case_ref)
    try:
        return event_out(store.casework.publish(case, body.on, body.where.strip(), caller.name, today()))
    except CaseError as exc:
        raise case_error(exc) from None


@router.post(
    "/cases/{case_ref}/revocation",
    status_code=201,
    operation_id="recordRevocation",
    summary="登记决定被撤销、确认违法或要求重新作出（给出撤下截止日期）",
    description="已公示的决定须在 3 个工作日内从公示平台撤下；节假日安排未公布时不给日期并说明。",
    response_model=EventOut,
    responses=errors(400, 401, 403, 404, 409, 422),
)
def record_revocation(
    case_ref: str, body: RevocationIn, caller: RegisterManager, store: StoreDep
) -> EventOut:
    case = visible_case(store, caller, case_ref)
    try:
        return event_out(store.casework.revoke(case, body.on, body.reason, caller.name, today()))
    except CaseError as exc:
        raise case_error(exc) from None


@router.post(
    "/cases/{case_ref}/takedown",
    status_code=201,
    operation_id="recordTakedown",
    summary="登记撤下",
    response_model=EventOut,
    responses=errors(400, 401, 403, 404, 409, 422),
)
def record_takedown(case_ref: str, body: TakedownIn, caller: RegisterManager, store: StoreDep) -> EventOut:
    case = visible_case(store, caller, case_ref)
    try:
        return event_out(store.casework.taken_down(case, body.on, caller.name, today()))
    except CaseError as exc:
        raise case_error(exc) from None


@router.get(
    "/feedback",
    operation_id="listFeedback",
    summary="码上评：本单位及下级单位收到的评价和答复（法制）",
    response_model=FeedbackListOut,
    responses=errors(401, 403),
)
def list_feedback(caller: FeedbackManager, store: StoreDep) -> FeedbackListOut:
    units = scope(store, caller)
    now = today().isoformat()
    items = []
    for case_ref, events in _by_case(store.events.of_units(units, ("feedback", "answer"))).items():
        case = store.cases.get(case_ref)
        rated = next((e for e in events if e.kind == "feedback"), None)
        if case is None or rated is None:
            continue
        answer = next((e for e in events if e.kind == "answer"), None)
        due = rated.body.get("answer_due")
        items.append(
            FeedbackOut(
                case_ref=case_ref,
                unit_id=case.unit_id,
                unit=store.units.path(case.unit_id),
                case_no=case.case_no,
                rating=rated.body["rating"],
                comment=rated.body["comment"],
                rated_at=rated.created_at,
                answer_due=due,
                answer_note=rated.body.get("answer_note"),
                answer=answer.body["text"] if answer else None,
                answered_at=answer.created_at if answer else None,
                answered_by=answer.actor if answer else None,
                overdue=answer is None and due is not None and now > due,
            )
        )
    items.sort(key=lambda f: (f.answer is not None, f.answer_due or "9999", f.rated_at))
    return FeedbackListOut(items=items)


@router.post(
    "/cases/{case_ref}/answer",
    status_code=201,
    operation_id="answerFeedback",
    summary="答复当事人的评价（法制）；当事人在同一二维码页面看到答复",
    response_model=EventOut,
    responses=errors(400, 401, 403, 404, 409, 422),
)
def answer_feedback(case_ref: str, body: AnswerIn, caller: FeedbackManager, store: StoreDep) -> EventOut:
    case = visible_case(store, caller, case_ref)
    try:
        return event_out(store.casework.answer(case, body.text.strip(), caller.name))
    except CaseError as exc:
        raise case_error(exc) from None
