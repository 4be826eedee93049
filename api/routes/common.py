"""What several routers share: documented error responses and JSON bodies built once."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import Response

from ..errors import ErrorBody
from ..services.recording import Recorded


def errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error answers of a route: ``statuses`` and 500 (any route can fail), each an ErrorBody."""
    texts = {
        400: "请求体不是 UTF-8 编码的 JSON，或嵌套层数过多（location 指出位置）",
        401: "缺少或无效的 API 密钥",
        403: "角色无此权限",
        404: "不存在",
        409: "与现有数据冲突（如案号重复、已评价、已公示；规则目录在预览之后又有修改），"
        "或同一 Idempotency-Key 已用于内容不同的请求",
        413: "请求体、批量或事实个数过大",
        422: "输入有误：逐项列出每个有问题的事实（id、中文名称、提交的值、允许的取值）；"
        "或请求中有重复的键、非有限的数值、空字符或不成对的代理字符",
        429: "请求过于频繁，请稍后再试",
        503: "规则集正在切换，请重试",
        500: "服务器内部错误（详情见服务日志）",
    }
    return {s: {"model": ErrorBody, "description": texts[s]} for s in (*statuses, 500)}


def recorded_json(recorded: Recorded) -> str:
    """The result as stored (canonical JSON, already serialized once) plus its record receipt."""
    receipt = recorded.receipt
    record = json.dumps(
        {"seq": receipt.seq, "hash": receipt.hash, "created_at": receipt.created_at}, ensure_ascii=False
    )
    stored = recorded.result_json
    return stored[:-1] + ',"record":' + record + "}"  # a canonical object always ends with "}"


def json_response(text: str, status: int = 200) -> Response:
    return Response(text.encode(), status_code=status, media_type="application/json")
