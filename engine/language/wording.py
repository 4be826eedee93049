"""Conditions in Chinese, as a case handler or a legal officer reads them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, assert_never

from .nodes import (
    AllOf,
    AnyOf,
    Condition,
    DecisionTest,
    ExceptionCondition,
    FactTest,
    NotOf,
    ParamRef,
    SumTest,
)
from .semantics import Bound
from .visitor import ConditionVisitor, visit

_OPS = {"ge": "≥", "gt": ">", "le": "≤", "lt": "<", "eq": "=", "ne": "≠"}
_OPPOSITE = {
    "ge": "lt",
    "gt": "le",
    "le": "gt",
    "lt": "ge",
    "eq": "ne",
    "ne": "eq",
    "in": "not_in",
    "not_in": "in",
}


class Naming(Protocol):
    """The Chinese names of what conditions mention (``engine.naming.Namer`` for one jurisdiction)."""

    def fact_label(self, fact_id: str) -> str: ...
    def unit(self, fact_id: str) -> str: ...
    def decision_label(self, decision_id: str) -> str: ...
    def param_label(self, param_id: str) -> str: ...


def format_number(value: float | int) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,.2f}"


def threshold_text(value: Any, unit: str, params: Mapping[str, Bound], namer: Naming) -> str:
    if isinstance(value, ParamRef):
        bound = params.get(value.param)
        label = namer.param_label(value.param)
        if bound is None:
            return f"「{label}」"
        return f"{format_number(bound.value)}{unit}「{label}」"
    if isinstance(value, int | float):
        return f"{format_number(value)}{unit}"
    return str(value)


def test_text(
    node: FactTest | DecisionTest | SumTest,
    params: Mapping[str, Bound],
    namer: Naming,
    negated: bool = False,
) -> str:
    """The test applied to a fact, without the fact's name: "≥ 3,000 元（…）", "包含任一：…".

    ``negated`` gives the opposite test in plain words (under a ``not``): "< 3,000 元", "否".
    """
    match node:
        case DecisionTest():
            return "需要" if node.is_ != negated else "不需要"
        case SumTest():
            op = _OPPOSITE[node.op] if negated else node.op
            return f"{_OPS[op]} {threshold_text(node.operand, ' 元', params, namer)}"
        case FactTest():
            return _fact_test_text(node, params, namer, negated)
        case _:
            assert_never(node)


def _fact_test_text(node: FactTest, params: Mapping[str, Bound], namer: Naming, negated: bool) -> str:
    op = node.op
    operand = node.operand
    if node.absent is not None:
        return "未直接填写" if node.absent != negated else "已填写"
    if op == "is":
        return "是" if bool(operand) != negated else "否"
    if op == "empty":
        return "为空" if bool(operand) != negated else "不为空"
    if negated and op in _OPPOSITE:
        op = _OPPOSITE[op]
    if op in _OPS:
        return f"{_OPS[op]} {threshold_text(operand, namer.unit(node.fact), params, namer)}"
    joined = "、".join(str(v) for v in operand) if isinstance(operand, tuple) else str(operand)
    if negated:
        return {
            "contains": f"不包含 {joined}",
            "contains_any": f"不包含以下任何一项：{joined}",
            "contains_all": f"未全部包含：{joined}",
            "only": f"含有以下以外的种类：{joined}",
        }[op]
    return {
        "in": f"属于：{joined}",
        "not_in": f"不属于：{joined}",
        "contains": f"包含 {joined}",
        "contains_any": f"包含任一：{joined}",
        "contains_all": f"全部包含：{joined}",
        "only": f"仅限于：{joined}",
    }[op]


def sum_text(node: SumTest, params: Mapping[str, Bound], namer: Naming) -> str:
    parts = []
    for term in node.sum:
        coefficient = threshold_text(term.times, "", params, namer)
        name = namer.fact_label(term.fact)
        parts.append(name if term.times == 1 else f"{coefficient} × {name}")
    return " + ".join(parts)


def condition_text(node: Condition, params: Mapping[str, Bound], namer: Naming) -> str:
    """A whole condition tree as one Chinese sentence."""
    return visit(node, _Sentence(params, namer, top=True))


class _Sentence(ConditionVisitor[str]):
    def __init__(self, params: Mapping[str, Bound], namer: Naming, top: bool) -> None:
        self.params = params
        self.namer = namer
        self.top = top

    def _inner(self, node: Condition) -> str:
        return visit(node, _Sentence(self.params, self.namer, top=False))

    def _junction(self, parts: tuple[Condition, ...], joiner: str) -> str:
        text = joiner.join(self._inner(c) for c in parts)
        return text if self.top or len(parts) == 1 else f"（{text}）"

    def all_of(self, node: AllOf) -> str:
        return self._junction(node.all, "，且")

    def any_of(self, node: AnyOf) -> str:
        return self._junction(node.any, " 或 ")

    def not_of(self, node: NotOf) -> str:
        return f"并非{self._inner(node.not_)}"

    def exception(self, node: ExceptionCondition) -> str:
        return f"〔例外：{node.title}〕"

    def decision(self, node: DecisionTest) -> str:
        return f"「{self.namer.decision_label(node.decision)}」{test_text(node, self.params, self.namer)}"

    def sum_test(self, node: SumTest) -> str:
        return f"{sum_text(node, self.params, self.namer)} {test_text(node, self.params, self.namer)}"

    def fact(self, node: FactTest) -> str:
        label = self.namer.fact_label(node.fact)
        if node.op == "is" and node.absent is None:
            return label if node.operand else f"{label}为否"
        if node.op == "eq":
            return f"{label}为{node.operand}"
        if node.op == "ne":
            return f"{label}不为{node.operand}"
        return f"{label}{test_text(node, self.params, self.namer)}"
