"""``POST /v1/triage`` and ``/v1/triage/batch``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from engine import TriageRequest as EngineRequest
from engine import TriageResult

from ..errors import ErrorBody

EXAMPLE: dict[str, JsonValue] = {
    "case_id": "宜市监处〔2026〕12号",
    "jurisdiction": "江西省宜春市",
    "as_of": "2026-11-01",
    "facts": {
        "执法行为类别": "行政处罚",
        "适用程序": "普通程序",
        "当事人类型": "法人",
        "拟处罚种类": ["罚款"],
        "拟罚款金额": "15万",
        "经过听证程序": "是",
    },
}


class TriageRequest(EngineRequest):
    """一个案件：管辖地、评估日期和已知事实（事实可用 id 或中文名称）。"""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [EXAMPLE]})

    case_id: str | None = Field(default=None, max_length=200, description="案件编号，如 宜市监处〔2026〕12号")
    jurisdiction: str = Field(
        min_length=1, description="管辖地，如 全国、江西省、江西省宜春市（见 GET /v1/jurisdictions）"
    )
    as_of: dt.date | None = Field(
        default=None, description="评估日期 YYYY-MM-DD（按该日生效的规则）；缺省为今天"
    )
    facts: dict[str, Any] = Field(
        default_factory=dict,
        description="已知事实：事实 id 或中文名称 → 值（是/否、枚举值、金额如 15万、日期）。"
        "未填写的事实视为未知，绝不按“否”处理。",
    )


class RecordReceipt(BaseModel):
    """The decision record this triage was stored as (执法全过程记录)."""

    seq: int = Field(description="记录链中的序号")
    hash: str = Field(description="本记录的哈希（覆盖全部存储字段和前一条记录的哈希）")
    created_at: str = Field(description="记录时间（UTC，ISO 8601）")


class TriageResponse(TriageResult):
    """分流结果（CONTRACT §5），附其决定记录的回执。``decision_id`` 每次分流唯一。"""

    # Optional in the engine's result (where it is the CLI's fingerprint); every API answer has its own.
    decision_id: str = Field(
        pattern=r"^d-[0-9a-f]{32}$",
        description="决定编号：d- 加 32 位十六进制（UUID v7 布局），每次分流唯一、按时间排序；"
        "凭此查询决定记录（GET /v1/records/{decision_id}）",
    )
    record: RecordReceipt


class BatchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cases: list[dict[str, Any]] = Field(
        description="案件列表，每项与 POST /v1/triage 的请求相同；逐项校验，一项有误不影响其他项",
        json_schema_extra={"items": {"$ref": "#/components/schemas/TriageRequest"}},
    )


class BatchItem(BaseModel):
    index: int = Field(description="在 cases 中的位置（从 0 开始）")
    ok: bool
    result: TriageResponse | None = None
    error: ErrorBody | None = None


class BatchOut(BaseModel):
    results: list[BatchItem]
    recorded: int = Field(description="已记录的案件数")
    failed: int = Field(description="输入有误、未分流的案件数")
