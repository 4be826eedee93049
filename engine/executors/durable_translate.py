"""A plan translated into durable-rules terms: ruleset JSON, the meaning of each durable rule, fact encoding.

Pure data, no durable-rules import: the adapter (``durable.py``) owns every call into the engine.

Three-valued logic in a two-valued matcher: every plan rule becomes durable rules that match
when its condition definitely holds (``T``) and when it is unknown (``U``, a fact it needs is
missing). Polarity is pushed down to the leaves by Kleene's laws — ``T(all) = ∧T``, ``U(all) =
∧¬F ∧ ∨U``, ``T(not x) = F(x)`` … — where a leaf holds or fails only on a present fact (durable-rules
never matches a test on an absent field; where it would, inside arithmetic, presence is tested
explicitly) and is unknown on an absent one. *False* needs no durable rule: once everything a rule
depends on is settled and the engine's agenda is empty, a rule that matched neither way is false
(negation as failure, stratified along the plan's dependency order). Firing only for T and U keeps
the engine's actions few: most rules are false for most cases.

Chaining goes through *conclusion facts* ``{_k: v, _c: key, _v: true|false|"u"}``. A conclusion is
asserted true by the first of its rules that holds, during matching; false or unknown when its
turn comes in dependency order. A rule that tests another conclusion joins the case fact with that
conclusion fact. A sub-condition too large for one durable-rules pattern is *lifted*: it gets
durable rules of its own that settle an auxiliary conclusion (``aux:<n>``), which its parent joins
with — a Rete network in the plain sense, built one level at a time.

Fields of the case fact are named by position (``a0``, ``a1`` …) so that no fact id can collide with
durable-rules' reserved names (``id``, ``sid``) or be read as a path (ids may contain dots). A set is
encoded as one boolean per value that the plan's conditions mention (``s3_0`` …) plus one for "any
other value" (``s3_o``): durable-rules cannot test an array for being empty and ``$iall`` is false
on an empty array, so indicators are what keep ``only`` and ``empty`` exact. The products of a
weighted sum are written into the case fact (``p0`` …), because durable-rules divides integers as
integers; it adds, subtracts and compares them itself.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..conditions import threshold
from ..model import (
    AllOf,
    AnyOf,
    Condition,
    DecisionTest,
    ExceptionCondition,
    FactTest,
    NotOf,
    SumTest,
)
from ..ruleset import Plan, decision_key, iter_conditions
from .durable_formula import (
    ALWAYS,
    NEVER,
    UNKNOWN,
    Formula,
    Json,
    Need,
    Settled,
    and_,
    case,
    conj,
    needs,
    or_,
    too_big,
    weight,
)

Mode = Literal["T", "F", "U", "NF", "NT"]  # holds, fails, unknown, not false (T or U), not true (F or U)
KIND = "_k"  # fact kind: "c" the case, "v" a settled conclusion
KEY = "_c"
VALUE = "_v"
GROUP_SIZE = 8  # durable rules per marker group (see ``_markers``)
_FANOUT = 16  # marker groups per marker node
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


@dataclass(frozen=True)
class FactEncoding:
    """How a plan's input facts are written into the case fact."""

    fields: Mapping[str, str]  # fact id -> field name
    set_members: Mapping[str, Mapping[str, str]]  # set fact id -> mentioned value -> indicator field
    products: Mapping[str, tuple[str, Any]]  # field -> (fact id, coefficient) of a weighted sum's term
    markers: Mapping[str, int]  # group markers every case fact carries (see ``_markers``)

    def encode(self, facts: Mapping[str, Any]) -> str:
        """The case fact as durable-rules JSON (only the facts the plan tests)."""
        fact: Json = {KIND: "c", **self.markers}
        members = self.set_members
        for fact_id, field in self.fields.items():
            value = facts.get(fact_id)
            if value is None:
                continue
            indicators = members.get(fact_id)
            if indicators is not None:
                for member, name in indicators.items():
                    fact[name] = member in value
                fact[other_field(field)] = any(v not in indicators for v in value)
            elif isinstance(value, dt.date):
                fact[field] = value.isoformat()
            else:
                fact[field] = value
        for field, (fact_id, times) in self.products.items():
            value = facts.get(fact_id)
            if value is not None:
                fact[field] = times * value  # the very product conditions.sum_outcome adds up
        return json.dumps(fact, ensure_ascii=False)


@dataclass(frozen=True)
class DurableRule:
    """What a durable rule means: a condition holds (``holds=True``) or is unknown (``holds=None``).

    ``index`` is the plan rule it decides, or None for an auxiliary (lifted) sub-condition;
    ``slot`` is the conclusion it counts towards.
    """

    name: str
    index: int | None
    slot: int
    holds: bool | None


