"""Decision records, chain verification and replay."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class RecordOut(BaseModel):
    """一条决定记录（执法全过程记录）：请求、评估日期、规则集摘要、完整结果和时间，链在前一条之后。"""

    seq: int
    decision_id: str
    created_at: str
    actor: str = Field(description="提交分流的密钥持有人")
    key_id: str
    role: str
    case_id: str | None
    jurisdiction: str
    as_of: str
    ruleset_digest: str
    executor: str
    fingerprint: str = Field(description="规则集 + 请求的哈希：相同即同一请求在同一规则集下（结果必然相同）")
    request: dict[str, Any]
    result: dict[str, Any]
    prev_hash: str
    hash: str
    intact: bool = Field(
        description="记录的内容与其哈希相符；false 表示该记录存储后被修改（详见 GET /v1/records/verify）"
    )


class RecordSummary(BaseModel):
    seq: int
    decision_id: str
    created_at: str
    actor: str
    role: str
    case_id: str | None
    jurisdiction: str
    as_of: str
    ruleset_digest: str
    outcomes: dict[str, str] = Field(description="决定 id → 结论（required / not_required / undetermined）")
    missing_facts: int = Field(description="待补充的事实数")


class RecordsPage(BaseModel):
    items: list[RecordSummary] = Field(description="最近的在前")
    next_before: int | None = Field(description="下一页：以此值作 before 参数；null 表示没有更多")


class ChainProblemOut(BaseModel):
    kind: str = Field(
        description="altered（被修改）、missing（缺失）、reordered（顺序被打乱）或 head_mismatch（链头不符）"
    )
    seq: int
    decision_id: str | None
    message: str


class VerifyOut(BaseModel):
    ok: bool
    records: int = Field(description="检查的记录数")
    head_seq: int
    head_hash: str = Field(description="链头哈希：另行保存，可证明之后没有改写整条链")
    first_problem: ChainProblemOut | None
    problems: list[ChainProblemOut]
    truncated: bool = Field(description="问题过多，只列出前面一部分")


class ReplayOut(BaseModel):
    decision_id: str
    ruleset_digest: str
    executor: str = Field(description="重放所用的执行器")
    identical: bool = Field(description="记录未被修改（intact），且重放结果与记录的结果完全相同")
    intact: bool = Field(description="记录的全部字段（提交人、时间……）与其哈希相符")
    fingerprint_matches: bool
    differences: list[str] = Field(description="不同之处的 JSON 路径")
    stored: dict[str, Any]
    replayed: dict[str, Any]
