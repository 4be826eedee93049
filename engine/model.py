"""The rule model: frozen pydantic models of what the YAML files say, each node with its position.

These models are the *schema* of the rule language; ``engine.loading`` turns the YAML of a rules
directory into them and checks the references between them. The conditions of rules are the
nodes of :mod:`engine.language`. Nothing here evaluates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag, field_validator, model_validator
from pydantic_core import PydanticCustomError

from .language.nodes import Condition, ParamRef, Scalar
from .sourced import Frozen, Sourced, check_id

FactType = Literal["bool", "enum", "set", "money", "int", "date"]
ParamType = Literal["money", "int", "number"]
Verification = Literal["V1", "V2", "UNVERIFIED"]

Id = Annotated[str, Field(min_length=1)]


# --------------------------------------------------------------------------- vocabulary


class FactDef(Sourced):
    """An input fact: what a case handler tells lexgate about a case."""

    id: Id
    label: str = Field(min_length=1)
    type: FactType
    values: tuple[str, ...] = ()
    unit: str | None = None
    question: str = Field(min_length=1)
    group: str = "案件基本信息"
    description: str | None = None
    minimum: int | None = None

    _id = field_validator("id")(check_id)

    @model_validator(mode="after")
    def _values_match_type(self) -> FactDef:
        if self.type in ("enum", "set") and not self.values:
            raise PydanticCustomError(
                "missing_values", "类型为 {type} 的事实必须列出 values（允许的取值）", {"type": self.type}
            )
        if self.type not in ("enum", "set") and self.values:
            raise PydanticCustomError("unexpected_values", "只有 enum 和 set 类型的事实才能列出 values", {})
        if len(set(self.values)) != len(self.values):
            raise PydanticCustomError("duplicate_value", "values 中有重复的取值", {})
        return self


class VocabularyFile(Frozen):
    facts: tuple[FactDef, ...]
    groups: tuple[str, ...] = ()


# --------------------------------------------------------------------------- parameters


class ParamValue(Sourced):
    start: dt.date = Field(alias="from")
    end: dt.date | None = Field(default=None, alias="to")
    value: int | float
    source: str | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ParamValue:
        if self.end is not None and self.end < self.start:
            raise PydanticCustomError("bad_period", "'to' 早于 'from'", {})
        return self


class OverrideBound(Sourced):
    """How a lower pack's override must compare with the value it overrides (``lexgate lint`` checks it).

    E.g. ``{must_be: le, basis: …}`` where the law says the lower amount applies.
    """

    must_be: Literal["le", "ge"]
    basis: str = Field(min_length=1)


class ParameterDef(Sourced):
    id: Id
    label: str
    type: ParamType = "money"
    unit: str | None = None
    source: str = Field(min_length=1)
    verification: Verification = "V1"
    note: str | None = None
    values: tuple[ParamValue, ...] = Field(min_length=1)
    override_bound: OverrideBound | None = None

    _id = field_validator("id")(check_id)


class ParameterOverride(Sourced):
    """A local pack's own values for a parameter defined by an ancestor pack (declared, never implicit)."""

    override: Id
    source: str = Field(min_length=1)
    verification: Verification = "V1"
    note: str | None = None
    values: tuple[ParamValue, ...] = Field(min_length=1)


def _param_kind(v: Any) -> str | None:
    if isinstance(v, dict):
        if "override" in v:
            return "override"
        return "define"
    if isinstance(v, ParameterOverride):
        return "override"
    if isinstance(v, ParameterDef):
        return "define"
    return None


ParameterEntry = Annotated[
    Annotated[ParameterDef, Tag("define")] | Annotated[ParameterOverride, Tag("override")],
    Discriminator(_param_kind),
]


# --------------------------------------------------------------------------- detail values


class FactRef(Sourced):
    """Detail value copied from a fact of the case."""

    fact: str


class WorkdaysAfter(Sourced):
    """A due date: the N-th working day after the date in a fact (start day not counted)."""

    workdays_after: str
    days: Annotated[int | ParamRef, Field(union_mode="left_to_right")]


def _detail_kind(v: Any) -> str:
    if isinstance(v, dict):
        if "param" in v:
            return "param"
        if "workdays_after" in v:
            return "workdays"
        if "fact" in v:
            return "fact"
        return "bad"
    if isinstance(v, ParamRef):
        return "param"
    if isinstance(v, WorkdaysAfter):
        return "workdays"
    if isinstance(v, FactRef):
        return "fact"
    if isinstance(v, list | tuple):
        return "list"
    return "scalar"


DetailValue = Annotated[
    Annotated[ParamRef, Tag("param")]
    | Annotated[WorkdaysAfter, Tag("workdays")]
    | Annotated[FactRef, Tag("fact")]
    | Annotated[tuple[str, ...], Tag("list")]
    | Annotated[Scalar, Tag("scalar")],
    Discriminator(
        _detail_kind,
        custom_error_type="detail_form",
        custom_error_message=(
            "detail 的值只能是文字、数字、文字列表、{param: …}、{fact: …} 或 {workdays_after: …, days: …}"
        ),
    ),
]


# --------------------------------------------------------------------------- decisions, derived facts, rules


