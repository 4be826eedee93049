"""The explained result's parts: each decision with its outcome, reasons and missing facts; the facts
still missing overall; the warnings that hold."""

from __future__ import annotations

from typing import Literal

from ..caches import ReasonCache
from ..language.visitor import reads
from ..plan import Conclusion
from ..result import (
    OUTCOME_LABELS,
    DecisionResult,
    FrozenDict,
    MissingFact,
    WarningFact,
    WarningResult,
    freeze,
)
from ..vocabulary import describe_value, json_value
from .context import Context
from .details import decision_detail
from .lines import outcome_of
from .reasons import Reasons

Explain = Literal["full", "reasons", "none"]
EXPLAIN_LEVELS: tuple[Explain, ...] = ("full", "reasons", "none")
_NO_LABELS: FrozenDict[str, str] = FrozenDict()


class Outcomes:
    """``explain``: ``full`` (reasons with conditions and proof trees, CONTRACT §5), ``reasons`` (which
    rules, without conditions or nested reasons) or ``none`` (no reasons); outcomes, details, missing
    facts and warnings are the same at every level."""

    def __init__(self, ctx: Context, shared: ReasonCache, explain: Explain = "full") -> None:
        self.ctx = ctx
        self.explain = explain
        self.reasons = Reasons(ctx, shared, conditions=explain == "full")

    def decisions(self) -> tuple[dict[str, DecisionResult], list[MissingFact]]:
        """Every decision the jurisdiction has on ``as_of``, and the missing facts with what they affect."""
        results: dict[str, DecisionResult] = {}
        affects: dict[str, list[str]] = {}
        for conclusion in self.ctx.plan.decisions():
            results[conclusion.id] = self._decision(conclusion, affects)
        top = [self._missing(f, affects[f]) for f in self.ctx.texts.ordered(affects)]
        return results, top

    def _decision(self, conclusion: Conclusion, affects: dict[str, list[str]]) -> DecisionResult:
        trace = self.ctx.trace
        value = trace.values[conclusion.key]
        outcome = outcome_of(value)
        detail_only = self._detail_only_facts(conclusion)
        missing: set[str] = set(trace.missing.get(conclusion.key, frozenset())) - detail_only
        detail = None
        if value is True:
            detail, needs = decision_detail(self.ctx, conclusion)
            missing |= needs
            asked = [f for f in self.ctx.texts.ordered(detail_only) if f not in self.ctx.facts]
            if asked:  # detail-only facts: asked as 补充信息, never blocking the outcome
                detail = {**detail, "supplementary": [self._missing(f).question for f in asked]}
        for fact in missing:
            affects.setdefault(fact, []).append(conclusion.id)
        view = next(v for v in self.ctx.plan.scope.decisions if v.id == conclusion.id)
        return DecisionResult.trusted(
            label=conclusion.label,
            outcome=outcome,
            outcome_label=OUTCOME_LABELS[outcome],
            detail=freeze(detail) if detail is not None else None,
            detail_labels=freeze(dict(view.definition.detail_labels)) if detail is not None else _NO_LABELS,
            reasons=self.reasons.of(conclusion.key, value) if self.explain != "none" else (),
            missing_facts=tuple([self._missing(f) for f in self.ctx.texts.ordered(missing)]),
        )

    def _detail_only_facts(self, conclusion: Conclusion) -> frozenset[str]:
        """Facts read only by the conclusion's ``detail_only`` rules: they shape the detail only (a
        property of the plan: computed once per prepared plan)."""
        plan = self.ctx.plan

        def make() -> frozenset[str]:
            only: set[str] = set()
            others: set[str] = set()
            for i in conclusion.rules:
                rule = plan.rules[i].rule
                read = {r.id for r in reads(rule.when) if r.kind == "fact"}
                (only if rule.detail_only else others).update(read)
            return frozenset(only - others)

        return self.ctx.prepared.memo.of_node("detail-only-facts", conclusion, make)

    def _missing(self, fact_id: str, affects: list[str] | None = None) -> MissingFact:
        namer = self.ctx.namer
        fact = namer.vocabulary.get(fact_id)
        return MissingFact.trusted(
            fact=fact_id,
            label=namer.fact_label(fact_id),
            question=fact.question if fact is not None else f"请确认「{namer.fact_label(fact_id)}」",
            affects=tuple(affects or ()),
        )

    def warnings(self) -> list[WarningResult]:
        """The warnings that hold, each with the facts its rule reads and their values."""
        out = []
        trace, ctx = self.ctx.trace, self.ctx
        for conclusion in ctx.plan.warnings():
            if trace.values.get(conclusion.key) is not True:
                continue
            rule = ctx.plan.rules[conclusion.rules[0]]
            facts: list[WarningFact] = []
            seen: set[str] = set()
            for read in reads(rule.rule.when):
                if read.kind != "fact" or read.id in seen:
                    continue
                seen.add(read.id)
                value = ctx.facts.get(read.id, trace.values.get(read.id))
                facts.append(
                    WarningFact.trusted(
                        fact=read.id,
                        label=ctx.namer.fact_label(read.id),
                        value=freeze(json_value(value, ctx.fact_def(read.id))),
                        value_text=describe_value(ctx.fact_def(read.id), value),
                    )
                )
            out.append(
                WarningResult.trusted(
                    rule=rule.id,
                    message=rule.rule.warn or rule.rule.title,
                    basis=rule.rule.basis,
                    facts=tuple(facts),
                )
            )
        return out
