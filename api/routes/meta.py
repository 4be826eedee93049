"""``/healthz`` (no key) and ``/v1/me``."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from store.roles import PERMISSION_LABELS, PERMISSIONS, ROLE_LABELS

from ..deps import CallerDep, StoreDep
from ..schemas.meta import HealthOut, MeOut
from .common import errors

router = APIRouter(tags=["服务"])


@router.get(
    "/healthz",
    operation_id="health",
    summary="健康检查（无需密钥）",
    response_model=HealthOut,
    responses=errors(),
)
def healthz(store: StoreDep) -> HealthOut:
    with store.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return HealthOut(status="ok", database=store.backend)


@router.get(
    "/v1/me",
    operation_id="whoAmI",
    summary="当前密钥的持有人和角色",
    response_model=MeOut,
    responses=errors(401),
)
def me(caller: CallerDep) -> MeOut:
    permissions = sorted(PERMISSIONS[caller.role])
    return MeOut(
        name=caller.name,
        key_id=caller.key_id,
        role=caller.role.value,
        role_label=ROLE_LABELS[caller.role],
        permissions=[p.value for p in permissions],
        permission_labels=[PERMISSION_LABELS[p] for p in permissions],
    )
