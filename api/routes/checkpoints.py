"""Signed checkpoints of the records, and Merkle proofs against them (store/checkpoints.py)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from starlette.concurrency import run_in_threadpool

from store.checkpoints import Checkpoint, CheckpointLog, Leaves

from ..deps import RecordReader, StateDep, Verifier
from ..errors import ApiError
from ..inputs import SafeText
from ..schemas.checkpoints import CheckpointOut, CheckpointsOut, ConsistencyOut, InclusionOut
from .common import errors
from .records import _visible

router = APIRouter(prefix="/v1/records", tags=["决定记录"])
MAX_SIZE = 2**63 - 1


def _out(c: Checkpoint) -> CheckpointOut:
    return CheckpointOut(
        size=c.size,
        root=c.root,
        time=c.time,
        public_key=c.public_key,
        key_fingerprint=c.key_fingerprint,
        signature=c.signature,
    )


def _known(state: StateDep) -> list[Checkpoint]:
    path = state.settings.checkpoint_file
    return CheckpointLog(path).read() if path is not None else []


@router.get(
    "/checkpoints",
    operation_id="listCheckpoints",
    summary="已签名的检查点",
    description="每个检查点是前 N 条记录的 Merkle 树根，由数据库之外的密钥签名；另行保存，"
    "可用 lexgate records verify --checkpoints 证明记录之后没有被改写。",
    response_model=CheckpointsOut,
    responses=errors(401, 403),
)
async def list_checkpoints(_: Verifier, state: StateDep) -> CheckpointsOut:
    known = await run_in_threadpool(_known, state)
    return CheckpointsOut(configured=state.checkpointer is not None, checkpoints=[_out(c) for c in known])


def _size_error(message: str, location: str) -> ApiError:
    return ApiError(
        422, "invalid_tree_size", message, location=location, suggestion="见 GET /v1/records/checkpoints"
    )


@router.get(
    "/checkpoints/consistency",
    operation_id="checkpointConsistency",
    summary="两个检查点之间的一致性证明",
    response_model=ConsistencyOut,
    responses=errors(401, 403, 422),
)
def consistency(
    _: Verifier,
    state: StateDep,
    first: Annotated[int, Query(ge=1, le=MAX_SIZE, description="较早的树大小")],
    second: Annotated[int, Query(ge=1, le=MAX_SIZE, description="较晚的树大小")],
) -> ConsistencyOut:
    leaves = Leaves(state.store.engine)
    head = leaves.head_size()
    if not first <= second <= head:
        raise _size_error(f"需要 1 ≤ first ≤ second ≤ {head}（当前记录数），收到 {first}、{second}", "second")
    proof = leaves.consistency(first, second)
    return ConsistencyOut(first=first, second=second, proof=[p.hex() for p in proof])


@router.get(
    "/{decision_id}/proof",
    operation_id="recordInclusionProof",
    summary="一条记录的包含证明",
    description="证明该记录在前 tree_size 条记录的 Merkle 树中；缺省为最近的检查点（没有则为全部记录）。"
    "审计人员凭此和已签名的检查点即可核验这一条决定，无需访问数据库。",
    response_model=InclusionOut,
    responses=errors(401, 403, 404, 422),
)
def inclusion(
    decision_id: SafeText,
    caller: RecordReader,
    state: StateDep,
    size: Annotated[int | None, Query(ge=1, le=MAX_SIZE, description="树大小（检查点的 size）")] = None,
) -> InclusionOut:
    row = _visible(state.store, decision_id, caller)
    known = _known(state)
    leaves = Leaves(state.store.engine)
    tree_size = size or (known[-1].size if known else leaves.head_size())
    seq = int(row["seq"])
    if not seq <= tree_size <= leaves.head_size():
        raise _size_error(f"记录序号 {seq} 不在大小为 {tree_size} 的树中（或超出当前记录数）", "size")
    root, proof = leaves.inclusion(seq, tree_size)
    checkpoint = next((c for c in reversed(known) if c.size == tree_size), None)
    return InclusionOut(
        decision_id=decision_id,
        seq=seq,
        leaf_index=seq - 1,
        leaf=row["hash"],
        tree_size=tree_size,
        root=root.hex(),
        proof=[p.hex() for p in proof],
        checkpoint=_out(checkpoint) if checkpoint else None,
    )