class DecisionDef(Sourced):
    id: Id
    label: str = Field(min_length=1)
    description: str | None = None
    detail: dict[str, DetailValue] = Field(default_factory=dict)
    detail_mode: Literal["merge", "collect"] = "merge"
    collect_as: str | None = None
    detail_labels: dict[str, str] = Field(default_factory=dict)  # Chinese names of detail keys

    _id = field_validator("id")(check_id)

    @model_validator(mode="after")
    def _collect_key(self) -> DecisionDef:
        if self.detail_mode == "collect" and not self.collect_as:
            raise PydanticCustomError(
                "collect_as_missing", "detail_mode 为 collect 时必须写 collect_as（列表放在哪个键下）", {}
            )
        return self


class DecisionAmend(Sourced):
    """A local pack's declared change to the default detail of an ancestor's decision, in force from
    ``effective_from`` to ``effective_to`` (both inclusive, both optional) like a rule."""

    amend: Id
    detail: dict[str, DetailValue] = Field(min_length=1)
    basis: tuple[str, ...] = Field(min_length=1)
    note: str | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None

    @model_validator(mode="after")
    def _period(self) -> DecisionAmend:
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise PydanticCustomError("bad_period", "effective_to 早于 effective_from", {})
        return self

    def in_force(self, as_of: dt.date) -> bool:
        if self.effective_from and as_of < self.effective_from:
            return False
        return not (self.effective_to and as_of > self.effective_to)


def _decision_kind(v: Any) -> str:
    if isinstance(v, dict):
        return "amend" if "amend" in v else "define"
    return "amend" if isinstance(v, DecisionAmend) else "define"


DecisionEntry = Annotated[
    Annotated[DecisionDef, Tag("define")] | Annotated[DecisionAmend, Tag("amend")],
    Discriminator(_decision_kind),
]


class DerivedDef(Sourced):
    """An intermediate conclusion (中间结论) that rules derive and other rules use."""

    id: Id
    label: str | None = None  # taken from the vocabulary when the id is also an input fact
    description: str | None = None
    # Declared, never implicit: the id is also an input fact, and a value the handler gives wins.
    also_input: bool = False

    _id = field_validator("id")(check_id)


RuleKind = Literal["decision", "derive", "exception", "warning"]


class RuleDef(Sourced):
    id: Id
    title: str = Field(min_length=1)
    basis: tuple[str, ...]
    decision: str | None = None
    derive: str | None = None
    exception_to: tuple[str, ...] | None = None
    warn: str | None = None
    when: Condition
    detail: dict[str, DetailValue] = Field(default_factory=dict)
    priority: int = 0
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    replaces: str | None = None
    note: str | None = None
    # Shapes its decision's detail only: its unknown facts are asked as 补充信息, never as missing facts.
    detail_only: bool = False

    _id = field_validator("id")(check_id)

    @field_validator("basis")
    @classmethod
    def _basis_present(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value or not all(isinstance(b, str) and b.strip() for b in value):
            raise PydanticCustomError("basis_missing", "每条规则都必须写明法律依据 basis（至少一条引文）", {})
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> RuleDef:
        kinds = [k for k in ("decision", "derive", "exception_to", "warn") if getattr(self, k)]
        if len(kinds) != 1:
            raise PydanticCustomError(
                "rule_kind",
                "规则必须且只能有 decision、derive、exception_to、warn 中的一个（现有: {kinds}）",
                {"kinds": ", ".join(kinds) or "无"},
            )
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise PydanticCustomError("bad_period", "effective_to 早于 effective_from", {})
        if self.detail_only and not (self.decision and self.detail):
            raise PydanticCustomError(
                "detail_only_without_detail",
                "detail_only 只用于得出决定（decision）并写有说明（detail）的规则：它只改变说明，不改变结论",
                {},
            )
        return self

    @property
    def kind(self) -> RuleKind:
        if self.decision:
            return "decision"
        if self.derive:
            return "derive"
        if self.exception_to:
            return "exception"
        return "warning"

    def in_force(self, as_of: dt.date) -> bool:
        if self.effective_from and as_of < self.effective_from:
            return False
        return not (self.effective_to and as_of > self.effective_to)


# --------------------------------------------------------------------------- packs


class PackContent(Frozen):
    """What any YAML file of a pack may hold."""

    parameters: tuple[ParameterEntry, ...] = ()
    decisions: tuple[DecisionEntry, ...] = ()
    derived: tuple[DerivedDef, ...] = ()
    rules: tuple[RuleDef, ...] = ()


class PackManifest(PackContent, Sourced):
    """``pack.yaml``: who the pack is, where it sits in the jurisdiction tree, plus any content."""

    pack: Id
    jurisdiction: str = Field(min_length=1)
    parent: str | None = None
    title: str = Field(min_length=1)
    version: str | None = None
    description: str | None = None
    sources: tuple[str, ...] = ()

    _id = field_validator("pack")(check_id)


# --------------------------------------------------------------------------- what details read


def detail_facts(detail: Mapping[str, DetailValue]) -> Iterator[str]:
    """Ids of the facts a detail reads: copied values and the start dates of working-day deadlines."""
    for value in detail.values():
        if isinstance(value, FactRef):
            yield value.fact
        elif isinstance(value, WorkdaysAfter):
            yield value.workdays_after


def detail_params(detail: Mapping[str, DetailValue]) -> Iterator[str]:
    """Ids of the parameters a detail uses (repeats possible)."""
    for value in detail.values():
        if isinstance(value, ParamRef):
            yield value.param
        elif isinstance(value, WorkdaysAfter) and isinstance(value.days, ParamRef):
            yield value.days.param
