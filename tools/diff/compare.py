"""What changed between two compiled rule sets, item by item, in the legal staff's terms.

Items are matched by id (rules, decisions, derived facts, facts, packs) and parameters by id
within their pack (a definition, or a pack's override of it). A rule whose id changed shows
as removed and added. Conditions are compared structurally: when the shape is the same the
changed tests are named one by one (e.g. a threshold), otherwise the whole condition is shown
before and after.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from pydantic import BaseModel

from engine import Location, RuleSet
from engine.toolkit import (
    AllOf,
    AnyOf,
    Condition,
    Namer,
    NotOf,
    ParamValue,
    RuleDef,
    condition_text,
    format_number,
)

Kind = Literal["added", "removed", "changed"]
What = Literal["pack", "fact", "decision", "derived", "parameter", "override", "rule"]


@dataclass(frozen=True)
class FieldChange:
    field: str  # stable name: condition, threshold, effective_from, value, basis, …
    old: Any
    new: Any
    text: str  # the change in Chinese


@dataclass(frozen=True)
class Change:
    kind: Kind
    what: What
    id: str
    pack: str | None
    title: str
    fields: tuple[FieldChange, ...] = ()
    old_location: str | None = None
    new_location: str | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def canon(value: Any) -> str:
    """A comparable form of a model or value that ignores source positions."""
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json", by_alias=True, exclude_none=True)
    elif isinstance(value, tuple | list):
        value = [json.loads(canon(v)) for v in value]
    elif isinstance(value, dict):
        value = {k: json.loads(canon(v)) for k, v in value.items()}
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _at(node: Any) -> str | None:
    at = getattr(node, "at", None)
    return str(at) if isinstance(at, Location) else None


@dataclass
class _Differ:
    old: RuleSet
    new: RuleSet
    changes: list[Change] = field(default_factory=list)

    def run(self) -> list[Change]:
        self._packs()
        self._facts()
        self._keyed("decision", _decisions(self.old), _decisions(self.new), self._decision_fields)
        self._keyed("derived", _derived(self.old), _derived(self.new), self._derived_fields)
        self._keyed("parameter", _params(self.old), _params(self.new), self._param_fields)
        self._keyed("override", _overrides(self.old), _overrides(self.new), self._param_fields)
        self._keyed("rule", _rules(self.old), _rules(self.new), self._rule_fields)
        return self.changes

    # ---- generic matching

    def _keyed(
        self,
        what: What,
        old: Mapping[tuple[str, str | None], Any],
        new: Mapping[tuple[str, str | None], Any],
        fields: Any,
    ) -> None:
        for key in [*old, *(k for k in new if k not in old)]:
            ident, pack = key
            before, after = old.get(key), new.get(key)
            if before is None or after is None:
                node = after if before is None else before
                self.changes.append(
                    Change(
                        "added" if before is None else "removed",
                        what,
                        ident,
                        pack,
                        _title(node),
                        old_location=_at(before),
                        new_location=_at(after),
                    )
                )
                continue
            found = tuple(fields(before, after, pack))
            if found:
                self.changes.append(
                    Change("changed", what, ident, pack, _title(after), found, _at(before), _at(after))
                )

    # ---- packs and facts

    def _packs(self) -> None:
        old: dict[tuple[str, str | None], Any] = {(p.id, None): p.manifest for p in self.old.packs.values()}
        new: dict[tuple[str, str | None], Any] = {(p.id, None): p.manifest for p in self.new.packs.values()}
        self._keyed(
            "pack",
            old,
            new,
            lambda a, b, _: _simple(a, b, ("jurisdiction", "parent", "title", "version", "sources")),
        )

    def _facts(self) -> None:
        old: dict[tuple[str, str | None], Any] = {(f.id, None): f for f in self.old.vocabulary.facts}
        new: dict[tuple[str, str | None], Any] = {(f.id, None): f for f in self.new.vocabulary.facts}
        self._keyed(
            "fact",
            old,
            new,
            lambda a, b, _: _simple(a, b, ("label", "type", "values", "question", "minimum")),
        )

    # ---- definitions

    def _derived_fields(self, a: Any, b: Any, _: str | None) -> Iterator[FieldChange]:
        yield from _simple(a, b, ("label", "also_input"))

    def _param_fields(self, a: Any, b: Any, _: str | None) -> Iterator[FieldChange]:
        yield from _simple(a, b, ("label", "type", "source", "verification", "override_bound"))
        yield from _values(a.values, b.values)

    def _decision_fields(self, a: Any, b: Any, _: str | None) -> Iterator[FieldChange]:
        yield from _simple(a, b, ("label", "detail", "detail_mode", "collect_as", "basis"))
        if hasattr(a, "amend"):  # an amendment has an effective period like a rule
            yield from _period(a, b)

    def _rule_fields(self, a: RuleDef, b: RuleDef, pack: str | None) -> Iterator[FieldChange]:
        yield from _simple(
            a, b, ("title", "decision", "derive", "warn", "exception_to", "replaces", "priority")
        )
        yield from _basis(a.basis, b.basis)
        yield from _period(a, b)
        if canon(a.detail) != canon(b.detail):
            yield FieldChange(
                "detail", json.loads(canon(a.detail)), json.loads(canon(b.detail)), "说明 detail 有修改"
            )
        if canon(a.when) != canon(b.when):
            old_namer, new_namer = self._namer(self.old, a), self._namer(self.new, b)
            changes = list(_condition_changes(a.when, b.when, old_namer, new_namer))
            yield FieldChange(
                "condition",
                condition_text(a.when, {}, old_namer),
                condition_text(b.when, {}, new_namer),
                "；".join(changes),
            )

    def _namer(self, ruleset: RuleSet, rule: RuleDef) -> Namer:
        pack = ruleset.rules[rule.id][1]
        scope = ruleset.scopes.get(ruleset.packs[pack].jurisdiction)
        return Namer(ruleset.vocabulary, scope)


# ---- field helpers


def _simple(a: Any, b: Any, names: Sequence[str]) -> Iterator[FieldChange]:
    for name in names:
        old, new = getattr(a, name, None), getattr(b, name, None)
        if canon(old) != canon(new):
            o, n = json.loads(canon(old)), json.loads(canon(new))
            if isinstance(o, list) and isinstance(n, list):  # name what left and what came
                parts = [f"删除「{_show(x)}」" for x in o if x not in n]
                parts += [f"增加「{_show(x)}」" for x in n if x not in o]
                yield FieldChange(name, o, n, f"{name}: " + "；".join(parts or ["顺序改变"]))
                continue
            yield FieldChange(name, o, n, f"{name} 由 {_show(o)} 改为 {_show(n)}")


def _show(value: Any) -> str:
    if value is None:
        return "（无）"
    if isinstance(value, list):
        return "[" + "、".join(str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + "，".join(f"{k}: {_show(v)}" for k, v in value.items()) + "}"
    return str(value)


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _basis(old: Sequence[str], new: Sequence[str]) -> Iterator[FieldChange]:
    removed = [b for b in old if b not in new]
    added = [b for b in new if b not in old]
    if removed or added:
        parts = [f"删除依据「{b}」" for b in removed] + [f"增加依据「{b}」" for b in added]
        yield FieldChange("basis", list(old), list(new), "；".join(parts))


def _values(old: Sequence[ParamValue], new: Sequence[ParamValue]) -> Iterator[FieldChange]:
    """Dated values matched by their start date: a changed amount is a changed threshold."""
    before = {v.start: v for v in old}
    after = {v.start: v for v in new}
    for start in sorted(set(before) | set(after)):
        a, b = before.get(start), after.get(start)
        day = start.isoformat()
        if a is None and b is not None:
            yield FieldChange(
                "value", None, _entry(b), f"新增取值：自 {day} 起 {format_number(b.value)}{_until(b)}"
            )
        elif b is None and a is not None:
            yield FieldChange(
                "value", _entry(a), None, f"删除取值：自 {day} 起 {format_number(a.value)}{_until(a)}"
            )
        elif a is not None and b is not None:
            if a.value != b.value:
                yield FieldChange(
                    "threshold",
                    a.value,
                    b.value,
                    f"自 {day} 起的取值由 {format_number(a.value)} 改为 {format_number(b.value)}",
                )
            if a.end != b.end:
                yield FieldChange(
                    "value_to",
                    _iso(a.end),
                    _iso(b.end),
                    f"自 {day} 起的取值截止日由 {_iso(a.end) or '（无）'} 改为 {_iso(b.end) or '（无）'}",
                )
            if a.source != b.source:
                yield FieldChange(
                    "value_source",
                    a.source,
                    b.source,
                    f"自 {day} 起的取值出处由「{a.source or '（无）'}」改为「{b.source or '（无）'}」",
                )


def _entry(v: ParamValue) -> dict[str, Any]:
    return {"from": v.start.isoformat(), "to": _iso(v.end), "value": v.value, "source": v.source}


def _until(v: ParamValue) -> str:
    return f"（至 {v.end.isoformat()}）" if v.end else ""


def _condition_changes(old: Condition, new: Condition, old_namer: Namer, new_namer: Namer) -> Iterator[str]:
    if canon(old) == canon(new):
        return
    groups = (AllOf, AnyOf)
    if type(old) is type(new) and isinstance(old, groups) and isinstance(new, groups):
        a = old.all if isinstance(old, AllOf) else old.any
        b = new.all if isinstance(new, AllOf) else new.any
        if len(a) == len(b):
            for x, y in zip(a, b, strict=True):
                yield from _condition_changes(x, y, old_namer, new_namer)
            return
        keys_b = {canon(y) for y in b}
        keys_a = {canon(x) for x in a}
        for x in a:
            if canon(x) not in keys_b:
                yield f"删除条件「{condition_text(x, {}, old_namer)}」"
        for y in b:
            if canon(y) not in keys_a:
                yield f"增加条件「{condition_text(y, {}, new_namer)}」"
        return
    if isinstance(old, NotOf) and isinstance(new, NotOf):
        yield from _condition_changes(old.not_, new.not_, old_namer, new_namer)
        return
    yield f"条件「{condition_text(old, {}, old_namer)}」改为「{condition_text(new, {}, new_namer)}」"


def _period(a: Any, b: Any) -> Iterator[FieldChange]:
    for name, label in (("effective_from", "施行日期"), ("effective_to", "截止日期")):
        old, new = getattr(a, name), getattr(b, name)
        if old != new:
            yield FieldChange(
                name, _iso(old), _iso(new), f"{label}由 {_iso(old) or '（无）'} 改为 {_iso(new) or '（无）'}"
            )


# ---- item collections: (id, pack) -> node


def _by_pack(ruleset: RuleSet, attr: str, key: str) -> dict[tuple[str, str | None], Any]:
    out: dict[tuple[str, str | None], Any] = {}
    for pack in ruleset.packs.values():
        for item in getattr(pack, attr):
            out[(getattr(item, key), pack.id)] = item
    return out


def _decisions(rs: RuleSet) -> dict[tuple[str, str | None], Any]:
    return {
        **_by_pack(rs, "decisions", "id"),
        **{(f"{k[0]}（amend）", k[1]): v for k, v in _by_pack(rs, "amendments", "amend").items()},
    }


def _derived(rs: RuleSet) -> dict[tuple[str, str | None], Any]:
    return _by_pack(rs, "derived", "id")


def _params(rs: RuleSet) -> dict[tuple[str, str | None], Any]:
    return _by_pack(rs, "parameters", "id")


def _overrides(rs: RuleSet) -> dict[tuple[str, str | None], Any]:
    return _by_pack(rs, "overrides", "override")


def _rules(rs: RuleSet) -> dict[tuple[str, str | None], Any]:
    return {(rid, pack): rule for rid, (rule, pack) in rs.rules.items()}


def _title(node: Any) -> str:
    for name in ("title", "label"):
        value = getattr(node, name, None)
        if isinstance(value, str) and value:
            return value
    return ""


def diff_rulesets(old: RuleSet, new: RuleSet) -> list[Change]:
    """Every difference, packs and facts first, then decisions, parameters and rules."""
    return _Differ(old, new).run()
