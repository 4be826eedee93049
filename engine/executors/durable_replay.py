"""A plan's rules in durable-rules' terms, each rule's translation recorded once and replayed in later plans.

A plan's translation is that of its rules one after another. A rule's formulas depend on its
condition, on what the translation reads of the plan — whether a key is one of its conclusions, and
one without rules in force; the values of the parameters it compares with; the values of a set that
the plan's conditions mention — and on the names handed out before it (fields ``a0`` …, products
``p0`` …, auxiliary conclusions ``aux:0`` …). So a rule is translated once with placeholder names,
keeping what it read of the plan; in a plan that reads the same, the recording is replayed: the names
are handed out in the same order and the placeholders replaced. The result is what a fresh
translation makes (tests compare them). A plan made again with one rule changed (``lexgate mutate``'s
mutants, a reloaded rule set) then translates that rule only.

Where two rules of a plan share an ``all`` or ``any`` node, a fresh translation reuses the parts the
first one lifted into auxiliary conclusions for the second: such a plan is translated afresh.
Recordings are kept per condition object (plans share their rules' conditions: ``engine/plan_parts.py``),
bounded.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..language.nodes import AllOf, AnyOf, Condition, ParamRef
from ..language.visitor import iter_conditions
from ..plan import Plan
from .durable_conditions import CaseFields, Lifted, Translator, mentioned_set_values, other_field
from .durable_formula import Branch, Formula, Json

LIMIT = 4096  # conditions with recordings kept; emptied when full
PER_CONDITION = 8  # recordings per condition (plans that read it differently), replays per recording
_MARK = "\x00"  # placeholder names start with it: no fact id, value or key does


@dataclass
class Translated:
    """Each plan rule's formulas (holds, unknown), the auxiliary conclusions, and the names used."""

    formulas: list[tuple[Formula, Formula]]
    auxiliaries: list[Lifted]  # in the order their rules settle them
    lifted_for: Mapping[str, list[str]]  # conclusion -> the keys of its auxiliaries
    names: CaseFields


def translated(plan: Plan, strict: bool) -> Translated:
    """The plan's rules translated: replayed from recordings where the plan allows, else afresh."""
    mentioned = mentioned_set_values(plan)
    constant_false = {c.key for c in plan.conclusions if not c.rules and not c.also_input}
    replay = _Replay(plan, mentioned)
    seen: set[int] = set()
    for rule in plan.rules:
        recording = _recording(plan, rule.condition, strict, mentioned, constant_false)
        if not seen.isdisjoint(recording.junctions):  # shared: a fresh translation reuses its lifts
            return fresh(plan, strict)
        seen |= recording.junctions
        replay.add(recording, rule.conclusion)
    return Translated(replay.formulas, replay.auxiliaries, replay.lifted_for, replay.names)


def fresh(plan: Plan, strict: bool) -> Translated:
    tr = Translator(plan, strict)
    formulas = []
    for rule in plan.rules:
        tr.current = rule.conclusion
        formulas.append((tr.formula(rule.condition, "T"), tr.formula(rule.condition, "U")))
    return Translated(formulas, list(tr.lifted.values()), tr.lifted_for, tr.names)


