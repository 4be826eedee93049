"""For operators: ``/readyz`` (can this worker serve triage now?) and ``/metrics`` (Prometheus)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import BaseModel, Field
from sqlalchemy import text

from store import ledger

from .. import metrics
from ..deps import StateDep
from ..errors import ApiError
from .common import errors

router = APIRouter(tags=["服务"])


class ReadyOut(BaseModel):
    status: str = Field(description="ready")
    database: str = Field(description="sqlite 或 postgresql")
    ruleset: str = Field(description="生效的规则集摘要")
    generation: int
    records: int = Field(description="记录链的长度")


@router.get(
    "/readyz",
    operation_id="ready",
    summary="就绪检查（无需密钥）",
    description="数据库可读写、生效的规则集已加载时为 200；否则 503，说明哪一项不可用。"
    "与 /healthz（进程存活）不同，负载均衡据此决定是否向本进程转发请求。",
    response_model=ReadyOut,
    responses=errors(503),
)
def ready(state: StateDep) -> ReadyOut:
    try:
        with state.store.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            head = ledger.read(conn)
    except Exception as exc:
        raise ApiError(
            503,
            "database_unavailable",
            f"数据库不可用（{type(exc).__name__}）",
            location="database",
            suggestion="检查数据库服务和 LEXGATE_DATABASE_URL；恢复后本检查自动通过",
        ) from None
    try:
        active = state.rules.current()
    except Exception as exc:
        raise ApiError(
            503,
            "rules_unavailable",
            f"生效的规则集无法加载（{type(exc).__name__}）",
            location="ruleset",
            suggestion="查看服务日志；由法制人员修正规则后调用 POST /v1/rules/reload",
        ) from None
    metrics.CHAIN_LENGTH.set(head.head_seq)
    return ReadyOut(
        status="ready",
        database=state.store.backend,
        ruleset=active.ruleset.digest,
        generation=active.generation,
        records=head.head_seq,
    )


@router.get(
    "/metrics",
    operation_id="metrics",
    summary="Prometheus 指标（无需密钥）",
    description="请求数（按路由和状态）、分流耗时直方图、组提交的大小和等待时间、记录链长度、"
    "规则重新加载次数、按原因统计的被拒请求。多进程时为全部工作进程之和。不含任何案件内容。",
    response_class=Response,
    responses={200: {"content": {"text/plain": {}}, "description": "Prometheus 文本格式"}, **errors()},
)
def prometheus(state: StateDep) -> Response:
    try:
        with state.store.engine.connect() as conn:
            length: int | None = ledger.read(conn).head_seq
    except Exception:  # the metrics still answer while the database is down (readyz says why)
        length = None
    body, content_type = metrics.exposition(length)
    return Response(body, media_type=content_type)
