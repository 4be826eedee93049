"""Stage ``build``: one :class:`~engine.scope.Scope` per jurisdiction, and the immutable rule set."""

from __future__ import annotations

import hashlib

from ..ruleset import RuleSet
from ..scope import DecisionView, DerivedView, ParamLayer, Scope, change_dates
from .definitions import Definitions
from .dependencies import dependency_graph, scope_rules, topological
from .state import LoadState, all_sources


def build(state: LoadState) -> None:
    if state.problems.has_errors or state.vocabulary is None or state.resolved is None:
        return
    bundle = {s.rel: s.text for s in all_sources(state)}
    digest = hashlib.sha256()
    for rel in sorted(bundle):
        digest.update(rel.encode() + b"\0" + bundle[rel].encode() + b"\0")
    state.ruleset = RuleSet(
        root=str(state.root),
        digest="sha256:" + digest.hexdigest(),
        bundle=bundle,
        vocabulary=state.vocabulary,
        packs=state.resolved.packs,
        scopes=build_scopes(state.resolved),
        rules=state.resolved.rules,
    )


def build_scopes(found: Definitions) -> dict[str, Scope]:
    """One scope per pack's jurisdiction: the packs on its path and what they define together."""
    scopes: dict[str, Scope] = {}
    vocab = found.vocabulary
    ordered = sorted(found.packs.values(), key=lambda p: len(found.ancestry[p.id]))
    for pack in ordered:
        path = found.ancestry[pack.id]
        packs = tuple(found.packs[p] for p in path)
        decisions: list[DecisionView] = []
        amendments = [a for p in packs for a in p.amendments]
        for p in packs:
            for dec in p.decisions:
                mine = tuple(a for a in amendments if a.amend == dec.id)
                detail = dict(dec.detail)
                for amend in mine:
                    detail.update(amend.detail)
                decisions.append(DecisionView(dec, p.id, detail, mine))
        derived: dict[str, DerivedView] = {}
        for p in packs:
            for der in p.derived:
                fact = vocab.get(der.id) if der.also_input else None
                label = fact.label if fact is not None else (der.label or der.id)
                derived[der.id] = DerivedView(der, p.id, label, der.also_input)
        param_defs = {pid: d for pid, (d, owner) in found.params.items() if owner in path}
        layers: dict[str, list[ParamLayer]] = {}
        for p in reversed(packs):  # most local first
            for override in p.overrides:
                layers.setdefault(override.override, []).append(
                    ParamLayer(p.id, override.source, override.verification, override.values)
                )
            for definition in p.parameters:
                layers.setdefault(definition.id, []).append(
                    ParamLayer(p.id, definition.source, definition.verification, definition.values)
                )
        keys, edges = dependency_graph(found, path)
        parameters = {k: tuple(v) for k, v in layers.items() if k in param_defs}
        rules = tuple(scope_rules(found, path))
        scopes[pack.jurisdiction] = Scope(
            jurisdiction=pack.jurisdiction,
            path=packs,
            decisions=tuple(decisions),
            derived=derived,
            parameters=parameters,
            parameter_defs=param_defs,
            rules=rules,
            dependency_order=topological(keys, edges),
            cuts=change_dates(rules, parameters),
        )
    return scopes