@dataclass(eq=False)
class _Recording:
    condition: Condition  # kept alive: its id keys the recording
    holds: Formula
    unknown: Formula
    fields: tuple[str, ...]  # facts in the order they were named
    products: tuple[tuple[str, Any], ...]  # (fact, factor) in the order they were made
    lifted: tuple[tuple[int, Formula, Formula], ...]  # (number, holds, unknown) in the order registered
    junctions: frozenset[int]  # only a junction lifts parts: a leaf translated twice reads the same
    # what it read of the plan
    concluded: tuple[tuple[str, bool], ...]
    always_false: tuple[tuple[str, bool], ...]
    params: tuple[tuple[str, Any], ...]
    mentioned: tuple[tuple[str, list[str] | None], ...]
    placeholders: tuple[str, ...]  # every placeholder name it uses
    # by the names its placeholders had, what it was replayed as (a few): a plan of another rule set
    # with the same rules before this one names it as the earlier plan did
    replayed: dict[tuple[str, ...], tuple[Formula, Formula, list[Lifted]]] = field(default_factory=dict)

    def fits(self, plan: Plan, mentioned: Mapping[str, list[str]], constant_false: set[str]) -> bool:
        params = plan.params
        return (
            all((key in plan.by_key) is was for key, was in self.concluded)
            and all((key in constant_false) is was for key, was in self.always_false)
            and all(_same_value(params[p].value, v) if p in params else False for p, v in self.params)
            and all(mentioned.get(fact) == values for fact, values in self.mentioned)
        )


def _same_value(a: Any, b: Any) -> bool:
    return type(a) is type(b) and bool(a == b)  # 1 and 1.0 are written differently


_kept: dict[tuple[int, bool], list[_Recording]] = {}
_lock = threading.Lock()


def _recording(
    plan: Plan, condition: Condition, strict: bool, mentioned: dict[str, list[str]], constant_false: set[str]
) -> _Recording:
    key = (id(condition), strict)
    kept = _kept.get(key, [])
    for recording in kept:
        if recording.condition is condition and recording.fits(plan, mentioned, constant_false):
            return recording
    made = _record(plan, condition, strict, mentioned)
    with _lock:
        if len(_kept) >= LIMIT:
            _kept.clear()
        alike = [r for r in _kept.get(key, []) if r.condition is condition]
        _kept[key] = [made, *alike[: PER_CONDITION - 1]]
    return made


class _PlaceholderFields(CaseFields):
    """Names that say what they name: ``\\0f<fact>``, ``\\0o<fact>``, ``\\0s<fact>\\0<value>``, ``\\0p<n>``
    (a product's number is the rule's own)."""

    def field(self, fact_id: str) -> str:
        name = self.fields.get(fact_id)
        if name is None:
            name = self.fields[fact_id] = f"{_MARK}f{fact_id}"
            values = self.mentioned.get(fact_id)
            if values is not None:
                self.set_members[fact_id] = {v: f"{_MARK}s{fact_id}{_MARK}{v}" for v in values}
        return name

    def presence_field(self, fact_id: str) -> str:
        field = self.field(fact_id)
        return f"{_MARK}o{fact_id}" if fact_id in self.set_members else field

    def scaled(self, fact_id: str, times: Any) -> str:
        field = self.field(fact_id)
        if times == 1:
            return field
        for name, (fact, factor) in self.products.items():
            if fact == fact_id and factor == times:
                return name
        name = f"{_MARK}p{len(self.products)}"
        self.products[name] = (fact_id, times)
        return name


class _Recorder(Translator):
    """The translation of one rule, with placeholder names, keeping what it reads of the plan."""

    def __init__(self, plan: Plan, strict: bool, mentioned: dict[str, list[str]]) -> None:
        super().__init__(plan, strict, _PlaceholderFields(plan, mentioned))
        self.read_concluded: dict[str, bool] = {}
        self.read_false: dict[str, bool] = {}
        self.read_params: dict[str, Any] = {}

    def aux_key(self, number: int) -> str:
        return f"{_MARK}x{number}"

    def concluded(self, key: str) -> bool:
        found = self.read_concluded[key] = super().concluded(key)
        return found

    def always_false(self, key: str) -> bool:
        found = self.read_false[key] = super().always_false(key)
        return found

    def threshold(self, value: Any) -> Any:
        found = super().threshold(value)
        if isinstance(value, ParamRef):
            self.read_params[value.param] = found
        return found


