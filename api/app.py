"""``create_app(settings)``: the FastAPI application (``lexgate serve`` runs it under uvicorn)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import version

from fastapi import FastAPI

from . import errors, openapi, web
from .crash import CrashAnswer
from .fastpath import TriageFastPath
from .limits import BodyLimit
from .observe import RequestContext
from .routes import (
    cases,
    catalog,
    checkpoints,
    meta,
    ops,
    public,
    records,
    register,
    report,
    review,
    rules_admin,
    sheet,
    triage,
    units,
)
from .settings import Settings
from .state import AppState
from .web import docs

DESCRIPTION = """市场监管执法案件分流：按管辖地和评估日期生效的规则包，给出法制审核、集体讨论、移送司法机关等
决定的结论（需要 / 不需要 / 无法确定）、法律依据和待补充的事实。缺少的事实绝不按“否”处理。

每次分流都存为一条决定记录（执法全过程记录），记录按哈希链相连，可校验、可用当时的规则集重放。

除 `/healthz` 和本文档外，所有接口都需要 API 密钥（`Authorization: Bearer lgk_…`，由
`lexgate keys create` 创建）。错误响应一律为 `{code, message, location, suggestion, problems}`。"""

TAGS = [
    {"name": "分流", "description": "分流案件（办案人员、法制人员）"},
    {"name": "词表与规则", "description": "事实、决定、管辖地和规则（任何角色）；重新加载规则（法制人员）"},
    {"name": "决定记录", "description": "查看（本人 / 全部）、校验和重放决定记录"},
    {"name": "案件", "description": "执法单位、案卷（分流历史）、公示登记簿、码上评答复（本单位及下级单位）"},
    {"name": "码上评", "description": "当事人扫码评价执法行为（无需密钥；只显示执法单位和执法行为）"},
    {"name": "服务", "description": "健康检查与当前身份"},
]


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app over ``settings`` (default: from the environment); opens and migrates the store."""
    settings = settings or Settings.from_env()
    state = AppState.open(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        task = asyncio.create_task(state.checkpointer.run()) if state.checkpointer else None
        yield
        if task is not None:
            task.cancel()
        state.triage.appender.close()
        state.store.close()

    app = FastAPI(
        title="lexgate",
        version=version("lexgate"),
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url=None,  # /docs is served from the package (web.docs), not from a CDN
        redoc_url=None,
    )
    app.state.lexgate = state
    errors.install(app)
    app.add_middleware(TriageFastPath, state=state)  # innermost: inside the request's id, metrics and limits
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)
    app.add_middleware(CrashAnswer)  # outside BodyLimit: a 500 keeps the connection open
    app.add_middleware(RequestContext)  # outermost: every answer has its X-Request-ID and is counted
    routers = (
        triage,
        catalog,
        rules_admin,
        checkpoints,  # before records: /v1/records/checkpoints must not match /{decision_id}
        records,
        sheet,
        meta,
        ops,
        units,
        cases,
        register,
        report,
        review,
        public,
    )
    for module in routers:
        app.include_router(module.router)
    openapi.install(app, lambda: state.rules.current().ruleset)
    web.install(app)
    docs.install(app)
    state.triage.gc.freeze()  # the loaded rule set is long-lived: keep it out of full collections
    return app