@dataclass(frozen=True)
class ConclusionSlot:
    """A decision, derived fact or warning of the plan, or an auxiliary sub-condition."""

    key: str
    rules: tuple[int, ...]  # plan rules concluding it (empty for an auxiliary)
    auxiliary: bool
    given: str | None  # the input fact that sets it directly (``also_input``)
    needed: frozenset[Settled]  # the values some durable rule joins with: only those are asserted


@dataclass(frozen=True)
class DurableProgram:
    """Everything the adapter needs to run one plan in durable-rules."""

    signature: str
    definition: Json  # rule name -> {"all": [patterns]}; serialised with ensure_ascii=False
    rules: Mapping[str, DurableRule]
    conclusions: tuple[ConclusionSlot, ...]  # the plan's conclusions, then auxiliary ones
    settle_order: tuple[int, ...]  # slots, everything a slot depends on before it
    encoding: FactEncoding
    facts: Mapping[tuple[str, Settled], str]  # the JSON of each conclusion fact that may be asserted


def _mentioned_set_values(plan: Plan) -> dict[str, list[str]]:
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


class _Translator:
    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.fields: dict[str, str] = {}
        self.mentioned = _mentioned_set_values(plan)
        self.set_members: dict[str, dict[str, str]] = {}
        self.products: dict[str, tuple[str, Any]] = {}  # field -> (fact id, coefficient)
        self.constant_false = {c.key for c in plan.conclusions if not c.rules and not c.also_input}
        # keyed by id(node): the plan keeps every node alive while it is translated
        self.memo: dict[tuple[int, str], Formula] = {}
        self.lifted: dict[int, _Lifted] = {}  # node -> its auxiliary conclusion
        self.lifted_for: defaultdict[str, list[str]] = defaultdict(list)  # conclusion -> its auxiliaries
        self.aux_count = 0
        self.current = ""  # the conclusion whose rules are being translated

    # ------------------------------------------------------------------ fields of the case fact

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

    # ------------------------------------------------------------------ conditions

    def formula(self, node: Condition, mode: Mode) -> Formula:
        """Where ``node`` is in ``mode`` (holds, fails, unknown …), as a disjunction of durable patterns."""
        memo = (id(node), mode)
        found = self.memo.get(memo)
        if found is None:
            found = self._formula(node, mode)
            self.memo[memo] = found
        return found

    def _formula(self, node: Condition, mode: Mode) -> Formula:
        if isinstance(node, AllOf | AnyOf):
            return self.combine(node, mode)
        if isinstance(node, NotOf):
            return self.formula(node.not_, _NOT[mode])
        if isinstance(node, ExceptionCondition):
            return self.formula(node.when, mode)
        if isinstance(node, DecisionTest):
            return self.conclusion(decision_key(node.decision), node.is_, mode)
        if isinstance(node, SumTest):
            return self.sum_formula(node, mode)
        assert isinstance(node, FactTest)
        if node.absent is not None:  # decided for every case: the fact is given or not
            field = self.presence_field(node.fact)
            holds = case({"$nex": {field: 1}} if node.absent else {"$ex": {field: 1}})
            fails = case({"$ex": {field: 1}} if node.absent else {"$nex": {field: 1}})
            return {"T": holds, "F": fails, "U": NEVER, "NF": holds, "NT": fails}[mode]
        if node.fact in self.plan.by_key:  # a derived fact: join with its conclusion
            return self.conclusion(node.fact, bool(node.operand), mode)
        if mode in ("NF", "NT"):
            return or_(self.formula(node, "T" if mode == "NF" else "F"), self.formula(node, "U"))
        if mode == "U":
            return case({"$nex": {self.presence_field(node.fact): 1}})
        if node.op in SET_OPERATORS:
            return self.set_formula(node, mode == "T")
        return self.fact_formula(node, mode == "T")

    def combine(self, node: AllOf | AnyOf, mode: Mode) -> Formula:
        """A node's children combined by Kleene's laws; children lifted while the result is too big."""
        children = node.all if isinstance(node, AllOf) else node.any
        lifted: set[int] = set()
        while True:

            def part(i: int, m: Mode) -> Formula:
                return self.lift(children[i], m) if i in lifted else self.formula(children[i], m)

            result = _kleene(isinstance(node, AllOf), mode, part, len(children))
            if not too_big(result):
                return result
            candidates = [i for i in range(len(children)) if i not in lifted and self.liftable(children[i])]
            if not candidates:
                return result  # leaves only: durable-rules takes conjunctions of plain tests of any length
            lifted.add(max(candidates, key=lambda i: self.weight(children[i])))

    def weight(self, node: Condition) -> int:
        return weight(self.formula(node, "T")) + weight(self.formula(node, "U"))

    def liftable(self, node: Condition) -> bool:
        """Worth durable rules of its own: more than a few small tests."""
        return self.weight(node) > 6

    def lift(self, node: Condition, mode: Mode) -> Formula:
        """``node`` as an auxiliary conclusion with durable rules of its own."""
        found = self.lifted.get(id(node))
        if found is None:
            key = f"aux:{self.aux_count}"  # numbered before its own parts are lifted
            self.aux_count += 1
            found = _Lifted(key, self.formula(node, "T"), self.formula(node, "U"))
            self.lifted[id(node)] = found  # registered after its parts: the settle order
            self.lifted_for[self.current].append(found.key)
        return _literal(found.key, True, mode)

    def conclusion(self, key: str, want: bool, mode: Mode) -> Formula:
        """A test that conclusion ``key`` has the value ``want``."""
        if key not in self.plan.by_key:  # a decision this jurisdiction does not have: always unknown
            return {"T": NEVER, "F": NEVER, "U": ALWAYS, "NF": ALWAYS, "NT": ALWAYS}[mode]
        if key in self.constant_false:  # no rules in force: false
            holds = ALWAYS if not want else NEVER
            fails = NEVER if not want else ALWAYS
            return {"T": holds, "F": fails, "U": NEVER, "NF": holds, "NT": fails}[mode]
        return _literal(key, want, mode)

    def fact_formula(self, node: FactTest, holds: bool) -> Formula:
        op, operand, fact = node.op, node.operand, node.fact
        field = self.field(fact)
        if op == "is":
            return case({field: bool(operand) is holds})
        if op in ("eq", "ne"):
            equal = (op == "eq") is holds
            return case({field: operand} if equal else {"$neq": {field: operand}})
        if op in _COMPARE:
            test = _COMPARE[op] if holds else _NEGATED[_COMPARE[op]]
            return case({test: {field: self.threshold(operand)}})
        if op in ("in", "not_in"):
            values = list(operand)
            if (op == "in") is holds:
                return or_(*(case({field: v}) for v in values))
            if not values:
                return case({"$ex": {field: 1}})
            return case(*({"$neq": {field: v}} for v in values))
        raise ValueError(f"durable 执行器不支持运算 {op}（事实 {fact}）")

    def set_formula(self, node: FactTest, holds: bool) -> Formula:
        op, operand, fact = node.op, node.operand, node.fact

        def has(value: str, want: bool = True) -> Formula:
            return case({self.member(fact, value): want})

        if op == "contains":
            return has(operand, holds)
        if op == "contains_any":
            return or_(*(has(v) for v in operand)) if holds else and_(*(has(v, False) for v in operand))
        if op == "contains_all":
            return and_(*(has(v) for v in operand)) if holds else or_(*(has(v, False) for v in operand))
        # only / empty: whether the set holds any value outside the allowed ones
        if op == "empty" and not operand:
            holds = not holds  # "empty: false" is "non-empty"
        self.field(fact)
        inside = frozenset(operand) if op == "only" else frozenset()
        outside = [v for v in self.set_members[fact] if v not in inside]
        other = self.presence_field(fact)
        if holds:  # nothing outside: those indicators and "any other value" all false
            return and_(*(has(v, False) for v in outside), case({other: False}))
        return or_(*(has(v) for v in outside), case({other: True}))

    def sum_formula(self, node: SumTest, mode: Mode) -> Formula:
        """Mirror ``conditions.sum_outcome`` for each pattern of present terms: with all terms known
        the total decides; with amounts never negative the known part is a lower bound, which settles
        ``ge``/``gt`` as true and ``le``/``lt`` as false when it exceeds the limit, and leaves the
        result unknown otherwise."""
        if mode in ("NF", "NT"):
            return or_(self.sum_formula(node, "T" if mode == "NF" else "F"), self.sum_formula(node, "U"))
        limit = self.threshold(node.operand)
        terms = [(t.fact, self.threshold(t.times)) for t in node.sum]
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
                    {("$ex" if i in present else "$nex"): {self.field(terms[i][0]): 1}} for i in range(n)
                ]
                if test != "always":
                    comparison = _sum_test(test, [self.scaled(*terms[i]) for i in present], limit)
                    if comparison is False:
                        continue
                    if comparison is not True:
                        parts.append(comparison)
                alternatives.append(case(*parts))
        return or_(*alternatives)

    def threshold(self, value: Any) -> Any:
        return threshold(value, self.plan.params)[0]


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


