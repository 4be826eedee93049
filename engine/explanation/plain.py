"""What a result says of a plan's decisions whatever the case, made once per prepared plan: each
decision's view, detail labels and detail-only facts, the facts its details read, and the question for
each missing fact."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..language.visitor import reads
from ..model import detail_facts
from ..naming import Namer
from ..plan import Conclusion, Plan, PlanRule
from ..result import FrozenDict, MissingFact, freeze
from ..scope import DecisionView


@dataclass(frozen=True)
class Plain:
    view: DecisionView
    detail_labels: FrozenDict[str, str]
    detail_only: frozenset[str]  # facts read only by detail-only rules: they shape the detail only
    detail_only_ordered: tuple[str, ...]  # the same, in vocabulary order
    detail_facts: tuple[str, ...]  # every fact the decision's details may read (default, amended, rules')


class PlainDecisions:
    def __init__(self, plan: Plan, namer: Namer) -> None:
        self.plan = plan  # the plan of the stretch's first triage: only what is equal on every date is read
        self.namer = namer
        self.order = {f.id: i for i, f in enumerate(namer.vocabulary.facts)}
        self.views = {v.id: v for v in plan.scope.decisions}
        self._of: dict[str, Plain] = {}
        self._missing: dict[str, MissingFact] = {}
        self._reads: dict[int, tuple[str, ...]] = {}

    def of(self, conclusion: Conclusion) -> Plain:
        found = self._of.get(conclusion.key)
        if found is None:
            found = self._of[conclusion.key] = self._plain(conclusion)
        return found

    def _plain(self, conclusion: Conclusion) -> Plain:
        rules = [self.plan.rules[i].rule for i in conclusion.rules]
        only: set[str] = set()
        others: set[str] = set()
        for rule in rules:
            read = {r.id for r in reads(rule.when) if r.kind == "fact"}
            (only if rule.detail_only else others).update(read)
        view = self.views[conclusion.id]
        details = [
            view.detail,
            view.definition.detail,
            *[a.detail for a in view.amendments],
            *[rule.detail for rule in rules],
        ]
        return Plain(
            view=view,
            detail_labels=freeze(dict(view.definition.detail_labels)),
            detail_only=frozenset(only - others),
            detail_only_ordered=tuple(self.ordered(only - others)),
            detail_facts=tuple(dict.fromkeys(f for detail in details for f in detail_facts(detail))),
        )

    def ordered(self, fact_ids: Iterable[str]) -> list[str]:
        """Facts in vocabulary order, as the form and the questions list them."""
        order = self.order
        return sorted(fact_ids, key=lambda f: (order.get(f, 10_000), f))

    def fact_reads(self, rule: PlanRule) -> tuple[str, ...]:
        """The input facts a rule's condition reads, each once, in the order written."""
        found = self._reads.get(rule.index)
        if found is None:
            read = (r.id for r in reads(rule.rule.when) if r.kind == "fact")
            found = self._reads[rule.index] = tuple(dict.fromkeys(read))
        return found

    def missing(self, fact_id: str, affects: tuple[str, ...] = ()) -> MissingFact:
        """A missing fact with its question (and the decisions it affects, if given)."""
        found = self._missing.get(fact_id)
        if found is None:
            fact = self.namer.vocabulary.get(fact_id)
            label = self.namer.fact_label(fact_id)
            found = self._missing[fact_id] = MissingFact.trusted(
                fact=fact_id,
                label=label,
                question=fact.question if fact is not None else f"请确认「{label}」",
                affects=(),
            )
        if not affects:
            return found
        return MissingFact.trusted(fact=fact_id, label=found.label, question=found.question, affects=affects)
