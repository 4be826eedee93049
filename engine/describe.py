"""Rules described for people: each rule's condition in Chinese with its parameters bound for a
jurisdiction and date, what it concludes, what it reads, and which exceptions defeat it (the rule
browser and ``GET /v1/rules``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from .language.visitor import param_refs, reads
from .language.wording import condition_text
from .model import ParameterDef, RuleDef, detail_params
from .naming import Namer
from .ruleset import RuleSet
from .scope import BoundParam, Scope


@dataclass(frozen=True)
class Named:
    kind: str
    id: str
    label: str


@dataclass(frozen=True)
class ParameterUse:
    id: str
    definition: ParameterDef | None
    bound: BoundParam | None  # None: no value in force on the date


@dataclass(frozen=True)
class RuleDescription:
    rule: RuleDef
    pack: str
    jurisdiction: str  # whose packs and parameters the text is written with
    as_of: dt.date
    text: str
    concludes: tuple[Named, ...]
    reads: tuple[Named, ...]
    parameters: tuple[ParameterUse, ...]
    exceptions: tuple[str, ...]  # rules of the jurisdiction that are exceptions to this one

    @property
    def in_force(self) -> bool:
        return self.rule.in_force(self.as_of)


def describe_rule(
    ruleset: RuleSet, rule: RuleDef, pack: str, scope: Scope, as_of: dt.date
) -> RuleDescription:
    namer = Namer(ruleset.vocabulary, scope)
    bound: dict[str, BoundParam] = {}
    parameters = []
    for ref in dict.fromkeys([*param_refs(rule.when), *detail_params(rule.detail)]):
        value = scope.bind(ref, as_of)
        if value is not None:
            bound[ref] = value
        parameters.append(ParameterUse(ref, scope.parameter_defs.get(ref), value))
    return RuleDescription(
        rule=rule,
        pack=pack,
        jurisdiction=scope.jurisdiction,
        as_of=as_of,
        text=condition_text(rule.when, bound, namer),
        concludes=tuple(_concludes(rule, namer, ruleset)),
        reads=_reads(rule, namer),
        parameters=tuple(parameters),
        exceptions=tuple(r.id for r, _ in scope.rules if rule.id in (r.exception_to or ())),
    )


def describe_rules(ruleset: RuleSet, jurisdiction: str | None, as_of: dt.date) -> list[RuleDescription]:
    """Every rule of a jurisdiction (as it sees them: replaced rules left out), or of every pack, each
    described in its own pack's jurisdiction (where its text reads as written)."""
    if jurisdiction:
        scope = ruleset.scope(jurisdiction)
        return [describe_rule(ruleset, r, pack, scope, as_of) for r, pack in scope.rules]
    return [
        describe_rule(ruleset, r, pack, home_scope(ruleset, pack), as_of)
        for r, pack in ruleset.rules.values()
    ]


def home_scope(ruleset: RuleSet, pack: str) -> Scope:
    """The jurisdiction of the pack that defines a rule: where its text reads as written."""
    return ruleset.scope(ruleset.packs[pack].jurisdiction)


def _concludes(rule: RuleDef, namer: Namer, ruleset: RuleSet) -> Iterator[Named]:
    kind: Literal["decision", "derive", "exception", "warning"] = rule.kind
    if kind == "decision" and rule.decision:
        yield Named("decision", rule.decision, namer.decision_label(rule.decision))
    elif kind == "derive" and rule.derive:
        yield Named("derived", rule.derive, namer.fact_label(rule.derive))
    elif kind == "exception":
        for target in rule.exception_to or ():  # named by the excepted rule's title (people read it)
            excepted = ruleset.rules.get(target)
            yield Named("exception", target, excepted[0].title if excepted else target)
    else:
        yield Named("warning", rule.id, rule.warn or rule.title)


def _reads(rule: RuleDef, namer: Namer) -> tuple[Named, ...]:
    """What a rule's condition reads, once each: the rule browser searches rules by fact through this."""
    found: dict[tuple[str, str], Named] = {}
    for item in reads(rule.when):
        if item.kind == "decision":
            named = Named("decision", item.id, namer.decision_label(item.id))
        else:
            kind = "fact" if item.id in namer.vocabulary else "derived"
            named = Named(kind, item.id, namer.fact_label(item.id))
        found.setdefault((named.kind, named.id), named)
    return tuple(found.values())
