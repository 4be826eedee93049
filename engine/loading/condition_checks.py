"""Stage ``resolve``: the names a condition or a detail uses, resolved and type-checked.

Fact names may be written as id or Chinese label and are normalised to ids here, so that executors
and explanations only ever see ids. A test must suit its fact's type (``ge`` on an amount, ``contains``
on a set …), its values must be the fact's values, and a parameter it compares with must be visible
from the rule's pack and of a compatible type.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..errors import Location, ProblemList
from ..language.nodes import (
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
from ..language.visitor import ConditionVisitor, visit
from ..model import DerivedDef, DetailValue, FactDef, FactRef, WorkdaysAfter
from .definitions import Definitions
from .report import suggest, where_of

_ALLOWED_OPS = {
    "bool": {"is"},
    "enum": {"eq", "ne", "in", "not_in"},
    "set": {"contains", "contains_any", "contains_all", "only", "empty"},
    "money": {"ge", "gt", "le", "lt", "eq", "ne"},
    "int": {"ge", "gt", "le", "lt", "eq", "ne"},
    "date": set(),
}


class Names:
    """Looks up what a pack may use, reporting what it cannot find."""

    def __init__(self, found: Definitions, problems: ProblemList) -> None:
        self.found = found
        self.problems = problems

    def fact(
        self, name: str, pack_id: str, rule_id: str | None, where: Location
    ) -> FactDef | DerivedDef | None:
        derived = self._derived_by_name(name, pack_id)
        if derived is not None:
            return derived
        vocab = self.found.vocabulary
        fact = vocab.get(name)
        if fact is not None:
            return fact
        pool = list(vocab.names()) + [
            d.id for d, owner in self.found.derived.values() if self.found.visible(pack_id, owner)
        ]
        self.problems.add(
            "unknown_fact", f"未定义的事实 '{name}'", where, fix=suggest(name, pool, "事实名称"), rule=rule_id
        )
        return None

    def _derived_by_name(self, name: str, pack_id: str) -> DerivedDef | None:
        for der, owner in self.found.derived.values():
            if not self.found.visible(pack_id, owner):
                continue
            fact = self.found.vocabulary.get(der.id)
            label = der.label or (fact.label if fact is not None else None)
            if name in (der.id, label):
                return der
        return None

    def threshold(self, value: Any, ftype: str, pack_id: str, rule_id: str | None, where: Location) -> None:
        if not isinstance(value, ParamRef):
            return
        target = self.found.params.get(value.param)
        at = where_of(value, where)
        if target is None or not self.found.visible(pack_id, target[1]):
            self.problems.add(
                "unknown_parameter",
                f"未定义的参数 '{value.param}'（或不是本包及上级包的参数）",
                at,
                fix=suggest(value.param, self.found.params, "参数标识"),
                rule=rule_id,
            )
            return
        ptype = target[0].type
        if ftype in ("money", "int") and ptype not in (ftype, "number"):
            self.problems.add(
                "type_mismatch",
                f"参数 '{value.param}' 是 {ptype} 类型，不能与 {ftype} 类型的事实比较",
                at,
                rule=rule_id,
            )

    def detail(
        self,
        detail: Mapping[str, DetailValue],
        pack_id: str,
        rule_id: str | None,
        owner: Any,
        fallback: Location,
    ) -> None:
        where = where_of(owner, fallback)
        for value in detail.values():
            if isinstance(value, ParamRef):
                self.threshold(value, "number", pack_id, rule_id, where)
            elif isinstance(value, FactRef):
                self.fact(value.fact, pack_id, rule_id, where_of(value, where))
            elif isinstance(value, WorkdaysAfter):
                at = where_of(value, where)
                fact = self.fact(value.workdays_after, pack_id, rule_id, at)
                if fact is not None and (not isinstance(fact, FactDef) or fact.type != "date"):
                    self.problems.add(
                        "type_mismatch",
                        f"workdays_after 需要日期类事实，'{value.workdays_after}' 不是",
                        at,
                        rule=rule_id,
                    )
                self.threshold(value.days, "int", pack_id, rule_id, at)


def resolve_condition(
    node: Condition, names: Names, pack_id: str, rule_id: str, fallback: Location
) -> Condition:
    """``node`` with every fact named by id, every problem reported."""
    return _Resolve(names, pack_id, rule_id).check(node, fallback)


class _Resolve(ConditionVisitor[Condition]):
    def __init__(self, names: Names, pack_id: str, rule_id: str) -> None:
        self.names = names
        self.problems = names.problems
        self.pack_id = pack_id
        self.rule_id = rule_id
        self.fallback = Location("?")

    def check(self, node: Condition, fallback: Location) -> Condition:
        saved, self.fallback = self.fallback, fallback
        try:
            return visit(node, self)
        finally:
            self.fallback = saved

    def _where(self, node: Any) -> Location:
        return where_of(node, self.fallback)

    def all_of(self, node: AllOf) -> Condition:
        where = self._where(node)
        return node.model_copy(update={"all": tuple(self.check(c, where) for c in node.all)})

    def any_of(self, node: AnyOf) -> Condition:
        where = self._where(node)
        return node.model_copy(update={"any": tuple(self.check(c, where) for c in node.any)})

    def not_of(self, node: NotOf) -> Condition:
        return node.model_copy(update={"not_": self.check(node.not_, self._where(node))})

    def exception(self, node: ExceptionCondition) -> Condition:
        return node  # never written by authors: the plan folds exceptions in after loading

    def decision(self, node: DecisionTest) -> Condition:
        found = self.names.found
        target = found.decisions.get(node.decision)
        if target is None or not found.visible(self.pack_id, target[1]):
            self.problems.add(
                "unknown_decision",
                f"条件引用的决定 '{node.decision}' 未定义（或不是本包及上级包的决定）",
                self._where(node),
                fix=suggest(node.decision, found.decisions, "决定标识"),
                rule=self.rule_id,
            )
        return node

    def sum_test(self, node: SumTest) -> Condition:
        where = self._where(node)
        terms = []
        for term in node.sum:
            at = where_of(term, where)
            fact = self.names.fact(term.fact, self.pack_id, self.rule_id, at)
            if fact is None:
                terms.append(term)
                continue
            if not isinstance(fact, FactDef) or fact.type not in ("money", "int"):
                self.problems.add(
                    "type_mismatch",
                    f"sum 只能对金额或整数事实求和，'{term.fact}' 不是",
                    at,
                    rule=self.rule_id,
                )
            else:
                self.names.threshold(term.times, "number", self.pack_id, self.rule_id, at)
            terms.append(term.model_copy(update={"fact": fact.id}))
        self.names.threshold(node.operand, "money", self.pack_id, self.rule_id, where)
        return node.model_copy(update={"sum": tuple(terms)})

    def fact(self, node: FactTest) -> Condition:
        where = self._where(node)
        fact = self.names.fact(node.fact, self.pack_id, self.rule_id, where)
        if fact is None:
            return node
        if node.absent is not None:
            self.problems.add(
                "absent_test",
                "不能在规则中判断某事实“未填写”：缺少的事实是“未知”，而不是“否”",
                where,
                fix="删除 absent；lexgate 会把未填写的事实列为待补充的事实",
                rule=self.rule_id,
            )
        self._fact_test(node, fact, where)
        return node.model_copy(update={"fact": fact.id})

    def _fact_test(self, node: FactTest, fact: FactDef | DerivedDef, where: Location) -> None:
        op = node.op
        ftype = fact.type if isinstance(fact, FactDef) else "bool"
        label = fact.label if isinstance(fact, FactDef) else (fact.label or fact.id)
        allowed_ops = _ALLOWED_OPS[ftype]
        if op == "absent":
            return
        if op not in allowed_ops:
            hint = "、".join(sorted(allowed_ops)) or "（日期事实不能直接比较）"
            self.problems.add(
                "type_mismatch",
                f"'{label}' 是 {ftype} 类型，不能用 {op} 判断",
                where,
                fix=f"可用的判断: {hint}",
                rule=self.rule_id,
            )
            return
        operand = node.operand
        if ftype in ("enum", "set"):
            assert isinstance(fact, FactDef)
            if op != "empty":
                self._values(operand if isinstance(operand, tuple) else (operand,), fact, label, where)
        elif ftype in ("money", "int"):
            if isinstance(operand, str | bool):
                self.problems.add(
                    "type_mismatch",
                    f"'{label}' 是{'金额' if ftype == 'money' else '整数'}，"
                    f"不能与文字或是/否 {operand!r} 比较",
                    where,
                    fix="写一个数字，或用 {param: …} 引用参数",
                    rule=self.rule_id,
                )
            else:
                self.names.threshold(operand, ftype, self.pack_id, self.rule_id, where)

    def _values(self, values: tuple[Any, ...], fact: FactDef, label: str, where: Location) -> None:
        for value in values:
            if not isinstance(value, str):
                self.problems.add(
                    "type_mismatch",
                    f"'{label}' 的取值是文字，不能与 {value!r} 比较",
                    where,
                    fix="可用的取值: " + "、".join(fact.values),
                    rule=self.rule_id,
                )
            elif value not in fact.values:
                self.problems.add(
                    "unknown_value",
                    f"'{value}' 不是 '{label}' 的取值",
                    where,
                    fix=suggest(value, fact.values, "取值") + "；可用的取值: " + "、".join(fact.values),
                    rule=self.rule_id,
                )
