"""Engine objects → catalog responses: facts, decisions, jurisdictions, rules in Chinese."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from engine.describe import Namer, condition_text
from engine.model import DecisionTest, FactTest, RuleDef, SumTest
from engine.result import OUTCOME_LABELS
from engine.ruleset import RuleSet, Scope, iter_conditions, param_refs

from .schemas.catalog import (
    Concludes,
    DecisionOut,
    DecisionsOut,
    FactOut,
    FactsOut,
    JurisdictionOut,
    JurisdictionsOut,
    PackOut,
    ParamOut,
    Reads,
    RuleOut,
)

TYPE_LABELS = {
    "bool": "是/否",
    "enum": "单选",
    "set": "多选",
    "money": "金额（元）",
    "int": "整数",
    "date": "日期",
}


def facts(ruleset: RuleSet) -> FactsOut:
    vocabulary = ruleset.vocabulary
    out = [
        FactOut(
            id=f.id,
            label=f.label,
            type=f.type,
            type_label=TYPE_LABELS.get(f.type, f.type),
            values=list(f.values),
            unit=f.unit,
            question=f.question,
            group=f.group,
            description=f.description,
            minimum=f.minimum,
        )
        for f in vocabulary.facts
    ]
    groups = list(vocabulary.groups) or list(dict.fromkeys(f.group for f in vocabulary.facts))
    return FactsOut(groups=groups, facts=out)


def decisions(ruleset: RuleSet, jurisdiction: str | None) -> DecisionsOut:
    scopes = [ruleset.scope(jurisdiction)] if jurisdiction else list(ruleset.scopes.values())
    found: dict[str, DecisionOut] = {}
    for scope in scopes:
        for view in scope.decisions:
            entry = found.get(view.id)
            if entry is None:
                d = view.definition
                entry = found[view.id] = DecisionOut(
                    id=d.id,
                    label=d.label,
                    description=d.description,
                    pack=view.pack,
                    jurisdictions=[],
                    detail_labels=dict(d.detail_labels),
                )
            entry.jurisdictions.append(scope.jurisdiction)
    return DecisionsOut(decisions=list(found.values()), outcomes=dict(OUTCOME_LABELS))


def jurisdictions(ruleset: RuleSet) -> JurisdictionsOut:
    out = []
    for name, scope in ruleset.scopes.items():
        packs = [
            PackOut(
                id=p.id,
                ref=p.ref,
                title=p.manifest.title,
                jurisdiction=p.jurisdiction,
                version=p.manifest.version,
            )
            for p in scope.path
        ]
        parent = scope.path[-2].jurisdiction if len(scope.path) > 1 else None
        out.append(
            JurisdictionOut(name=name, parent=parent, packs=packs, decisions=[d.id for d in scope.decisions])
        )
    return JurisdictionsOut(jurisdictions=out)


def _jsonable(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if isinstance(value, tuple):
        return list(value)
    return value


def _concludes(rule: RuleDef, scope: Scope, namer: Namer) -> list[Concludes]:
    if rule.decision:
        return [Concludes(kind="decision", id=rule.decision, label=namer.decision_label(rule.decision))]
    if rule.derive:
        return [Concludes(kind="derived", id=rule.derive, label=namer.fact_label(rule.derive))]
    if rule.exception_to:
        return [Concludes(kind="exception", id=target, label=target) for target in rule.exception_to]
    return [Concludes(kind="warning", id=rule.id, label=rule.warn or rule.title)]


def _reads(rule: RuleDef, namer: Namer) -> list[Reads]:
    """What a rule's condition reads, once each: the rule browser searches rules by fact through this."""
    found: dict[tuple[str, str], Reads] = {}

    def add(kind: str, item: str, label: str) -> None:
        found.setdefault((kind, item), Reads(kind=kind, id=item, label=label))

    for node in iter_conditions(rule.when):
        if isinstance(node, DecisionTest):
            add("decision", node.decision, namer.decision_label(node.decision))
        elif isinstance(node, FactTest | SumTest):
            names = [node.fact] if isinstance(node, FactTest) else [term.fact for term in node.sum]
            for name in names:
                add("fact" if name in namer.vocabulary else "derived", name, namer.fact_label(name))
    return list(found.values())


def rule(ruleset: RuleSet, rule_def: RuleDef, pack: str, scope: Scope, on: dt.date) -> RuleOut:
    namer = Namer(ruleset.vocabulary, scope)
    bound = {}
    params = []
    for ref in dict.fromkeys(param_refs(rule_def.when, rule_def.detail)):
        value = scope.bind(ref, on)
        definition = scope.parameter_defs.get(ref)
        if value is not None:
            bound[ref] = value
        params.append(
            ParamOut(
                id=ref,
                label=definition.label if definition else ref,
                value=value.value if value else None,
                unit=definition.unit if definition else None,
                pack=value.pack if value else None,
                source=value.source if value else None,
                verification=value.verification if value else None,
                valid_from=value.entry.start if value else None,
                valid_to=value.entry.end if value else None,
            )
        )
    exceptions = [r.id for r, _ in scope.rules if rule_def.id in (r.exception_to or ())]
    location = rule_def.at
    return RuleOut(
        id=rule_def.id,
        title=rule_def.title,
        kind=rule_def.kind,
        concludes=_concludes(rule_def, scope, namer),
        text=condition_text(rule_def.when, bound, namer),
        reads=_reads(rule_def, namer),
        basis=list(rule_def.basis),
        pack=pack,
        jurisdiction=scope.jurisdiction,
        effective_from=rule_def.effective_from,
        effective_to=rule_def.effective_to,
        in_force=rule_def.in_force(on),
        parameters=params,
        detail={k: _jsonable(v) for k, v in rule_def.detail.items()},
        exceptions=exceptions,
        replaces=rule_def.replaces,
        priority=rule_def.priority,
        note=rule_def.note,
        location=str(location) if location else "",
    )


def home_scope(ruleset: RuleSet, pack: str) -> Scope:
    """The jurisdiction of the pack that defines a rule: where its text reads as written."""
    return ruleset.scope(ruleset.packs[pack].jurisdiction)


def rules(ruleset: RuleSet, jurisdiction: str | None, on: dt.date) -> list[RuleOut]:
    """Every rule of a jurisdiction (as it sees them: replaced rules left out), or of every pack."""
    if jurisdiction:
        scope = ruleset.scope(jurisdiction)
        return [rule(ruleset, r, pack, scope, on) for r, pack in scope.rules]
    return [rule(ruleset, r, pack, home_scope(ruleset, pack), on) for r, pack in ruleset.rules.values()]
