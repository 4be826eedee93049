"""Units, case files, the 公示 register and 码上评 (issue 15)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from store.feedback import MAX_ANSWER, MAX_COMMENT, RATINGS

Stage = Literal["立案", "调查", "审核", "告知", "听证", "决定", "执行", "结案"]
Rating = Literal["满意", "基本满意", "不满意"]
Reason = Literal["撤销", "确认违法", "重新作出"]


class UnitIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200, description="单位名称，如 袁州分局")
    parent_id: str | None = Field(
        default=None, max_length=40, description="上级单位编号（根单位只能用 lexgate units create 创建）"
    )


class UnitOut(BaseModel):
    unit_id: str
    name: str
    parent_id: str | None
    path: str = Field(description="单位全称路径：宜春市局 / 袁州分局 / 某所")
    members: list[str] = Field(default_factory=list, description="属于本单位的密钥编号")


class UnitsOut(BaseModel):
    units: list[UnitOut]
    mine: str | None = Field(description="当前密钥所属单位的编号")


class MemberOut(BaseModel):
    key_id: str
    unit_id: str


class CaseIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    case_no: str = Field(
        min_length=1, max_length=200, description="案号，在本单位内唯一，如 宜市监处〔2026〕12号"
    )
    title: str = Field(min_length=1, max_length=500, description="案件名称")
    party: str = Field(min_length=1, max_length=200, description="当事人")
    field: str = Field(min_length=1, max_length=100, description="案件领域，如 食品、产品质量")
    handler: str = Field(min_length=1, max_length=200, description="承办人")
    unit_id: str | None = Field(default=None, max_length=40, description="所属单位（缺省：当前密钥的单位）")
    stage: Stage = Field(default="立案", description="案件阶段")


class CaseOut(BaseModel):
    case_ref: str = Field(description="案件编号（系统内部）")
    unit_id: str
    unit: str = Field(description="所属单位全称路径")
    case_no: str
    title: str
    party: str
    field: str
    handler: str
    stage: Stage
    created_at: str
    updated_at: str


class CasesOut(BaseModel):
    items: list[CaseOut]


class ValueChange(BaseModel):
    id: str
    label: str
    before: str = Field(description="前一次分流时的值（未知 = 未填写）")
    after: str


class OutcomeOut(BaseModel):
    id: str
    label: str
    outcome: str = Field(description="需要 / 不需要 / 无法确定")


class TriageStep(BaseModel):
    seq: int
    decision_id: str
    created_at: str
    actor: str
    as_of: str
    outcomes: list[OutcomeOut] = Field(description="各项决定的结论")
    facts_changed: list[ValueChange] = Field(description="与前一次分流相比改变的事实")
    outcomes_changed: list[ValueChange] = Field(description="与前一次分流相比改变的结论")


class EventOut(BaseModel):
    seq: int
    event_id: str
    kind: str = Field(
        description="opened 立案、stage 阶段、register 登记公示、published 公示、revoked 撤销、"
        "taken_down 撤下、feedback 评价、answer 答复"
    )
    actor: str
    created_at: str
    body: dict[str, Any]


class RegisterOut(BaseModel):
    case_ref: str
    unit_id: str
    case_no: str | None = None
    title: str | None = None
    unit: str | None = Field(default=None, description="执法单位全称路径（登记簿列表中给出）")
    status: Literal[
        "pending", "overdue", "undetermined", "published", "takedown_due", "takedown_overdue", "taken_down"
    ]
    status_label: str
    decided_on: str = Field(description="决定日期")
    need: str = Field(description="分流对“公示”的结论：required 或 unknown")
    limit: int | None = Field(description="公示期限（工作日）")
    due: str | None = Field(description="公示截止日期；节假日安排未公布时为空（见 note）")
    note: str | None
    decision_id: str | None = Field(description="据以登记的分流记录")
    published_on: str | None = None
    published_where: str | None = None
    revoked_on: str | None = None
    revoked_reason: str | None = None
    takedown_due: str | None = Field(default=None, description="撤下截止日期（撤销等之日起 3 个工作日）")
    takedown_note: str | None = None
    taken_down_on: str | None = None


class RegisterListOut(BaseModel):
    items: list[RegisterOut]


class CaseDetail(BaseModel):
    case: CaseOut
    triages: list[TriageStep] = Field(description="本案的分流，按时间顺序，附与前一次相比的变化")
    events: list[EventOut]
    register_entry: RegisterOut | None = Field(description="公示登记簿中本案的条目（不在登记簿中为空）")
    last_request: dict[str, Any] | None = Field(description="最后一次分流的请求（重新打开到表单）")
    evaluation_path: str = Field(description="码上评页面的路径 /e/{token}（印在决定文书上）")


class StageIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stage: Stage
    decided_on: dt.date | None = Field(
        default=None, description="进入“决定”时的决定日期（缺省：最后一次分流的决定日期）"
    )
    note: str | None = Field(default=None, max_length=500)


class StageOut(BaseModel):
    case: CaseOut
    register_entry: RegisterOut | None = Field(description="公示登记簿中本案的条目（不在登记簿中为空）")


class PublicationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: dt.date = Field(description="公示日期")
    where: str = Field(min_length=1, max_length=200, description="公示载体，如 国家企业信用信息公示系统")


class RevocationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: dt.date = Field(description="决定被撤销、确认违法或要求重新作出之日")
    reason: Reason


class TakedownIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: dt.date = Field(description="撤下日期")


class FeedbackIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rating: Rating
    comment: str = Field(default="", max_length=MAX_COMMENT, description=f"意见（最多 {MAX_COMMENT} 字）")


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_ANSWER, description=f"答复（最多 {MAX_ANSWER} 字）")


class FeedbackOut(BaseModel):
    case_ref: str
    unit_id: str
    unit: str
    case_no: str
    rating: Rating
    comment: str
    rated_at: str
    answer_due: str | None = Field(description="不满意须答复的截止日期")
    answer_note: str | None = None
    answer: str | None = None
    answered_at: str | None = None
    answered_by: str | None = None
    overdue: bool = Field(description="不满意且过了截止日期仍未答复")


class FeedbackListOut(BaseModel):
    items: list[FeedbackOut]


class PublicView(BaseModel):
    """码上评页面看到的内容：执法单位和执法行为，不含案件事实。"""

    bureau: str = Field(description="执法单位")
    act: str = Field(description="执法行为类别")
    case_no: str = Field(description="文书上的案号")
    rated: bool
    rating: Rating | None = None
    comment: str | None = None
    rated_at: str | None = None
    answer: str | None = None
    answered_at: str | None = None
    ratings: list[str] = Field(default_factory=lambda: list(RATINGS))
    max_comment: int = MAX_COMMENT
