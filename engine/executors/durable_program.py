"""A plan as a durable-rules program: ruleset JSON, the meaning of each durable rule, the fact encoding.

Pure data, no durable-rules import: the adapter (``durable.py``) owns every call into the engine, and
``durable_conditions.py`` translates the conditions.

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
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..plan import Plan
from .durable_conditions import other_field
from .durable_formula import Formula, Json, Need, Settled, conj
from .durable_replay import translated

KIND = "_k"  # fact kind: "c" the case, "v" a settled conclusion
KEY = "_c"
VALUE = "_v"
GROUP_SIZE = 8  # durable rules per marker group (see ``_markers``)
_FANOUT = 16  # marker groups per marker node
_COMPACT = (",", ":")  # facts are parsed by the engine and copied into every action's message: no spaces


@dataclass(frozen=True)
class FactEncoding:
    """How a plan's input facts are written into the case fact."""

    fields: Mapping[str, str]  # fact id -> field name
    set_members: Mapping[str, Mapping[str, str]]  # set fact id -> mentioned value -> indicator field
    products: Mapping[str, tuple[str, Any]]  # field -> (fact id, coefficient) of a weighted sum's term
    markers: Mapping[str, int]  # group markers every case fact carries (see ``_markers``)

    def encode(self, facts: Mapping[str, Any]) -> str:
        """The case fact as durable-rules JSON (only the facts the plan tests)."""
        fact: Json = {}
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
                fact[field] = times * value  # the very product semantics.sum_outcome adds up
        if not fact:
            return self.head + "}"
        return self.head + "," + json.dumps(fact, ensure_ascii=False, separators=_COMPACT)[1:]

    @functools.cached_property
    def head(self) -> str:
        """The case fact's constant part, its kind and markers, as an unclosed JSON object."""
        return json.dumps({KIND: "c", **self.markers}, ensure_ascii=False, separators=_COMPACT)[:-1]


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


def translate(plan: Plan, group_size: int = GROUP_SIZE, strict: bool = False) -> DurableProgram:
    """The durable-rules program of ``plan``: durable rules for when each plan rule holds or is unknown."""
    tr = translated(plan, strict)  # each rule's formulas, replayed where an earlier plan had the rule
    slot_of = {c.key: i for i, c in enumerate(plan.conclusions)}
    groups: list[tuple[str, int | None, str, bool | None, Formula]] = []
    for rule, (when_true, when_unknown) in zip(plan.rules, tr.formulas, strict=True):
        groups.append((f"r{rule.index}t", rule.index, rule.conclusion, True, when_true))
        groups.append((f"r{rule.index}u", rule.index, rule.conclusion, None, when_unknown))
    auxiliaries = tr.auxiliaries
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
        (key, value): json.dumps({KIND: "v", KEY: key, VALUE: value}, ensure_ascii=False, separators=_COMPACT)
        for key, values in needed.items()
        for value in values
    }
    markers = {m: 1 for path in paths for m in path}
    names = tr.names
    encoding = FactEncoding(
        dict(names.fields), {k: dict(v) for k, v in names.set_members.items()}, dict(names.products), markers
    )
    return DurableProgram(plan.signature, definition, meaning, tuple(slots), tuple(order), encoding, facts)
