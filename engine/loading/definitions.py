"""Stage ``resolve``, first half: what every pack defines — decisions, derived facts, parameters and
rules — each id once, each label once, and where each pack sits on the jurisdiction path.

A rule may use what its own pack and the packs above it (its ancestors on the jurisdiction path)
define: :meth:`Definitions.visible` says whether it can.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import Location, ProblemList
from ..model import DecisionDef, DerivedDef, ParameterDef, RuleDef
from ..scope import Pack
from ..vocabulary import Vocabulary
from .report import where_of


@dataclass
class Definitions:
    vocabulary: Vocabulary
    packs: dict[str, Pack]
    ancestry: dict[str, tuple[str, ...]]  # pack id -> pack ids from the root down to itself
    decisions: dict[str, tuple[DecisionDef, str]] = field(default_factory=dict)
    derived: dict[str, tuple[DerivedDef, str]] = field(default_factory=dict)
    params: dict[str, tuple[ParameterDef, str]] = field(default_factory=dict)
    rules: dict[str, tuple[RuleDef, str]] = field(default_factory=dict)
    # per jurisdiction path: its conclusion keys and dependency edges (``dependencies.dependency_graph``)
    graphs: dict[tuple[str, ...], Any] = field(default_factory=dict, repr=False, compare=False)

    def visible(self, pack_id: str, owner_pack: str) -> bool:
        """Whether what ``owner_pack`` defines can be used in ``pack_id`` (its own or an ancestor's)."""
        return owner_pack in self.ancestry.get(pack_id, ())

    def strict_ancestor(self, pack_id: str, owner_pack: str) -> bool:
        return owner_pack != pack_id and self.visible(pack_id, owner_pack)


def ancestry(packs: Mapping[str, Pack]) -> dict[str, tuple[str, ...]]:
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


def collect(vocabulary: Vocabulary, packs: dict[str, Pack], problems: ProblemList) -> Definitions:
    """Every definition of every pack, root first, so that a local pack's redefinition is the one
    reported as the duplicate."""
    found = Definitions(vocabulary, packs, ancestry(packs))
    collector = _Collector(found, problems)
    for pack in sorted(
        packs.values(), key=lambda p: (p.manifest.parent is not None, len(found.ancestry[p.id]), p.id)
    ):
        collector.pack(pack)
    return found


class _Collector:
    def __init__(self, found: Definitions, problems: ProblemList) -> None:
        self.found = found
        self.problems = problems
        self.decision_labels: dict[str, str] = {}
        self.derived_labels: dict[str, str] = {}

    def pack(self, pack: Pack) -> None:
        fallback = Location(pack.files[0])
        for dec in pack.decisions:
            self.decision(dec, pack.id, fallback)
        for der in pack.derived:
            self.derived(der, pack.id, fallback)
        found = self.found
        for param in pack.parameters:
            if param.id in found.params:
                self.duplicate(
                    "duplicate_parameter", "参数", param.id, param, found.params[param.id][0], fallback,
                    fix="下级规则包要改变上级参数的取值，请用 override: 声明覆盖",
                )  # fmt: skip
                continue
            found.params[param.id] = (param, pack.id)
        for rule in pack.rules:
            if rule.id in found.rules:
                self.duplicate(
                    "duplicate_rule", "规则", rule.id, rule, found.rules[rule.id][0], fallback,
                    fix="规则标识必须全局唯一；若要替换上级规则，请用 replaces: 声明",
                )  # fmt: skip
                continue
            found.rules[rule.id] = (rule, pack.id)

    def decision(self, dec: DecisionDef, pack_id: str, fallback: Location) -> None:
        found = self.found
        if dec.id in found.decisions:
            self.duplicate(
                "duplicate_decision", "决定", dec.id, dec, found.decisions[dec.id][0], fallback,
                fix="在下级规则包中用 amend: 修改上级决定的默认说明，而不要重新定义",
            )  # fmt: skip
            return
        if dec.label in self.decision_labels:
            self.problems.add(
                "duplicate_label",
                f"决定中文名称 '{dec.label}' 已被 {self.decision_labels[dec.label]} 使用",
                where_of(dec, fallback),
            )
        self.decision_labels[dec.label] = dec.id
        found.decisions[dec.id] = (dec, pack_id)

    def derived(self, der: DerivedDef, pack_id: str, fallback: Location) -> None:
        found = self.found
        where = where_of(der, fallback)
        if der.id in found.derived:
            self.duplicate(
                "duplicate_derived", "中间结论", der.id, der, found.derived[der.id][0], fallback,
                fix="中间结论只定义一次；下级规则包可以直接为它增加 derive 规则",
            )  # fmt: skip
            return
        input_fact = found.vocabulary.get(der.id)
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
            self.problems.add("missing_key", "中间结论必须有中文名称 label", where, fix="补上 label: …")
        elif input_fact is None and (found.vocabulary.get(label) is not None or label in self.derived_labels):
            self.problems.add("duplicate_label", f"中文名称 '{label}' 已被使用", where)
        if label:
            self.derived_labels[label] = der.id
        found.derived[der.id] = (der, pack_id)

    def duplicate(
        self, code: str, what: str, ident: str, node: Any, first: Any, fallback: Location, *, fix: str
    ) -> None:
        other = where_of(first, fallback)
        self.problems.add(
            code,
            f"{what}标识 '{ident}' 重复定义（先前定义于 {other}）",
            where_of(node, fallback),
            fix=fix,
            related=[other],
        )
