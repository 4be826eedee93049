"""Decision records: list, read, verify the chain, replay."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query

from store import Store
from store.chain import ChainProblem, record_hash
from store.compact import view
from store.keys import KeyHolder
from store.roles import PERMISSIONS, Permission

from ..deps import RecordReader, StoreDep, Verifier
from ..errors import ApiError
from ..inputs import SafeText
from ..schemas.records import ChainProblemOut, RecordOut, RecordsPage, RecordSummary, ReplayOut, VerifyOut
from ..services.replay import NotReproducible, rebuild
from ..services.replay import replay as replay_record
from .common import errors

router = APIRouter(prefix="/v1/records", tags=["决定记录"])


def _own_only(store: Store, caller: KeyHolder) -> list[str] | None:
    """The keys whose records a caller may read: those of its holder (None: every record). The
    holder is an identity, not a name: a key made with someone's name does not see their records."""
    if Permission.read_all_records in PERMISSIONS[caller.role]:
        return None
    return store.keys.keys_of(caller.holder_id)


def _visible(store: Store, decision_id: str, caller: KeyHolder) -> dict[str, Any]:
    row = store.records.get(decision_id)
    own = _own_only(store, caller)
    if row is None or (own is not None and row["key_id"] not in own):
        raise ApiError(
            404,
            "record_not_found",
            f"没有编号为 {decision_id} 的决定记录"
            + ("（办案人员和法制人员只能查看本人提交的记录）" if own is not None else ""),
            location="decision_id",
            suggestion="决定编号见分流结果的 decision_id，或 GET /v1/records 的列表",
        )
    return row


def rebuilt(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    """A record's result as answered (a compact record's rebuilt and checked against its hash)."""
    try:
        return rebuild(store, row)
    except NotReproducible as exc:
        raise ApiError(
            500,
            "record_not_reproducible",
            str(exc),
            location="decision_id",
            suggestion="以 POST /v1/records/{decision_id}/replay 查看差异，以 lexgate records verify 校验",
        ) from exc


def _summary(row: dict[str, Any]) -> RecordSummary:
    result = view(row)
    return RecordSummary(
        seq=row["seq"],
        decision_id=row["decision_id"],
        created_at=row["created_at"],
        actor=row["actor"],
        role=row["role"],
        case_id=row["case_id"],
        jurisdiction=row["jurisdiction"],
        as_of=row["as_of"],
        ruleset_digest=row["ruleset_digest"],
        outcomes={k: v["outcome"] for k, v in result.get("decisions", {}).items()},
        missing_facts=len(result.get("missing_facts", [])),
    )


@router.get(
    "",
    operation_id="listRecords",
    summary="决定记录列表（最近的在前）",
    description="办案人员、法制人员看到本人的记录；审计人员看到全部记录。",
    response_model=RecordsPage,
    responses=errors(401, 403, 422),
)
def list_records(
    caller: RecordReader,
    store: StoreDep,
    limit: Annotated[int, Query(ge=1, le=200, description="每页条数")] = 50,
    before: Annotated[
        int | None, Query(ge=1, le=2**63 - 1, description="只列序号小于此值的记录（翻页）")
    ] = None,
    case_id: Annotated[SafeText | None, Query(description="按案件编号筛选")] = None,
    jurisdiction: Annotated[SafeText | None, Query(description="按管辖地筛选")] = None,
) -> RecordsPage:
    rows = store.records.recent(
        key_ids=_own_only(store, caller),
        case_id=case_id,
        jurisdiction=jurisdiction,
        before_seq=before,
        limit=limit + 1,
    )
    more = len(rows) > limit
    rows = rows[:limit]
    return RecordsPage(items=[_summary(r) for r in rows], next_before=rows[-1]["seq"] if more else None)


def _problem(p: ChainProblem) -> ChainProblemOut:
    return ChainProblemOut(kind=p.kind, seq=p.seq, decision_id=p.decision_id, message=p.message)


@router.get(
    "/verify",
    operation_id="verifyRecords",
    summary="校验决定记录链",
    description="重算每条记录的哈希并检查链接和链头，报告第一条被修改、缺失或顺序被打乱的记录。",
    response_model=VerifyOut,
    responses=errors(401, 403),
)
def verify(_: Verifier, store: StoreDep) -> VerifyOut:
    report = store.records.verify()
    return VerifyOut(
        ok=report.ok,
        records=report.records,
        head_seq=report.head_seq,
        head_hash=report.head_hash,
        first_problem=_problem(report.first) if report.first else None,
        problems=[_problem(p) for p in report.problems],
        truncated=report.truncated,
    )


@router.get(
    "/{decision_id}",
    operation_id="getRecord",
    summary="一条决定记录",
    description="记录保存请求、规则集摘要、各项结论和完整结果的哈希；读取时按所存规则集重建完整结果"
    "（含理由），并核对其哈希与记录一致，不一致则答 500（record_not_reproducible）。",
    response_model=RecordOut,
    responses=errors(401, 403, 404, 422),
)
def get_record(decision_id: SafeText, caller: RecordReader, store: StoreDep) -> RecordOut:
    row = _visible(store, decision_id, caller)
    intact = record_hash(row) == row["hash"]
    return RecordOut(
        **{**row, "request": json.loads(row["request"]), "result": rebuilt(store, row)}, intact=intact
    )


@router.post(
    "/{decision_id}/replay",
    operation_id="replayRecord",
    summary="重放决定记录",
    description="用产生该记录的规则集版本（按摘要保存）重新评估所记录的请求，与记录的结果逐项比较。",
    response_model=ReplayOut,
    responses=errors(401, 403, 404, 422),
)
def replay(decision_id: SafeText, caller: RecordReader, store: StoreDep) -> ReplayOut:
    row = _visible(store, decision_id, caller)
    outcome = replay_record(store, row)
    intact = record_hash(row) == row["hash"]  # an edited actor or time leaves the result alike
    return ReplayOut(**{**outcome.__dict__, "identical": outcome.identical and intact}, intact=intact)
