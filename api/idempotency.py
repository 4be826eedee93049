"""``Idempotency-Key`` on the triage routes: a retry gets the first answer and makes no new record.

The key is the client's (any text up to 200 characters, e.g. a UUID per submission), scoped to the
key holder and the route. The same key with the same body (as JSON: formatting does not matter)
within ``store.idempotency.WINDOW`` answers the stored first answer (header ``Idempotent-Replayed:
true``); with another body it is refused (422); while the first request is still running, 409.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Header
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from store.chain import canonical_json
from store.keys import KeyHolder

from .errors import ApiError
from .inputs import SafeText
from .state import AppState

IdempotencyKey = Annotated[
    SafeText | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="可选：客户端为每次提交生成的唯一值（如 UUID）。同一值、同一请求体在 24 小时内重发时，"
        "返回第一次的结果，不再产生新的决定记录；请求体不同则 422，第一次尚未完成则 409",
    ),
]


async def idempotent(
    state: AppState,
    caller: KeyHolder,
    key: str | None,
    body: Any,
    route: str,
    produce: Callable[[], Awaitable[str]],
) -> Response:
    """The answer of ``produce()`` (JSON text), or the stored first answer to ``key``."""
    if key is None:
        return _json(await produce())
    store = state.store.idempotency
    digest = hashlib.sha256(canonical_json(body).encode()).hexdigest()
    earlier = await run_in_threadpool(store.claim, caller.holder_id, route, key, digest)
    if earlier is not None:
        if earlier.body_sha256 != digest:
            raise ApiError(
                422,
                "idempotency_key_reused",
                "该 Idempotency-Key 已用于另一个内容不同的请求",
                location="Idempotency-Key",
                suggestion="每次新的提交请使用新的 Idempotency-Key；重试时请求体须与第一次完全相同",
            )
        if earlier.status is None or earlier.answer is None:
            raise ApiError(
                409,
                "idempotency_in_progress",
                "使用该 Idempotency-Key 的第一次请求尚未完成",
                location="Idempotency-Key",
                suggestion="稍后用同一 Idempotency-Key 重试，将得到第一次的结果",
            )
        return _json(earlier.answer, earlier.status, replayed=True)
    try:
        answer = await produce()
    except BaseException:
        await run_in_threadpool(store.release, caller.holder_id, route, key)
        raise
    await run_in_threadpool(store.answer, caller.holder_id, route, key, 200, answer)
    return _json(answer)


def _json(text: str, status: int = 200, *, replayed: bool = False) -> Response:
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return Response(text.encode(), status_code=status, media_type="application/json", headers=headers)
