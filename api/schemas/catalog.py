"""Facts, decisions, jurisdictions and rules as the web page and clients read them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class FactOut(BaseModel):
    id: str
    label: str = Field(description="中文名称（可代替 id 提交）")
    type: str = Field(description="bool、enum、set、money、int 或 date")
    type_label: str
    values: list[str] = Field(description="enum/set 的允许取值")
    unit: str | None
    question: str = Field(description="该事实缺失时向办案人员提出的问题")
    group: str = Field(description="网页上的分组")
    description: str | None
    minimum: int | None


class FactsOut(BaseModel):
    groups: list[str] = Field(description="分组的显示顺序")
    facts: list[FactOut]


class DecisionOut(BaseModel):
    id: str
    label: str
    description: str | None
    pack: str = Field(description="定义该决定的规则包")
    jurisdictions: list[str] = Field(description="有该决定的管辖地（其他管辖地的结果中没有该项）")
    detail_labels: dict[str, str] = Field(description="detail 各键的中文名称")


class DecisionsOut(BaseModel):
    decisions: list[DecisionOut]
    outcomes: dict[str, str] = Field(
        description="结论代码 → 中文：required 需要、not_required 不需要、undetermined 无法确定"
    )


class PackOut(BaseModel):
    id: str
    ref: str = Field(description="pack@摘要前缀，与分流结果 ruleset.packs 相同")
    title: str
    jurisdiction: str
    version: str | None


class JurisdictionOut(BaseModel):
    name: str
    parent: str | None
    packs: list[PackOut] = Field(description="适用的规则包，从全国到本级")
    decisions: list[str] = Field(description="该管辖地的决定 id")
    sheet_unit: str = Field(
        default="", description="该管辖地案件的结论单上的单位名称（LEXGATE_UNIT_NAME，或该地市场监督管理局）"
    )


class JurisdictionsOut(BaseModel):
    jurisdictions: list[JurisdictionOut]


class ParamOut(BaseModel):
    id: str
    label: str
    value: int | float | None = Field(description="该管辖地在评估日的取值；null: 该日无生效取值")
    unit: str | None
    pack: str | None = Field(description="取值来自的规则包（地方覆盖时为地方包）")
    source: str | None = Field(description="取值的依据")
    verification: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None


class Concludes(BaseModel):
    kind: str = Field(
        description="decision（决定）、derived（中间结论）、exception（例外）或 warning（提示）"
    )
    id: str
    label: str


class Reads(BaseModel):
    kind: str = Field(description="fact（输入事实）、derived（中间结论）或 decision（另一决定的结论）")
    id: str
    label: str


class RuleOut(BaseModel):
    id: str
    title: str
    kind: str
    concludes: list[Concludes] = Field(description="规则得出的决定或中间结论；例外规则为其排除的规则")
    text: str = Field(description="条件的中文表述（参数按管辖地和评估日取值）")
    reads: list[Reads] = Field(
        default_factory=list,
        description="条件读取的事实、中间结论和决定（按首次出现的顺序），可据此按事实检索规则",
    )
    basis: list[str] = Field(description="法律依据")
    pack: str
    jurisdiction: str = Field(description="条件文字和参数取值所用的管辖地")
    effective_from: dt.date | None
    effective_to: dt.date | None
    in_force: bool = Field(description="在评估日是否有效")
    parameters: list[ParamOut]
    detail: dict[str, Any]
    exceptions: list[str] = Field(description="在该管辖地排除本规则的例外规则")
    replaces: str | None
    priority: int
    note: str | None
    location: str = Field(description="源文件位置 文件:行:列（相对规则目录）")


class RulesOut(BaseModel):
    ruleset: str = Field(description="规则集摘要")
    as_of: dt.date
    rules: list[RuleOut]


class FactRelevance(BaseModel):
    fact: str
    label: str
    relevant: bool = Field(
        description="false: 在该管辖地、评估日和已知事实下，任何决定和提示都不取决于此事实"
    )
    rules: list[str] = Field(description="仍可能成立、且读取此事实的规则（或由办案人员填写的中间结论）")
    settles: list[str] = Field(
        default_factory=list,
        description="按已知事实尚无法确定、且其仍可能成立的规则读取此事实的决定（引导式提问按其数量排序）",
    )
    always_read_by: list[str] = Field(
        default_factory=list,
        description="在该管辖地和评估日的任何案件中都会读取此事实的决定：不论其他事实如何，"
        "这些决定总有仍可能成立的规则读取它（由规则证明，不依赖已知事实；网页标为「必答」）",
    )


class RelevanceOut(BaseModel):
    jurisdiction: str
    as_of: dt.date
    known: list[str] = Field(description="据以判断的已知事实 id")
    facts: list[FactRelevance] = Field(description="词表中的全部事实，按词表顺序")


class RelevanceIn(BaseModel):
    """已知事实（可用 id 或中文名称），据以判断其余事实还能确定哪些决定。"""

    model_config = ConfigDict(extra="forbid")

    jurisdiction: str = Field(min_length=1, description="管辖地")
    as_of: dt.date | None = Field(default=None, description="评估日期 YYYY-MM-DD；缺省为今天")
    facts: dict[str, Any] = Field(default_factory=dict, description="已知事实")
