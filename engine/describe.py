"""Conditions in Chinese, as a case handler or a legal officer reads them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .model import (
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
from .ruleset import BoundParam, Scope
from .vocabulary import Vocabulary, format_number

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


@dataclass(frozen=True)
class Namer:
    """Chinese names of facts, derived facts, decisions and parameters within one scope."""

    vocabulary: Vocabulary
    scope: Scope | None = None

    def fact_label(self, fact_id: str) -> str:
        if self.scope is not None and fact_id in self.scope.derived:
            return self.scope.derived[fact_id].label
        fact = self.vocabulary.get(fact_id)
        return fact.label if fact is not None else fact_id

    def unit(self, fact_id: str) -> str:
        fact = self.vocabulary.get(fact_id)
        if fact is None:
            return ""
        return " 元" if fact.type == "money" else (f" {fact.unit}" if fact.unit else "")

    def decision_label(self, decision_id: str) -> str:
        if self.scope is not None:
            for view in self.scope.decisions:
                if view.id == decision_id:
                    return view.label
        return decision_id

    def param_label(self, param_id: str) -> str:
        if self.scope is not None and param_id in self.scope.parameter_defs:
            return self.scope.parameter_defs[param_id].label
        return param_id


def threshold_text(value: Any, unit: str, params: Mapping[str, BoundParam], namer: Namer) -> str:
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
    params: Mapping[str, BoundParam],
    namer: Namer,
    negated: bool = False,
) -> str:
    """The test applied to a fact, without the fact's name: "≥ 3,000 元（…）", "包含任一：…".

    ``negated`` gives the opposite test in plain words (under a ``not``): "< 3,000 元", "否".
    """
    if isinstance(node, DecisionTest):
        return "需要" if node.is_ != negated else "不需要"
    if isinstance(node, SumTest):
        op = _OPPOSITE[node.op] if negated else node.op
        return f"{_OPS[op]} {threshold_text(node.operand, ' 元', params, namer)}"
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


def sum_text(node: SumTest, params: Mapping[str, BoundParam], namer: Namer) -> str:
    parts = []
    for term in node.sum:
        coefficient = threshold_text(term.times, "", params, namer)
        name = namer.fact_label(term.fact)
        parts.append(name if term.times == 1 else f"{coefficient} × {name}")
    return " + ".join(parts)


def condition_text(node: Condition, params: Mapping[str, BoundParam], namer: Namer, top: bool = True) -> str:
    """A whole condition tree as one Chinese sentence."""
    if isinstance(node, AllOf | AnyOf):
        children = node.all if isinstance(node, AllOf) else node.any
        joiner = "，且" if isinstance(node, AllOf) else " 或 "
        text = joiner.join(condition_text(c, params, namer, top=False) for c in children)
        return text if top or len(children) == 1 else f"（{text}）"
    if isinstance(node, NotOf):
        return f"并非{condition_text(node.not_, params, namer, top=False)}"
    if isinstance(node, ExceptionCondition):
        return f"〔例外：{node.title}〕"
    if isinstance(node, DecisionTest):
        return f"「{namer.decision_label(node.decision)}」{test_text(node, params, namer)}"
    if isinstance(node, SumTest):
        return f"{sum_text(node, params, namer)} {test_text(node, params, namer)}"
    label = namer.fact_label(node.fact)
    test = test_text(node, params, namer)
    if node.op == "is" and node.absent is None:
        return label if node.operand else f"{label}为否"
    if node.op in ("eq",):
        return f"{label}为{node.operand}"
    if node.op == "ne":
        return f"{label}不为{node.operand}"
    return f"{label}{test}"