def _patterns(markers: tuple[str, ...], case_tests: tuple[Json, ...], joined: frozenset[Need]) -> list[Json]:
    tests: list[Json] = [{m: 1} for m in markers]
    expression = conj(case_tests)
    if expression is not None:
        tests.append(expression)
    patterns: list[Json] = [{"c": conj(tests)}]
    for n, (key, value) in enumerate(sorted(joined, key=str)):
        patterns.append({f"n{n}": {"$and": [{KIND: "v"}, {KEY: key}, {VALUE: value}]}})
    return patterns


def _markers(count: int, group_size: int) -> list[tuple[str, ...]]:
    """Marker fields that place ``count`` durable rules into a tree of groups.

    durable-rules matches a fact by a depth-first walk of its alpha network that keeps every
    matching child of a node on a stack of 64 (``MAX_STACK_SIZE``; beyond it an assert fails
    with error 303). Without markers every case test is a child of one node, and a large pack
    overflows it. Every case pattern therefore starts with the markers of its group's path:
    at most ``_FANOUT`` children per marker node and ``group_size`` rules per leaf group.
    """
    groups = max(1, -(-count // group_size))
    paths: list[tuple[str, ...]] = []
    for rule in range(count):
        group = rule // group_size
        path: list[str] = []
        level, index = 0, group
        while True:
            path.append(f"_g{level}_{index}")
            if groups <= _FANOUT ** (level + 1):
                break
            index //= _FANOUT
            level += 1
        paths.append(tuple(reversed(path)))
    return paths


def translate(plan: Plan, group_size: int = GROUP_SIZE) -> DurableProgram:
    """The durable-rules program of ``plan``: durable rules for when each plan rule holds or is unknown."""
    tr = _Translator(plan)
    slot_of = {c.key: i for i, c in enumerate(plan.conclusions)}
    groups: list[tuple[str, int | None, str, bool | None, Formula]] = []
    for rule in plan.rules:
        tr.current = rule.conclusion
        groups.append((f"r{rule.index}t", rule.index, rule.conclusion, True, tr.formula(rule.condition, "T")))
        groups.append((f"r{rule.index}u", rule.index, rule.conclusion, None, tr.formula(rule.condition, "U")))
    auxiliaries = list(tr.lifted.values())  # complete now: lifting happens while translating rules
    aux_slot = {a.key: len(plan.conclusions) + n for n, a in enumerate(auxiliaries)}
    for n, lifted in enumerate(auxiliaries):
        groups.append((f"x{n}t", None, lifted.key, True, lifted.holds))
        groups.append((f"x{n}u", None, lifted.key, None, lifted.unknown))

    branches = [
        (f"{prefix}{n}", index, slot_of[key] if key in slot_of else aux_slot[key], holds, branch)
        for prefix, index, key, holds, formula in groups
        for n, branch in enumerate(formula)
    ]
    paths = _markers(len(branches), group_size)
    definition: Json = {}
    meaning: dict[str, DurableRule] = {}
    needed: dict[str, set[Settled]] = {}
    for (name, index, slot, holds, branch), path in zip(branches, paths, strict=True):
        definition[name] = {"all": _patterns(path, branch.case, branch.needs)}
        meaning[name] = DurableRule(name, index, slot, holds)
        for joined, value in branch.needs:
            needed.setdefault(joined, set()).add(value)

    slots = [
        ConclusionSlot(
            c.key, c.rules, False, c.id if c.also_input else None, frozenset(needed.get(c.key, ()))
        )
        for c in plan.conclusions
    ]
    slots += [ConclusionSlot(a.key, (), True, None, frozenset(needed.get(a.key, ()))) for a in auxiliaries]
    order: list[int] = []
    for i, conclusion in enumerate(plan.conclusions):
        order += [aux_slot[k] for k in tr.lifted_for.get(conclusion.key, [])]
        order.append(i)
    facts = {
        (key, value): json.dumps({KIND: "v", KEY: key, VALUE: value}, ensure_ascii=False)
        for key, values in needed.items()
        for value in values
    }
    markers = {m: 1 for path in paths for m in path}
    encoding = FactEncoding(
        dict(tr.fields), {k: dict(v) for k, v in tr.set_members.items()}, dict(tr.products), markers
    )
    return DurableProgram(plan.signature, definition, meaning, tuple(slots), tuple(order), encoding, facts)
