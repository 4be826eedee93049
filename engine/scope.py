"""One jurisdiction's view of a rule set: the packs on its path 全国 → 省 → 市 and what they define.

A :class:`Scope` is pure data, made once by the loader (``engine.loading.build``); for an ``as_of``
date it yields a :class:`~engine.plan.Plan` (``engine.plan.build_plan``). ``cuts`` are the dates on
which a rule or a parameter value of the scope starts or stops applying: between two cuts the same
rules and parameter entries apply, so plans are built once per *stretch* and shared.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .model import (
    DecisionAmend,
    DecisionDef,
    DerivedDef,
    DetailValue,
    PackManifest,
    ParameterDef,
    ParameterOverride,
    ParamValue,
    RuleDef,
)

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Pack:
    manifest: PackManifest
    files: tuple[str, ...]
    digest: str
    parameters: tuple[ParameterDef, ...]
    overrides: tuple[ParameterOverride, ...]
    decisions: tuple[DecisionDef, ...]
    amendments: tuple[DecisionAmend, ...]
    derived: tuple[DerivedDef, ...]
    rules: tuple[RuleDef, ...]

    @property
    def id(self) -> str:
        return self.manifest.pack

    @property
    def jurisdiction(self) -> str:
        return self.manifest.jurisdiction

    @property
    def ref(self) -> str:
        """``pack@digest-prefix``, as results name the packs that produced them."""
        return f"{self.id}@{self.digest[:12]}"


@dataclass(frozen=True)
class DecisionView:
    """A decision as a jurisdiction sees it: its definition plus declared amendments of its detail."""

    definition: DecisionDef
    pack: str
    detail: Mapping[str, DetailValue]
    amendments: tuple[DecisionAmend, ...] = ()

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def label(self) -> str:
        return self.definition.label

    def detail_on(self, as_of: dt.date) -> dict[str, DetailValue]:
        """The default detail on a date: the definition's, changed by the amendments then in force."""
        detail = dict(self.definition.detail)
        for amend in self.amendments:
            if amend.in_force(as_of):
                detail.update(amend.detail)
        return detail


@dataclass(frozen=True)
class DerivedView:
    definition: DerivedDef
    pack: str
    label: str
    also_input: bool

    @property
    def id(self) -> str:
        return self.definition.id


@dataclass(frozen=True)
class ParamLayer:
    pack: str
    source: str
    verification: str
    values: tuple[ParamValue, ...]

    def value_on(self, as_of: dt.date) -> ParamValue | None:
        current = None
        for entry in sorted(self.values, key=lambda v: v.start):
            if entry.start <= as_of:
                current = entry
        if current is None or (current.end is not None and as_of > current.end):
            return None
        return current


@dataclass(frozen=True)
class BoundParam:
    """A parameter's value for one jurisdiction on one date, with where that value comes from."""

    definition: ParameterDef
    value: int | float
    pack: str
    entry: ParamValue
    source: str
    verification: str

    @property
    def id(self) -> str:
        return self.definition.id

    @property
    def label(self) -> str:
        return self.definition.label


@dataclass(frozen=True, repr=False)
class Scope:
    """One jurisdiction: the packs on its path and what they define together."""

    jurisdiction: str
    path: tuple[Pack, ...]
    decisions: tuple[DecisionView, ...]
    derived: Mapping[str, DerivedView]
    parameters: Mapping[str, tuple[ParamLayer, ...]]  # most local layer first
    parameter_defs: Mapping[str, ParameterDef]
    rules: tuple[tuple[RuleDef, str], ...]  # (rule, pack), replaced rules removed
    dependency_order: tuple[str, ...]  # conclusion keys, dependencies first
    cuts: tuple[dt.date, ...]  # see the module's docstring

    def __repr__(self) -> str:  # the whole tree is megabytes: a failing test's report shows this
        return f"Scope({self.jurisdiction!r}, packs={[p.ref for p in self.path]})"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """What hypothesis and IPython print: they walk a dataclass's fields instead of calling ``repr``."""
        printer.text(repr(self))

    def stretch(self, as_of: dt.date) -> int:
        """The number of the stretch of dates ``as_of`` falls in."""
        return bisect.bisect_right(self.cuts, as_of)

    def bind(self, param_id: str, as_of: dt.date) -> BoundParam | None:
        for layer in self.parameters.get(param_id, ()):
            entry = layer.value_on(as_of)
            if entry is not None:
                return BoundParam(
                    self.parameter_defs[param_id],
                    entry.value,
                    layer.pack,
                    entry,
                    entry.source or layer.source,
                    layer.verification,
                )
        return None


def change_dates(
    rules: tuple[tuple[RuleDef, str], ...], parameters: Mapping[str, tuple[ParamLayer, ...]]
) -> tuple[dt.date, ...]:
    """Every date on which a rule or parameter value starts or stops applying, in order."""
    dates: set[dt.date] = set()
    for rule, _ in rules:
        if rule.effective_from:
            dates.add(rule.effective_from)
        if rule.effective_to:
            dates.add(rule.effective_to + ONE_DAY)
    for layers in parameters.values():
        for layer in layers:
            for value in layer.values:
                dates.add(value.start)
                if value.end:
                    dates.add(value.end + ONE_DAY)
    return tuple(sorted(dates))
