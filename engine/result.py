"""The triage result: what CLI, REST and records return (CONTRACT §5)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Outcome = Literal["required", "not_required", "undetermined"]
OUTCOME_LABELS: dict[str, str] = {"required": "需要", "not_required": "不需要", "undetermined": "无法确定"}
LABEL_OUTCOMES: dict[str, str] = {v: k for k, v in OUTCOME_LABELS.items()}


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ParamUse(Out):
    """A parameter a condition compared with, as in force for this jurisdiction on ``as_of``."""

    id: str
    label: str
    value: int | float
    source: str
    verification: str
    pack: str


class ConditionResult(Out):
    kind: Literal["fact", "derived", "decision", "sum", "exception"]
    fact: str | None = Field(description="fact, derived fact or decision id")
    label: str
    test: str
    value: Any = None
    value_text: str
    result: bool | None = Field(description="true: holds in the rule's favour; null: unknown")
    negated: bool = False
    params: list[ParamUse] = Field(default_factory=list)


class Reason(Out):
    rule: str
    concludes: str = Field(description="the decision, derived fact or exception this rule is about")
    title: str
    basis: list[str]
    pack: str
    result: bool | None
    expression: str
    conditions: list[ConditionResult]
    because: list[Reason] = Field(default_factory=list)
    detail: dict[str, Any] = Field(default_factory=dict)
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None


class MissingFact(Out):
    fact: str
    label: str
    question: str
    affects: list[str] = Field(default_factory=list)


class DecisionResult(Out):
    label: str
    outcome: Outcome
    outcome_label: str
    detail: dict[str, Any] | None = None
    detail_labels: dict[str, str] = Field(default_factory=dict)
    reasons: list[Reason] = Field(default_factory=list)
    missing_facts: list[MissingFact] = Field(default_factory=list)


class WarningFact(Out):
    fact: str
    label: str
    value: Any = None
    value_text: str


class WarningResult(Out):
    rule: str
    message: str
    basis: list[str]
    facts: list[WarningFact]


class RulesetRef(Out):
    packs: list[str]
    digest: str


class TriageResult(Out):
    case_id: str | None = None
    jurisdiction: str
    as_of: dt.date
    ruleset: RulesetRef
    executor: str
    decisions: dict[str, DecisionResult]
    missing_facts: list[MissingFact] = Field(default_factory=list)
    warnings: list[WarningResult] = Field(default_factory=list)
    facts: dict[str, Any] = Field(default_factory=dict, description="the facts as understood, by id")
    decision_id: str | None = None

    def outcome(self, decision_id: str) -> str | None:
        found = self.decisions.get(decision_id)
        return found.outcome if found else None


Reason.model_rebuild()