def _record(plan: Plan, condition: Condition, strict: bool, mentioned: dict[str, list[str]]) -> _Recording:
    tr = _Recorder(plan, strict, mentioned)
    holds, unknown = tr.formula(condition, "T"), tr.formula(condition, "U")
    names = tr.names
    return _Recording(
        condition,
        holds,
        unknown,
        tuple(names.fields),
        tuple(names.products.values()),
        tuple((int(a.key[2:]), a.holds, a.unknown) for a in tr.lifted.values()),
        frozenset(id(node) for node in iter_conditions(condition) if isinstance(node, AllOf | AnyOf)),
        tuple(tr.read_concluded.items()),
        tuple(tr.read_false.items()),
        tuple(tr.read_params.items()),
        tuple((fact, mentioned.get(fact)) for fact in names.fields),
        (
            *(f"{_MARK}f{fact}" for fact in names.fields),
            *(f"{_MARK}o{fact}" for fact in names.set_members),
            *(m for members in names.set_members.values() for m in members.values()),
            *names.products,
            *(a.key for a in tr.lifted.values()),
        ),
    )


class _Replay:
    """The names a fresh translation hands out, in its order, as recordings are replayed rule by rule."""

    def __init__(self, plan: Plan, mentioned: dict[str, list[str]]) -> None:
        self.names = CaseFields(plan, mentioned)
        self.formulas: list[tuple[Formula, Formula]] = []
        self.auxiliaries: list[Lifted] = []
        self.lifted_for: defaultdict[str, list[str]] = defaultdict(list)
        self.renamed: dict[
            str, str
        ] = {}  # placeholder -> name, of fields (products and auxiliaries are per rule)

    def add(self, recording: _Recording, conclusion: str) -> None:
        renamed = self.renamed
        names = self.names
        for fact in recording.fields:
            if fact not in names.fields:
                field = names.field(fact)
                renamed[f"{_MARK}f{fact}"] = field
                members = names.set_members.get(fact)
                if members is not None:
                    renamed[f"{_MARK}o{fact}"] = other_field(field)
                    for value, member in members.items():
                        renamed[f"{_MARK}s{fact}{_MARK}{value}"] = member
        local: dict[str, str] = {}
        for n, (fact, times) in enumerate(recording.products):
            local[f"{_MARK}p{n}"] = names.scaled(fact, times)
        first = len(self.auxiliaries)
        for n in range(len(recording.lifted)):
            local[f"{_MARK}x{n}"] = f"aux:{first + n}"

        def name(placeholder: str) -> str:
            return local.get(placeholder) or renamed[placeholder]

        used = tuple(map(name, recording.placeholders))
        found = recording.replayed.get(used)
        if found is not None:
            holds, unknown, lifted = found
        else:
            holds, unknown = _formula(recording.holds, name), _formula(recording.unknown, name)
            lifted = [
                Lifted(local[f"{_MARK}x{n}"], _formula(t, name), _formula(u, name))
                for n, t, u in recording.lifted
            ]
            if len(recording.replayed) >= PER_CONDITION:
                recording.replayed.clear()
            recording.replayed[used] = (holds, unknown, lifted)
        self.auxiliaries += lifted
        self.lifted_for[conclusion] += [a.key for a in lifted]
        self.formulas.append((holds, unknown))


def _formula(formula: Formula, name: Callable[[str], str]) -> Formula:
    return tuple(
        Branch(
            tuple(_json(test, name) for test in branch.case),
            frozenset((name(k) if k[:1] == _MARK else k, v) for k, v in branch.needs),
            branch.sizes,
        )
        for branch in formula
    )


def _json(value: Any, name: Callable[[str], str]) -> Any:
    if isinstance(value, dict):
        out: Json = {}
        for k, v in value.items():
            if k[:1] == _MARK:
                out[name(k)] = _json(v, name)
            elif k == "$m":
                out[k] = name(v)
            else:
                out[k] = _json(v, name)
        return out
    if isinstance(value, list):
        return [_json(v, name) for v in value]
    return value
