"""Conditions in durable-rules' terms: when each condition holds, fails or is unknown, as durable patterns.

Pure data, no durable-rules import (``durable_program.py`` assembles the program, ``durable.py`` runs
it). Polarity is pushed down to the leaves by Kleene's laws — ``T(all) = ∧T``, ``U(all) = ∧¬F ∧ ∨U``,
``T(not x) = F(x)`` … — where a leaf holds or fails only on a present fact (durable-rules never
matches a test on an absent field; where it would, inside arithmetic, presence is tested explicitly)
and is unknown on an absent one. This is the second statement of what each test means, beside
``engine/language/semantics.py``; tests check both against written-out truth tables.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from ..language.nodes import (
    AllOf,
    AnyOf,
    Condition,
    DecisionTest,
    ExceptionCondition,
    FactTest,
    NotOf,
    SumTest,
)
from ..language.semantics import decision_key, threshold
from ..language.visitor import ConditionVisitor, iter_conditions, visit
from ..plan import Plan
from .durable_formula import (
    ALWAYS,
    NEVER,
    UNKNOWN,
    Formula,
    Json,
    and_,
    case,
    needs,
    or_,
    over_limit,
    too_big,
    weight,
)

Mode = Literal["T", "F", "U", "NF", "NT"]  # holds, fails, unknown, not false (T or U), not true (F or U)
GROUP = 4  # children per junction when many small tests are grouped (see ``Translator.combine``)
MAX_CHILDREN = 8  # a junction with more children is grouped before it is translated (packs have up to 7)
MAX_SUM_TERMS = 6  # a sum with unknown terms is matched per pattern of present terms: 2**n patterns
SET_OPERATORS = frozenset({"contains", "contains_any", "contains_all", "only", "empty"})

_COMPARE = {"ge": "$gte", "gt": "$gt", "le": "$lte", "lt": "$lt"}
_NEGATED = {"$gte": "$lt", "$gt": "$lte", "$lte": "$gt", "$lt": "$gte"}
_PY_COMPARE: dict[str, Callable[[float, float], bool]] = {
    "$gte": lambda a, b: a >= b,
    "$gt": lambda a, b: a > b,
    "$lte": lambda a, b: a <= b,
    "$lt": lambda a, b: a < b,
}


def other_field(field: str) -> str:
    """The indicator of a set holding a value that no condition of the plan mentions."""
    return f"s{field[1:]}_o"


def mentioned_set_values(plan: Plan) -> dict[str, list[str]]:
    """Per set fact, the values the plan's conditions mention, in order of first mention."""
    mentioned: dict[str, list[str]] = {}
    for rule in plan.rules:
        for node in iter_conditions(rule.condition):
            if isinstance(node, FactTest) and node.op in SET_OPERATORS:
                values = mentioned.setdefault(node.fact, [])
                operand = node.operand
                named = () if node.op == "empty" else (operand,) if isinstance(operand, str) else operand
                for value in named:
                    if value not in values:
                        values.append(value)
    return mentioned


@dataclass(frozen=True)
class _Lifted:
    key: str
    holds: Formula
    unknown: Formula


class CaseFields:
    """Names of the case fact's fields: ``a0``, ``a1`` … per fact (no fact id can collide with
    durable-rules' reserved names or be read as a path), ``s3_0`` … per mentioned value of a set,
    ``p0`` … per product of a weighted sum's term."""

    def __init__(self, plan: Plan, mentioned: dict[str, list[str]] | None = None) -> None:
        self.fields: dict[str, str] = {}
        self.mentioned = mentioned_set_values(plan) if mentioned is None else mentioned
        self.set_members: dict[str, dict[str, str]] = {}
        self.products: dict[str, tuple[str, Any]] = {}  # field -> (fact id, coefficient)

    def field(self, fact_id: str) -> str:
        name = self.fields.get(fact_id)
        if name is None:
            name = f"a{len(self.fields)}"
            self.fields[fact_id] = name
            values = self.mentioned.get(fact_id)
            if values is not None:
                self.set_members[fact_id] = {v: f"s{name[1:]}_{i}" for i, v in enumerate(values)}
        return name

    def presence_field(self, fact_id: str) -> str:
        """A field that the case fact has exactly when the fact is given."""
        field = self.field(fact_id)
        return other_field(field) if fact_id in self.set_members else field

    def member(self, fact_id: str, value: str) -> str:
        self.field(fact_id)
        return self.set_members[fact_id][value]

    def scaled(self, fact_id: str, times: Any) -> str:
        """The field holding ``times × fact`` (the fact's own field when ``times`` is 1)."""
        field = self.field(fact_id)
        if times == 1:
            return field
        for name, (fact, factor) in self.products.items():
            if fact == fact_id and factor == times:
                return name
        name = f"p{len(self.products)}"
        self.products[name] = (fact_id, times)
        return name


