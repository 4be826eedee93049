"""Resolving and type-checking the references between packs (the loader's resolve/check stages).

A rule may use what its own pack and the packs above it (its ancestors on the jurisdiction path)
define. Fact names may be written as id or Chinese label and are normalised to ids here, so that
executors and explanations only ever see ids.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import Location, ProblemList, did_you_mean
from .model import (
    AllOf,
    AnyOf,
    Condition,
    DecisionDef,
    DecisionTest,
    DerivedDef,
    DetailValue,
    ExceptionCondition,
    FactDef,
    FactRef,
    FactTest,
    NotOf,
    ParameterDef,
    ParamRef,
    RuleDef,
    SumTest,
    WorkdaysAfter,
)
from .ruleset import (
    DecisionView,
    DerivedView,
    Pack,
    ParamLayer,
    Scope,
    conclusion_of,
    decision_key,
    referenced_conclusions,
    warning_key,
)
from .vocabulary import Vocabulary

ROOT_JURISDICTION = "全国"


@dataclass
class Resolved:
    vocabulary: Vocabulary
    packs: dict[str, Pack]
    ancestry: dict[str, tuple[str, ...]]  # pack id -> pack ids from the root down to itself
    decisions: dict[str, tuple[DecisionDef, str]]
    derived: dict[str, tuple[DerivedDef, str]]
    params: dict[str, tuple[ParameterDef, str]]
    rules: dict[str, tuple[RuleDef, str]]


def _where(node: Any, fallback: Location) -> Location:
    at = getattr(node, "at", None)
    return at if isinstance(at, Location) else fallback


# --------------------------------------------------------------------------- jurisdiction tree


def check_jurisdiction_tree(packs: Mapping[str, Pack], problems: ProblemList) -> None:
    by_jurisdiction: dict[str, Pack] = {}
    for pack in packs.values():
        where = _where(pack.manifest, Location(pack.files[0]))
        if pack.jurisdiction in by_jurisdiction:
            problems.add(
                "duplicate_jurisdiction",
                f"管辖地 '{pack.jurisdiction}' 已由规则包 {by_jurisdiction[pack.jurisdiction].id} 使用",
                where,
                fix="一个管辖地只对应一个规则包；把规则合并到同一个包中",
            )
            continue
        by_jurisdiction[pack.jurisdiction] = pack
    roots = [p for p in packs.values() if p.manifest.parent is None]
    if packs and len(roots) != 1:
        for pack in roots or list(packs.values())[:1]:
            problems.add(
                "jurisdiction_root",
                f"必须恰好有一个没有上级的根规则包（{ROOT_JURISDICTION}），现有 {len(roots)} 个",
                _where(pack.manifest, Location(pack.files[0])),
                fix="除全国规则包外，每个规则包都写明 parent（上级管辖地）",
            )
    for pack in packs.values():
        parent = pack.manifest.parent
        if parent is not None and parent not in by_jurisdiction:
            problems.add(
                "unknown_parent",
                f"上级管辖地 '{parent}' 没有对应的规则包",
                _where(pack.manifest, Location(pack.files[0])),
                fix=_suggest(parent, [j for j in by_jurisdiction if j != pack.jurisdiction], "管辖地"),
            )
    # cycles in parent links
    for pack in packs.values():
        seen: list[str] = []
        current: Pack | None = pack
        while current is not None and current.manifest.parent is not None:
            if current.jurisdiction in seen:
                problems.add(
                    "jurisdiction_cycle",
                    "上级管辖地形成循环: " + " → ".join([*seen, current.jurisdiction]),
                    _where(pack.manifest, Location(pack.files[0])),
                )
                break
            seen.append(current.jurisdiction)
            current = by_jurisdiction.get(current.manifest.parent)


def _ancestry(packs: Mapping[str, Pack]) -> dict[str, tuple[str, ...]]:
    by_jurisdiction = {p.jurisdiction: p for p in packs.values()}
    result: dict[str, tuple[str, ...]] = {}
    for pack in packs.values():
        chain: list[str] = []
        current: Pack | None = pack
        while current is not None and current.id not in chain:
            chain.append(current.id)
            parent = current.manifest.parent
            current = by_jurisdiction.get(parent) if parent else None
        result[pack.id] = tuple(reversed(chain))
    return result


def _suggest(word: str, pool: Iterable[str], what: str) -> str:
    hint = did_you_mean(word, pool)
    return f"您是否想写 '{hint}'？" if hint else f"检查{what}的拼写"


# --------------------------------------------------------------------------- resolution


class _Resolver:
    def __init__(self, vocabulary: Vocabulary, packs: dict[str, Pack], problems: ProblemList):
        self.vocab = vocabulary
        self.packs = packs
        self.problems = problems
        self.ancestry = _ancestry(packs)
        self.decisions: dict[str, tuple[DecisionDef, str]] = {}
        self.derived: dict[str, tuple[DerivedDef, str]] = {}
        self.params: dict[str, tuple[ParameterDef, str]] = {}
        self.rules: dict[str, tuple[RuleDef, str]] = {}

    # ---- definitions

    def collect(self) -> None:
        decision_labels: dict[str, str] = {}
        derived_labels: dict[str, str] = {}
        # root first, so that a local pack's redefinition is the one reported as the duplicate
        ordered = sorted(
            self.packs.values(),
            key=lambda p: (p.manifest.parent is not None, len(self.ancestry[p.id]), p.id),
        )
        for pack in ordered:
            fallback = Location(pack.files[0])
            for dec in pack.decisions:
                if dec.id in self.decisions:
                    self._duplicate(
                        "duplicate_decision",
                        "决定",
                        dec.id,
                        dec,
                        self.decisions[dec.id][0],
                        fallback,
                        fix="在下级规则包中用 amend: 修改上级决定的默认说明，而不要重新定义",
                    )
                    continue
                if dec.label in decision_labels:
                    self.problems.add(
                        "duplicate_label",
                        f"决定中文名称 '{dec.label}' 已被 {decision_labels[dec.label]} 使用",
                        _where(dec, fallback),
                    )
                decision_labels[dec.label] = dec.id
                self.decisions[dec.id] = (dec, pack.id)
            for der in pack.derived:
                where = _where(der, fallback)
                if der.id in self.derived:
                    self._duplicate(
                        "duplicate_derived",
                        "中间结论",
                        der.id,
                        der,
                        self.derived[der.id][0],
                        fallback,
                        fix="中间结论只定义一次；下级规则包可以直接为它增加 derive 规则",
                    )
                    continue
                input_fact = self.vocab.get(der.id)
                if input_fact is not None and not der.also_input:
                    self.problems.add(
                        "derived_shadows_fact",
                        f"中间结论 '{der.id}' 与输入事实同名，会悄悄取代办案人员填写的值",
                        where,
                        fix="换一个标识；若确实允许办案人员直接填写、未填时再推定，写 also_input: true",
                    )
                elif der.also_input and (input_fact is None or input_fact.type != "bool"):
                    self.problems.add(
                        "also_input_without_fact",
                        f"also_input 要求词表中有同名的是/否类事实 '{der.id}'",
                        where,
                        fix="在 facts.yaml 中定义该事实（type: bool），或去掉 also_input",
                    )
                label = input_fact.label if input_fact is not None else der.label
                if not label:
                    self.problems.add(
                        "missing_key", "中间结论必须有中文名称 label", where, fix="补上 label: …"
                    )
                elif input_fact is None and (self.vocab.get(label) is not None or label in derived_labels):
                    self.problems.add("duplicate_label", f"中文名称 '{label}' 已被使用", where)
                if label:
                    derived_labels[label] = der.id
                self.derived[der.id] = (der, pack.id)
            for param in pack.parameters:
                if param.id in self.params:
                    self._duplicate(
                        "duplicate_parameter",
                        "参数",
                        param.id,
                        param,
                        self.params[param.id][0],
                        fallback,
                        fix="下级规则包要改变上级参数的取值，请用 override: 声明覆盖",
                    )
                    continue
                self.params[param.id] = (param, pack.id)
            for rule in pack.rules:
                if rule.id in self.rules:
                    self._duplicate(
                        "duplicate_rule",
                        "规则",
                        rule.id,
                        rule,
                        self.rules[rule.id][0],
                        fallback,
                        fix="规则标识必须全局唯一；若要替换上级规则，请用 replaces: 声明",
                    )
                    continue
                self.rules[rule.id] = (rule, pack.id)

    def _duplicate(
        self, code: str, what: str, ident: str, node: Any, first: Any, fallback: Location, *, fix: str
    ) -> None:
        other = _where(first, fallback)
        self.problems.add(
            code,
            f"{what}标识 '{ident}' 重复定义（先前定义于 {other}）",
            _where(node, fallback),
            fix=fix,
            related=[other],
        )

    def visible(self, pack_id: str, owner_pack: str) -> bool:
        return owner_pack in self.ancestry.get(pack_id, ())

    def strict_ancestor(self, pack_id: str, owner_pack: str) -> bool:
        return owner_pack != pack_id and self.visible(pack_id, owner_pack)

    # ---- rules

    def resolve_pack(self, pack: Pack) -> Pack:
        fallback = Location(pack.files[0])
        for amend in pack.amendments:
            target = self.decisions.get(amend.amend)
            if target is None or not self.strict_ancestor(pack.id, target[1]):
                self.problems.add(
                    "unknown_decision",
                    f"amend 的目标决定 '{amend.amend}' 不是上级规则包定义的决定",
                    _where(amend, fallback),
                    fix=_suggest(amend.amend, self.decisions, "决定标识"),
                )
            self._check_detail(amend.detail, pack.id, None, amend, fallback)
        for override in pack.overrides:
            target_param = self.params.get(override.override)
            if target_param is None or not self.strict_ancestor(pack.id, target_param[1]):
                self.problems.add(
                    "unknown_parameter",
                    f"override 的目标参数 '{override.override}' 不是上级规则包定义的参数",
                    _where(override, fallback),
                    fix=_suggest(override.override, self.params, "参数标识"),
                )
        for dec in pack.decisions:
            self._check_detail(dec.detail, pack.id, None, dec, fallback)
        rules = tuple(self._resolve_rule(rule, pack, fallback) for rule in pack.rules)
        for rule in rules:
            self.rules[rule.id] = (rule, pack.id)
        return dataclasses.replace(pack, rules=rules)

    def _resolve_rule(self, rule: RuleDef, pack: Pack, fallback: Location) -> RuleDef:
        where = _where(rule, fallback)
        if rule.decision is not None:
            target = self.decisions.get(rule.decision)
            if target is None or not self.visible(pack.id, target[1]):
                self.problems.add(
                    "unknown_decision",
                    f"规则所属的决定 '{rule.decision}' 未定义（或不是本包及上级包的决定）",
                    where,
                    fix=_suggest(rule.decision, self.decisions, "决定标识"),
                    rule=rule.id,
                )
        if rule.derive is not None:
            target_d = self.derived.get(rule.derive)
            if target_d is None or not self.visible(pack.id, target_d[1]):
                self.problems.add(
                    "unknown_derived",
                    f"规则推定的中间结论 '{rule.derive}' 未在 derived: 中定义",
                    where,
                    fix=_suggest(rule.derive, self.derived, "中间结论标识"),
                    rule=rule.id,
                )
        for target_id in rule.exception_to or ():
            target_r = self.rules.get(target_id)
            if target_r is not None and not self.visible(pack.id, target_r[1]):
                self.problems.add(
                    "not_an_ancestor",
                    f"exception_to 指向的规则 '{target_id}' 属于规则包 {target_r[1]}，不在本包及上级包中",
                    where,
                    fix="例外只能针对本包及上级规则包中的规则",
                    rule=rule.id,
                )
            elif target_r is None:
                self.problems.add(
                    "unknown_rule",
                    f"exception_to 指向的规则 '{target_id}' 不存在",
                    where,
                    fix=_suggest(target_id, self.rules, "规则标识"),
                    rule=rule.id,
                )
            elif target_r[0].kind == "exception":
                self.problems.add(
                    "exception_of_exception",
                    f"'{target_id}' 本身是例外规则，不能再为它设例外",
                    where,
                    rule=rule.id,
                )
        if rule.replaces is not None:
            replaced = self.rules.get(rule.replaces)
            if replaced is not None and not self.strict_ancestor(pack.id, replaced[1]):
                self.problems.add(
                    "not_an_ancestor",
                    f"replaces 指向的规则 '{rule.replaces}' 属于规则包 {replaced[1]}，不是本包的上级规则包",
                    where,
                    fix="只能替换上级（全国、省）规则包中的规则；要改变下级规则，请在下级规则包中修改",
                    rule=rule.id,
                )
            elif replaced is None:
                self.problems.add(
                    "unknown_rule",
                    f"replaces 指向的规则 '{rule.replaces}' 不存在",
                    where,
                    fix=_suggest(rule.replaces, self.rules, "规则标识"),
                    rule=rule.id,
                )
            elif (
                replaced[0].kind in ("exception", "warning")
                or rule.kind != replaced[0].kind
                or (conclusion_of(replaced[0]) != conclusion_of(rule))
            ):
                self.problems.add(
                    "replace_mismatch",
                    f"替换规则必须与被替换的规则 '{rule.replaces}' 得出同一个结论",
                    where,
                    rule=rule.id,
                )
        when = self._condition(rule.when, pack.id, rule.id, fallback)
        self._check_detail(rule.detail, pack.id, rule.id, rule, fallback)
        return rule.model_copy(update={"when": when})

    # ---- conditions

    def _condition(self, node: Condition, pack_id: str, rule_id: str, fallback: Location) -> Condition:
        where = _where(node, fallback)
        if isinstance(node, AllOf):
            return node.model_copy(
                update={"all": tuple(self._condition(c, pack_id, rule_id, where) for c in node.all)}
            )
        if isinstance(node, AnyOf):
            return node.model_copy(
                update={"any": tuple(self._condition(c, pack_id, rule_id, where) for c in node.any)}
            )
        if isinstance(node, NotOf):
            return node.model_copy(update={"not_": self._condition(node.not_, pack_id, rule_id, where)})
        if isinstance(node, ExceptionCondition):  # never written by authors; kept for completeness
            return node
        if isinstance(node, DecisionTest):
            target = self.decisions.get(node.decision)
            if target is None or not self.visible(pack_id, target[1]):
                self.problems.add(
                    "unknown_decision",
                    f"条件引用的决定 '{node.decision}' 未定义（或不是本包及上级包的决定）",
                    where,
                    fix=_suggest(node.decision, self.decisions, "决定标识"),
                    rule=rule_id,
                )
            return node
        if isinstance(node, SumTest):
            terms = []
            for term in node.sum:
                fact = self._fact(term.fact, pack_id, rule_id, _where(term, where))
                if fact is not None:
                    if not isinstance(fact, FactDef) or fact.type not in ("money", "int"):
                        self.problems.add(
                            "type_mismatch",
                            f"sum 只能对金额或整数事实求和，'{term.fact}' 不是",
                            _where(term, where),
                            rule=rule_id,
                        )
                    else:
                        self._threshold(term.times, "number", pack_id, rule_id, _where(term, where))
                    terms.append(term.model_copy(update={"fact": fact.id}))
                else:
                    terms.append(term)
            self._threshold(node.operand, "money", pack_id, rule_id, where)
            return node.model_copy(update={"sum": tuple(terms)})
        assert isinstance(node, FactTest)
        fact = self._fact(node.fact, pack_id, rule_id, where)
        if fact is None:
            return node
        if node.absent is not None:
            self.problems.add(
                "absent_test",
                "不能在规则中判断某事实“未填写”：缺少的事实是“未知”，而不是“否”",
                where,
                fix="删除 absent；lexgate 会把未填写的事实列为待补充的事实",
                rule=rule_id,
            )
        self._check_fact_test(node, fact, pack_id, rule_id, where)
        return node.model_copy(update={"fact": fact.id})

    def _fact(
        self, name: str, pack_id: str, rule_id: str | None, where: Location
    ) -> FactDef | DerivedDef | None:
        derived = self._derived_by_name(name, pack_id)
        if derived is not None:
            return derived
        fact = self.vocab.get(name)
        if fact is not None:
            return fact
        pool = list(self.vocab.names()) + [
            d.id for d, owner in self.derived.values() if self.visible(pack_id, owner)
        ]
        self.problems.add(
            "unknown_fact",
            f"未定义的事实 '{name}'",
            where,
            fix=_suggest(name, pool, "事实名称"),
            rule=rule_id,
        )
        return None

    def _derived_by_name(self, name: str, pack_id: str) -> DerivedDef | None:
        for der, owner in self.derived.values():
            if not self.visible(pack_id, owner):
                continue
            fact = self.vocab.get(der.id)
            label = der.label or (fact.label if fact is not None else None)
            if name in (der.id, label):
                return der
        return None

    def _check_fact_test(
        self, node: FactTest, fact: FactDef | DerivedDef, pack_id: str, rule_id: str, where: Location
    ) -> None:
        op = node.op
        ftype = fact.type if isinstance(fact, FactDef) else "bool"
        label = fact.label if isinstance(fact, FactDef) else (fact.label or fact.id)
        allowed_ops = {
            "bool": {"is"},
            "enum": {"eq", "ne", "in", "not_in"},
            "set": {"contains", "contains_any", "contains_all", "only", "empty"},
            "money": {"ge", "gt", "le", "lt", "eq", "ne"},
            "int": {"ge", "gt", "le", "lt", "eq", "ne"},
            "date": set(),
        }[ftype]
        if op == "absent":
            return
        if op not in allowed_ops:
            hint = "、".join(sorted(allowed_ops)) or "（日期事实不能直接比较）"
            self.problems.add(
                "type_mismatch",
                f"'{label}' 是 {ftype} 类型，不能用 {op} 判断",
                where,
                fix=f"可用的判断: {hint}",
                rule=rule_id,
            )
            return
        operand = node.operand
        if ftype in ("enum", "set"):
            assert isinstance(fact, FactDef)
            values = operand if isinstance(operand, tuple) else (operand,)
            if op == "empty":
                return
            for value in values:
                if not isinstance(value, str):
                    self.problems.add(
                        "type_mismatch",
                        f"'{label}' 的取值是文字，不能与 {value!r} 比较",
                        where,
                        fix="可用的取值: " + "、".join(fact.values),
                        rule=rule_id,
                    )
                elif value not in fact.values:
                    self.problems.add(
                        "unknown_value",
                        f"'{value}' 不是 '{label}' 的取值",
                        where,
                        fix=_suggest(value, fact.values, "取值") + "；可用的取值: " + "、".join(fact.values),
                        rule=rule_id,
                    )
        elif ftype in ("money", "int"):
            if isinstance(operand, str | bool):
                self.problems.add(
                    "type_mismatch",
                    f"'{label}' 是{'金额' if ftype == 'money' else '整数'}，"
                    f"不能与文字或是/否 {operand!r} 比较",
                    where,
                    fix="写一个数字，或用 {param: …} 引用参数",
                    rule=rule_id,
                )
            else:
                self._threshold(operand, ftype, pack_id, rule_id, where)

    def _threshold(self, value: Any, ftype: str, pack_id: str, rule_id: str | None, where: Location) -> None:
        if not isinstance(value, ParamRef):
            return
        target = self.params.get(value.param)
        at = _where(value, where)
        if target is None or not self.visible(pack_id, target[1]):
            self.problems.add(
                "unknown_parameter",
                f"未定义的参数 '{value.param}'（或不是本包及上级包的参数）",
                at,
                fix=_suggest(value.param, self.params, "参数标识"),
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

    def _check_detail(
        self,
        detail: Mapping[str, DetailValue],
        pack_id: str,
        rule_id: str | None,
        owner: Any,
        fallback: Location,
    ) -> None:
        where = _where(owner, fallback)
        for value in detail.values():
            if isinstance(value, ParamRef):
                self._threshold(value, "number", pack_id, rule_id, where)
            elif isinstance(value, FactRef):
                self._fact(value.fact, pack_id, rule_id, _where(value, where))
            elif isinstance(value, WorkdaysAfter):
                fact = self._fact(value.workdays_after, pack_id, rule_id, _where(value, where))
                if fact is not None and (not isinstance(fact, FactDef) or fact.type != "date"):
                    self.problems.add(
                        "type_mismatch",
                        f"workdays_after 需要日期类事实，'{value.workdays_after}' 不是",
                        _where(value, where),
                        rule=rule_id,
                    )
                self._threshold(value.days, "int", pack_id, rule_id, _where(value, where))


def resolve(vocabulary: Vocabulary, packs: dict[str, Pack], problems: ProblemList) -> Resolved:
    resolver = _Resolver(vocabulary, packs, problems)
    resolver.collect()
    resolved_packs = {pid: resolver.resolve_pack(pack) for pid, pack in packs.items()}
    return Resolved(
        vocabulary,
        resolved_packs,
        resolver.ancestry,
        resolver.decisions,
        resolver.derived,
        resolver.params,
        resolver.rules,
    )


# --------------------------------------------------------------------------- scopes and cycles


def _scope_rules(resolved: Resolved, path: tuple[str, ...]) -> list[tuple[RuleDef, str]]:
    on_path = [(rule, pid) for pid in path for rule in resolved.packs[pid].rules]
    replaced = {rule.replaces for rule, _ in on_path if rule.replaces}
    return [(rule, pid) for rule, pid in on_path if rule.id not in replaced]


def _dependency_graph(
    resolved: Resolved, path: tuple[str, ...]
) -> tuple[list[str], dict[str, list[tuple[str, RuleDef]]]]:
    """Conclusion keys in declaration order, and for each the conclusions its rules depend on."""
    derived_ids = {d for d, (_, owner) in resolved.derived.items() if owner in path}
    keys: list[str] = []
    for pid in path:
        pack = resolved.packs[pid]
        keys += [decision_key(d.id) for d in pack.decisions]
        keys += [d.id for d in pack.derived]
    rules = _scope_rules(resolved, path)
    keys += [warning_key(r.id) for r, _ in rules if r.kind == "warning"]
    edges: dict[str, list[tuple[str, RuleDef]]] = {k: [] for k in keys}
    for rule, _ in rules:
        if rule.kind == "exception":
            targets = [resolved.rules[t][0] for t in rule.exception_to or () if t in resolved.rules]
            owners = [conclusion_of(t) for t in targets if t.kind != "exception"]
        else:
            owners = [conclusion_of(rule)]
        for owner in owners:
            for dep in referenced_conclusions(rule.when, dict.fromkeys(derived_ids)):
                edges.setdefault(owner, []).append((dep, rule))
    return keys, edges


def _find_cycles(
    keys: list[str], edges: Mapping[str, list[tuple[str, RuleDef]]]
) -> list[tuple[list[str], RuleDef]]:
    """Each cycle of the dependency graph, with a rule that closes it (depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []
    cycles: list[tuple[list[str], RuleDef]] = []

    def visit(key: str) -> None:
        state[key] = 1
        stack.append(key)
        for dep, rule in edges.get(key, ()):
            if state.get(dep) == 1:
                cycles.append(([*stack[stack.index(dep) :], dep], rule))
            elif state.get(dep) is None:
                visit(dep)
        stack.pop()
        state[key] = 2

    for key in keys:
        if state.get(key) is None:
            visit(key)
    return cycles


def check_cycles(resolved: Resolved, problems: ProblemList) -> None:
    reported: set[frozenset[str]] = set()
    for path in resolved.ancestry.values():
        for cycle, rule in _find_cycles(*_dependency_graph(resolved, path)):
            if frozenset(cycle) in reported:
                continue
            reported.add(frozenset(cycle))
            problems.add(
                "cycle",
                "结论之间循环依赖: " + " → ".join(k.removeprefix("decision:") for k in cycle),
                _where(rule, Location("?")),
                fix="中间结论和决定不能直接或间接依赖自身；拆开循环中的某条规则",
                rule=rule.id,
            )


def _topological(keys: list[str], edges: Mapping[str, list[tuple[str, RuleDef]]]) -> tuple[str, ...]:
    order: list[str] = []
    done: set[str] = set()

    def place(key: str, trail: frozenset[str]) -> None:
        if key in done or key in trail:
            return
        for dep, _ in edges.get(key, ()):
            place(dep, trail | {key})
        done.add(key)
        order.append(key)

    for key in keys:
        place(key, frozenset())
    return tuple(order)


def build_scopes(resolved: Resolved) -> dict[str, Scope]:
    scopes: dict[str, Scope] = {}
    vocab = resolved.vocabulary
    ordered = sorted(resolved.packs.values(), key=lambda p: len(resolved.ancestry[p.id]))
    for pack in ordered:
        path = resolved.ancestry[pack.id]
        packs = tuple(resolved.packs[p] for p in path)
        decisions: list[DecisionView] = []
        amendments = [a for p in packs for a in p.amendments]
        for p in packs:
            for dec in p.decisions:
                mine = tuple(a for a in amendments if a.amend == dec.id)
                detail = dict(dec.detail)
                for amend in mine:
                    detail.update(amend.detail)
                decisions.append(DecisionView(dec, p.id, detail, mine))
        derived: dict[str, DerivedView] = {}
        for p in packs:
            for der in p.derived:
                fact = vocab.get(der.id) if der.also_input else None
                label = fact.label if fact is not None else (der.label or der.id)
                derived[der.id] = DerivedView(der, p.id, label, der.also_input)
        param_defs = {pid: d for pid, (d, owner) in resolved.params.items() if owner in path}
        layers: dict[str, list[ParamLayer]] = {}
        for p in reversed(packs):  # most local first
            for override in p.overrides:
                layers.setdefault(override.override, []).append(
                    ParamLayer(p.id, override.source, override.verification, override.values)
                )
            for definition in p.parameters:
                layers.setdefault(definition.id, []).append(
                    ParamLayer(p.id, definition.source, definition.verification, definition.values)
                )
        keys, edges = _dependency_graph(resolved, path)
        scopes[pack.jurisdiction] = Scope(
            jurisdiction=pack.jurisdiction,
            path=packs,
            decisions=tuple(decisions),
            derived=derived,
            parameters={k: tuple(v) for k, v in layers.items() if k in param_defs},
            parameter_defs=param_defs,
            rules=tuple(_scope_rules(resolved, path)),
            dependency_order=_topological(keys, edges),
        )
    return scopes
