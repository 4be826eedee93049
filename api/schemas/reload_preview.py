"""What a reload would change, shown to legal staff before they confirm it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field


class DiffItem(BaseModel):
    kind: Literal["added", "removed", "changed"]
    kind_label: str = Field(description="新增、删除、修改")
    what: str = Field(description="pack、fact、decision、derived、parameter、override、rule")
    what_label: str = Field(description="规则包、输入事实、决定、中间结论、参数、参数覆盖、规则")
    id: str
    title: str
    pack: str | None
    changes: list[str] = Field(description="逐项变化（中文）")


class DecisionImpact(BaseModel):
    decision: str
    label: str
    changed: int = Field(description="该决定结论有变化的记录数")
    transitions: dict[str, int] = Field(description="原结论→新结论（中文）及件数")


class ImpactSample(BaseModel):
    seq: int = Field(description="决定记录序号")
    case_id: str | None
    jurisdiction: str
    changes: list[str] = Field(description="如「法制审核：不需要→需要」")


class ReloadPreviewOut(BaseModel):
    running_digest: str
    candidate_digest: str
    same: bool = Field(description="true: 规则目录与生效的规则集相同，重新加载不会改变任何内容")
    diff: list[DiffItem] = Field(description="lexgate diff：候选规则与生效规则的差异")
    records: int = Field(description="重放的决定记录数")
    invalid: int = Field(description="按候选规则无法解析的记录数")
    changed_records: int = Field(description="按候选规则结论有变化的记录数")
    by_decision: list[DecisionImpact]
    samples: list[ImpactSample] = Field(description="结论有变化的记录（最多 20 条）")