@dataclass(frozen=True)
class Lifted:
    key: str
    holds: Formula
    unknown: Formula


class Translator:
    """Formulas (disjunctions of durable patterns) for the conditions of one plan, in each mode."""

    def __init__(self, plan: Plan, strict: bool = False, names: CaseFields | None = None) -> None:
        self.plan = plan
        self.strict = strict  # split every junction whose pattern could exceed durable-rules' limit
        self.names = CaseFields(plan) if names is None else names
        self.constant_false = {c.key for c in plan.conclusions if not c.rules and not c.also_input}
        # keyed by id(node): the plan keeps every node alive while it is translated
        self.memo: dict[tuple[int, str], Formula] = {}
        self.lifted: dict[int, Lifted] = {}  # node -> its auxiliary conclusion
        self.lifted_for: defaultdict[str, list[str]] = defaultdict(list)  # conclusion -> its auxiliaries
        self.aux_count = 0
        self.current = ""  # the conclusion whose rules are being translated
        self.made: list[Condition] = []  # junctions made by ``grouped``

    def formula(self, node: Condition, mode: Mode) -> Formula:
        """Where ``node`` is in ``mode`` (holds, fails, unknown …), as a disjunction of durable patterns."""
        memo = (id(node), mode)
        found = self.memo.get(memo)
        if found is None:
            found = visit(node, _InMode(self, mode))
            self.memo[memo] = found
        return found

    def combine(self, node: AllOf | AnyOf, mode: Mode) -> Formula:
        """A node's children combined by Kleene's laws; children lifted while the result is too big.

        Where no child is worth lifting on its own (many small tests), the children are grouped into
        junctions of the same kind — ``all(a…z) = all(all(a…m), all(n…z))`` — which are lifted.
        """
        conjunction = isinstance(node, AllOf)
        children = node.all if isinstance(node, AllOf) else node.any
        lifted: set[int] = set()
        while len(children) > MAX_CHILDREN:  # grouped first: Kleene's "unknown" of n parts has 2**n branches
            children = self.grouped(children, conjunction)
            lifted = set(range(len(children)))
        while True:

            def part(
                i: int, m: Mode, children: tuple[Condition, ...] = children, lifted: set[int] = lifted
            ) -> Formula:
                return self.lift(children[i], m) if i in lifted else self.formula(children[i], m)

            result = _kleene(conjunction, mode, part, len(children))
            if not too_big(result):
                return result
            candidates = [i for i in range(len(children)) if i not in lifted and self.liftable(children[i])]
            if candidates:
                lifted.add(max(candidates, key=lambda i: self.weight(children[i])))
            elif self.strict and over_limit(result) and len(children) > 1 and len(lifted) < len(children):
                # many small tests, more than durable-rules may take in one pattern: halves, lifted
                children = self.grouped(children, conjunction, -(-len(children) // 2))
                lifted = set(range(len(children)))
            else:
                return result  # durable-rules takes most such patterns; a refusal (113) retranslates strictly

    def grouped(
        self, children: tuple[Condition, ...], conjunction: bool, size: int = GROUP
    ) -> tuple[Condition, ...]:
        """``children`` as junctions of at most ``size`` each (kept alive: nodes are memoized by id)."""
        chunks = [children[i : i + size] for i in range(0, len(children), size)]
        groups: tuple[Condition, ...] = tuple(AllOf(all=c) if conjunction else AnyOf(any=c) for c in chunks)
        self.made.extend(groups)
        return groups

    def weight(self, node: Condition) -> int:
        return weight(self.formula(node, "T")) + weight(self.formula(node, "U"))

    def liftable(self, node: Condition) -> bool:
        """Worth durable rules of its own: more than a few small tests."""
        return self.weight(node) > 6

    def lift(self, node: Condition, mode: Mode) -> Formula:
        """``node`` as an auxiliary conclusion with durable rules of its own."""
        found = self.lifted.get(id(node))
        if found is None:
            key = self.aux_key(self.aux_count)  # numbered before its own parts are lifted
            self.aux_count += 1
            found = Lifted(key, self.formula(node, "T"), self.formula(node, "U"))
            self.lifted[id(node)] = found  # registered after its parts: the settle order
            self.lifted_for[self.current].append(found.key)
        return _literal(found.key, True, mode)

    def aux_key(self, number: int) -> str:
        return f"aux:{number}"

    def concluded(self, key: str) -> bool:
        """Whether ``key`` is a conclusion of the plan (what else the translation reads of the plan:
        :meth:`always_false`, :meth:`threshold`, and the set values ``names`` were made with)."""
        return key in self.plan.by_key

    def always_false(self, key: str) -> bool:
        return key in self.constant_false

    def conclusion(self, key: str, want: bool, mode: Mode) -> Formula:
        """A test that conclusion ``key`` has the value ``want``."""
        if not self.concluded(key):  # a decision this jurisdiction does not have: always unknown
            return {"T": NEVER, "F": NEVER, "U": ALWAYS, "NF": ALWAYS, "NT": ALWAYS}[mode]
        if self.always_false(key):  # no rules in force: false
            holds = ALWAYS if not want else NEVER
            fails = NEVER if not want else ALWAYS
            return {"T": holds, "F": fails, "U": NEVER, "NF": holds, "NT": fails}[mode]
        return _literal(key, want, mode)

    def threshold(self, value: Any) -> Any:
        return threshold(value, self.plan.params)[0]


class _InMode(ConditionVisitor[Formula]):
    """One node's formula in one mode."""

    def __init__(self, translator: Translator, mode: Mode) -> None:
        self.tr = translator
        self.mode = mode

    def all_of(self, node: AllOf) -> Formula:
        return self.tr.combine(node, self.mode)

    def any_of(self, node: AnyOf) -> Formula:
        return self.tr.combine(node, self.mode)

    def not_of(self, node: NotOf) -> Formula:
        return self.tr.formula(node.not_, _NOT[self.mode])

    def exception(self, node: ExceptionCondition) -> Formula:
        return self.tr.formula(node.when, self.mode)

    def decision(self, node: DecisionTest) -> Formula:
        return self.tr.conclusion(decision_key(node.decision), node.is_, self.mode)

    def sum_test(self, node: SumTest) -> Formula:
        return _sum_formula(self.tr, node, self.mode)

    def fact(self, node: FactTest) -> Formula:
        tr, mode, names = self.tr, self.mode, self.tr.names
        if node.absent is not None:  # decided for every case: the fact is given or not
            field = names.presence_field(node.fact)
            holds = case({"$nex": {field: 1}} if node.absent else {"$ex": {field: 1}})
            fails = case({"$ex": {field: 1}} if node.absent else {"$nex": {field: 1}})
            return {"T": holds, "F": fails, "U": NEVER, "NF": holds, "NT": fails}[mode]
        if tr.concluded(node.fact):  # a derived fact: join with its conclusion
            return tr.conclusion(node.fact, bool(node.operand), mode)
        if mode in ("NF", "NT"):
            return or_(tr.formula(node, "T" if mode == "NF" else "F"), tr.formula(node, "U"))
        if mode == "U":
            return case({"$nex": {names.presence_field(node.fact): 1}})
        if node.op in SET_OPERATORS:
            return _set_formula(names, node, mode == "T")
        return _fact_formula(tr, node, mode == "T")


def _fact_formula(tr: Translator, node: FactTest, holds: bool) -> Formula:
    op, operand, fact = node.op, node.operand, node.fact
    field = tr.names.field(fact)
    if op == "is":
        return case({field: bool(operand) is holds})
    if op in ("eq", "ne"):
        equal = (op == "eq") is holds
        return case({field: operand} if equal else {"$neq": {field: operand}})
    if op in _COMPARE:
        test = _COMPARE[op] if holds else _NEGATED[_COMPARE[op]]
        return case({test: {field: tr.threshold(operand)}})
    if op in ("in", "not_in"):
        values = list(operand)
        if (op == "in") is holds:
            return or_(*(case({field: v}) for v in values))
        if not values:
            return case({"$ex": {field: 1}})
        return case(*({"$neq": {field: v}} for v in values))
    raise ValueError(f"durable 执行器不支持运算 {op}（事实 {fact}）")


def _set_formula(names: CaseFields, node: FactTest, holds: bool) -> Formula:
    op, operand, fact = node.op, node.operand, node.fact

    def has(value: str, want: bool = True) -> Formula:
        return case({names.member(fact, value): want})

    if op == "contains":
        return has(operand, holds)
    values = tuple(dict.fromkeys(operand)) if isinstance(operand, tuple) else ()  # each value tested once
    if op == "contains_any":
        return or_(*(has(v) for v in values)) if holds else and_(*(has(v, False) for v in values))
    if op == "contains_all":
        return and_(*(has(v) for v in values)) if holds else or_(*(has(v, False) for v in values))
    # only / empty: whether the set holds any value outside the allowed ones
    if op == "empty" and not operand:
        holds = not holds  # "empty: false" is "non-empty"
    names.field(fact)
    inside = frozenset(operand) if op == "only" else frozenset()
    outside = [v for v in names.set_members[fact] if v not in inside]
    other = names.presence_field(fact)
    if holds:  # nothing outside: those indicators and "any other value" all false
        return and_(*(has(v, False) for v in outside), case({other: False}))
    return or_(*(has(v) for v in outside), case({other: True}))


def _sum_formula(tr: Translator, node: SumTest, mode: Mode) -> Formula:
    """Mirror ``semantics.sum_outcome`` for each pattern of present terms: with all terms known
    the total decides; with amounts never negative the known part is a lower bound, which settles
    ``ge``/``gt`` as true and ``le``/``lt`` as false when it exceeds the limit, and leaves the
    result unknown otherwise."""
    if mode in ("NF", "NT"):
        return or_(_sum_formula(tr, node, "T" if mode == "NF" else "F"), _sum_formula(tr, node, "U"))
    limit = tr.threshold(node.operand)
    terms = [(t.fact, tr.threshold(t.times)) for t in node.sum]
    if len(terms) > MAX_SUM_TERMS:
        raise ValueError(f"durable 执行器的 sum 条件最多 {MAX_SUM_TERMS} 项")
    op = _COMPARE[node.op]
    exceeds = op if op in ("$gte", "$gt") else _NEGATED[op]  # "the total exceeds" for this test
    exceeds_means: Mode = "T" if op in ("$gte", "$gt") else "F"
    nonnegative = all(k >= 0 for _, k in terms)
    n = len(terms)
    alternatives: list[Formula] = []
    for size in range(n + 1):
        for present in itertools.combinations(range(n), size):
            if size == n:  # every term known: the total decides
                test: str | None = {"T": op, "F": _NEGATED[op]}.get(mode)
            elif not nonnegative:
                test = None if mode != "U" else "always"
            elif mode == exceeds_means:
                test = exceeds
            elif mode == "U":
                test = _NEGATED[exceeds]
            else:
                test = None
            if test is None:
                continue
            # durable-rules reads a missing field inside arithmetic as a value: presence is explicit
            parts: list[Json] = [
                {("$ex" if i in present else "$nex"): {tr.names.field(terms[i][0]): 1}} for i in range(n)
            ]
            if test != "always":
                comparison = _sum_test(test, [tr.names.scaled(*terms[i]) for i in present], limit)
                if comparison is False:
                    continue
                if comparison is not True:
                    parts.append(comparison)
            alternatives.append(case(*parts))
    return or_(*alternatives)


def _sum_test(test: str, fields: list[str], limit: Any) -> Json | bool:
    """``Σ fields  test  limit``, written as ``first  test  limit − others``."""
    if not fields:
        return bool(_PY_COMPARE[test](0, limit))
    right: Any = limit
    for field in fields[1:]:
        right = {"$sub": {"$l": right, "$r": {"$m": field}}}
    return {test: {fields[0]: right}}


_NOT: dict[str, Mode] = {"T": "F", "F": "T", "U": "U", "NF": "NT", "NT": "NF"}


def _kleene(conjunction: bool, mode: Mode, part: Callable[[int, Mode], Formula], n: int) -> Formula:
    """Kleene's laws for ``all`` (``conjunction``) or ``any`` of n parts."""
    every = range(n)
    if not conjunction:  # any(x…) = not all(not x…)
        return (
            _kleene(True, _NOT[mode], lambda i, m: part(i, _NOT[m]), n)
            if mode != "U"
            else and_(*(part(i, "NT") for i in every), or_(*(part(i, "U") for i in every)))
        )
    if mode == "T":
        return and_(*(part(i, "T") for i in every))
    if mode == "F":
        return or_(*(part(i, "F") for i in every))
    if mode == "NF":
        return and_(*(part(i, "NF") for i in every))
    if mode == "NT":
        return or_(*(part(i, "NT") for i in every))
    return and_(*(part(i, "NF") for i in every), or_(*(part(i, "U") for i in every)))


def _literal(key: str, want: bool, mode: Mode) -> Formula:
    """The settled conclusion ``key`` is (T), is not (F), or is not known to be (U) ``want``."""
    if mode == "T":
        return needs(key, want)
    if mode == "F":
        return needs(key, not want)
    if mode == "U":
        return needs(key, UNKNOWN)
    return or_(needs(key, want if mode == "NF" else not want), needs(key, UNKNOWN))
