"""The catalog's answers made from the engine's objects: facts, decisions, jurisdictions, rules, relevance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from engine import OUTCOME_LABELS, Relevance, RuleDescription, RuleSet, describe_rules

from ..schemas.catalog import (
    Concludes,
    DecisionOut,
    DecisionsOut,
    FactOut,
    FactRelevance,
    FactsOut,
    JurisdictionOut,
    JurisdictionsOut,
    PackOut,
    ParamOut,
    Reads,
    RelevanceOut,
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


def rule_out(described: RuleDescription) -> RuleOut:
    rule = described.rule
    location = rule.at
    return RuleOut(
        id=rule.id,
        title=rule.title,
        kind=rule.kind,
        concludes=[Concludes(kind=c.kind, id=c.id, label=c.label) for c in described.concludes],
        text=described.text,
        reads=[Reads(kind=r.kind, id=r.id, label=r.label) for r in described.reads],
        basis=list(rule.basis),
        pack=described.pack,
        jurisdiction=described.jurisdiction,
        effective_from=rule.effective_from,
        effective_to=rule.effective_to,
        in_force=described.in_force,
        parameters=[
            ParamOut(
                id=p.id,
                label=p.definition.label if p.definition else p.id,
                value=p.bound.value if p.bound else None,
                unit=p.definition.unit if p.definition else None,
                pack=p.bound.pack if p.bound else None,
                source=p.bound.source if p.bound else None,
                verification=p.bound.verification if p.bound else None,
                valid_from=p.bound.entry.start if p.bound else None,
                valid_to=p.bound.entry.end if p.bound else None,
            )
            for p in described.parameters
        ],
        detail={k: _jsonable(v) for k, v in rule.detail.items()},
        exceptions=list(described.exceptions),
        replaces=rule.replaces,
        priority=rule.priority,
        note=rule.note,
        location=str(location) if location else "",
    )


def rules(ruleset: RuleSet, jurisdiction: str | None, as_of: dt.date) -> list[RuleOut]:
    """Every rule of a jurisdiction (as it sees them: replaced rules left out), or of every pack."""
    return [rule_out(d) for d in describe_rules(ruleset, jurisdiction, as_of)]


def relevance_out(found: Relevance) -> RelevanceOut:
    return RelevanceOut(
        jurisdiction=found.jurisdiction,
        as_of=found.as_of,
        known=list(found.known),
        facts=[
            FactRelevance(
                fact=f.fact, label=f.label, relevant=f.relevant, rules=list(f.rules), settles=list(f.settles)
            )
            for f in found.facts
        ],
    )
