"""The nodes of the condition language, as rule files write them (frozen, each with its position).

A condition is a tree: ``all`` / ``any`` / ``not`` over tests of a fact (``fact``), of another
decision (``decision``) and of a weighted sum of amounts (``sum``). ``ExceptionCondition`` is never
written: the plan folds a declared exception into the rule it defeats as one. What the nodes mean
lives beside them in this package (``semantics``, ``closures``, ``tracing``, ``wording``); every walk
over a tree goes through :mod:`engine.language.visitor`.
"""

from __future__ import annotations

from functools import cached_property
from typing import Annotated, Any

from pydantic import Discriminator, Field, Tag, model_validator
from pydantic_core import PydanticCustomError

from ..sourced import Sourced


class ParamRef(Sourced):
    """A threshold named by parameter, resolved for the jurisdiction and date of the case."""

    param: str


Scalar = str | int | float | bool
Number = int | float
Threshold = Annotated[Number | ParamRef, Field(union_mode="left_to_right")]


_FACT_OPERATORS = (
    "eq", "ne", "in_", "not_in", "ge", "gt", "le", "lt", "is_", "contains",
    "contains_any", "contains_all", "only", "empty", "absent",
)  # fmt: skip


class FactTest(Sourced):
    """A test of one fact. Without an operator it tests a yes/no fact for 是."""

    fact: str
    eq: Scalar | None = None
    ne: Scalar | None = None
    in_: tuple[Scalar, ...] | None = Field(default=None, alias="in")
    not_in: tuple[Scalar, ...] | None = None
    ge: Threshold | None = None
    gt: Threshold | None = None
    le: Threshold | None = None
    lt: Threshold | None = None
    is_: bool | None = Field(default=None, alias="is")
    contains: str | None = None
    contains_any: tuple[str, ...] | None = None
    contains_all: tuple[str, ...] | None = None
    only: tuple[str, ...] | None = None
    empty: bool | None = None
    absent: bool | None = None  # internal: derivation rules of a fact a handler may also give directly

    @model_validator(mode="after")
    def _one_operator(self) -> FactTest:
        ops = self.operators()
        if len(ops) > 1:
            raise PydanticCustomError(
                "too_many_operators",
                "一个条件只能有一个比较运算，这里有 {ops}",
                {"ops": ", ".join(ops)},
            )
        return self

    def operators(self) -> list[str]:
        return [n.rstrip("_") for n in _FACT_OPERATORS if getattr(self, n) is not None]

    # Computed once per node (the model is frozen): evaluation and explanation ask for them often.
    @cached_property
    def op(self) -> str:
        ops = self.operators()
        return ops[0] if ops else "is"

    @cached_property
    def operand(self) -> Any:
        if not self.operators():
            return True
        return getattr(self, self.op if self.op not in ("in", "is") else self.op + "_")


class DecisionTest(Sourced):
    """A test of another decision's outcome: ``is: true`` means required (需要)."""

    decision: str
    is_: bool = Field(default=True, alias="is")


class SumTerm(Sourced):
    fact: str
    times: Threshold = 1


class SumTest(Sourced):
    """A weighted sum of amounts compared with a threshold, e.g. 3 × 销售金额 + 尚未销售货值 ≥ 15万."""

    sum: tuple[SumTerm, ...] = Field(min_length=1)
    ge: Threshold | None = None
    gt: Threshold | None = None
    le: Threshold | None = None
    lt: Threshold | None = None

    @model_validator(mode="after")
    def _one_comparison(self) -> SumTest:
        ops = [n for n in ("ge", "gt", "le", "lt") if getattr(self, n) is not None]
        if len(ops) != 1:
            raise PydanticCustomError("sum_comparison", "sum 条件需要且只能有一个比较: ge、gt、le 或 lt", {})
        return self

    @property
    def op(self) -> str:
        return next(n for n in ("ge", "gt", "le", "lt") if getattr(self, n) is not None)

    @property
    def operand(self) -> Number | ParamRef:
        value: Number | ParamRef = getattr(self, self.op)
        return value


class AllOf(Sourced):
    all: tuple[Condition, ...] = Field(min_length=1)


class AnyOf(Sourced):
    any: tuple[Condition, ...] = Field(min_length=1)


class NotOf(Sourced):
    not_: Condition = Field(alias="not")


class ExceptionCondition(Sourced):
    """Internal: a declared exception folded into the rule it defeats (never written in YAML)."""

    exception_rule: str
    title: str
    basis: tuple[str, ...]
    when: Condition


CONDITION_KEYS = ("all", "any", "not", "fact", "decision", "sum")


def _condition_kind(v: Any) -> str | None:
    if isinstance(v, dict):
        for key in CONDITION_KEYS:
            if key in v:
                return key
        if "exception_rule" in v:
            return "exception"
        return None
    kinds: dict[type, str] = {
        AllOf: "all",
        AnyOf: "any",
        NotOf: "not",
        FactTest: "fact",
        DecisionTest: "decision",
        SumTest: "sum",
        ExceptionCondition: "exception",
    }
    return kinds.get(type(v))


Condition = Annotated[
    Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[NotOf, Tag("not")]
    | Annotated[FactTest, Tag("fact")]
    | Annotated[DecisionTest, Tag("decision")]
    | Annotated[SumTest, Tag("sum")]
    | Annotated[ExceptionCondition, Tag("exception")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition_form",
        custom_error_message="条件必须以 all、any、not、fact、decision 或 sum 之一开头",
    ),
]

AllOf.model_rebuild()
AnyOf.model_rebuild()
NotOf.model_rebuild()
ExceptionCondition.model_rebuild()
