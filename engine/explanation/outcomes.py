"""The explained result's parts: each decision with its outcome, reasons and missing facts; the facts
still missing overall; the warnings that hold."""

from __future__ import annotations

from typing import Any, Literal

from ..caches import ReasonCache
from ..plan import Conclusion, PlanRule
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
from .plain import Plain, PlainDecisions
from .reasons import Reasons

Explain = Literal["full", "reasons", "none"]
EXPLAIN_LEVELS: tuple[Explain, ...] = ("full", "reasons", "none")
_NO_LABELS: FrozenDict[str, str] = FrozenDict()
_NONE: frozenset[str] = frozenset()


class Outcomes:
    """``explain``: ``full`` (reasons with conditions and proof trees, CONTRACT §5), ``reasons`` (which
    rules, without conditions or nested reasons) or ``none`` (no reasons); outcomes, details, missing
    facts and warnings are the same at every level."""

    def __init__(self, ctx: Context, shared: ReasonCache, explain: Explain = "full") -> None:
        self.ctx = ctx
        self.explain = explain
        self.shared = shared
        self.reasons = Reasons(ctx, shared, conditions=explain == "full")
        self.plain: PlainDecisions = ctx.prepared.memo.get(
            "plain-decisions", PlainDecisions, ctx.plan, ctx.namer
        )

    def decisions(self) -> tuple[dict[str, DecisionResult], list[MissingFact]]:
        """Every decision the jurisdiction has on ``as_of``, and the missing facts with what they affect."""
        results: dict[str, DecisionResult] = {}
        affects: dict[str, list[str]] = {}
        for conclusion in self.ctx.plan.decisions():
            results[conclusion.id] = self._decision(conclusion, affects)
        top = [self.plain.missing(f, tuple(affects[f])) for f in self.plain.ordered(affects.keys())]
        return results, top

    def _decision(self, conclusion: Conclusion, affects: dict[str, list[str]]) -> DecisionResult:
        trace = self.ctx.trace
        value = trace.values[conclusion.key]
        outcome = outcome_of(value)
        plain = self.plain.of(conclusion)
        missing: set[str] = set(trace.missing.get(conclusion.key, _NONE)) - plain.detail_only
        detail: FrozenDict[str, Any] | None = None
        if value is True:
            detail, needs = self._detail(conclusion, plain)
            missing |= needs
            asked = [f for f in plain.detail_only_ordered if f not in self.ctx.facts]
            if asked:  # detail-only facts: asked as 补充信息, never blocking the outcome
                questions = tuple([self.plain.missing(f).question for f in asked])
                detail = FrozenDict({**detail, "supplementary": questions})
        for fact in missing:
            affects.setdefault(fact, []).append(conclusion.id)
        return DecisionResult.trusted(
            label=conclusion.label,
            outcome=outcome,
            outcome_label=OUTCOME_LABELS[outcome],
            detail=detail,
            detail_labels=plain.detail_labels if detail is not None else _NO_LABELS,
            reasons=self.reasons.of(conclusion.key, value) if self.explain != "none" else (),
            missing_facts=tuple([self.plain.missing(f) for f in self.plain.ordered(missing)]),
        )

    def _detail(self, conclusion: Conclusion, plain: Plain) -> tuple[FrozenDict[str, Any], frozenset[str]]:
        """A required decision's detail, shared by triages that agree on the rules that hold, the
        amendments in force and the facts the details read."""
        ctx = self.ctx
        verdicts = ctx.trace.verdicts
        facts = ctx.facts
        values = tuple([facts.get(f) for f in plain.detail_facts])
        key = (
            self.reasons.plan_key,
            "detail",
            conclusion.key,
            tuple([a.in_force(ctx.plan.as_of) for a in plain.view.amendments]),
            tuple([i for i in conclusion.rules if verdicts[i] is True]),
            values,
            tuple(map(type, values)),
        )
        found: tuple[FrozenDict[str, Any], frozenset[str]] | None = self.shared.get(key)
        if found is None:
            detail, needs = decision_detail(ctx, conclusion)
            found = (freeze(detail), frozenset(needs))
            self.shared.put(key, found)
        return found

    def warnings(self) -> list[WarningResult]:
        """The warnings that hold, each with the facts its rule reads and their values (shared by
        triages that agree on those values)."""
        out = []
        trace, ctx = self.ctx.trace, self.ctx
        for conclusion in ctx.plan.warnings():
            if trace.values.get(conclusion.key) is not True:
                continue
            rule = ctx.plan.rules[conclusion.rules[0]]
            read = self.plain.fact_reads(rule)
            values = tuple([ctx.facts.get(f, trace.values.get(f)) for f in read])
            key = (self.reasons.plan_key, "warning", rule.index, values, tuple(map(type, values)))
            found: WarningResult | None = self.shared.get(key)
            if found is None:
                found = self._warning(rule, read, values)
                self.shared.put(key, found)
            out.append(found)
        return out

    def _warning(self, rule: PlanRule, read: tuple[str, ...], values: tuple[Any, ...]) -> WarningResult:
        ctx = self.ctx
        facts = [
            WarningFact.trusted(
                fact=fact,
                label=ctx.namer.fact_label(fact),
                value=freeze(json_value(value, ctx.fact_def(fact))),
                value_text=describe_value(ctx.fact_def(fact), value),
            )
            for fact, value in zip(read, values, strict=True)
        ]
        return WarningResult.trusted(
            rule=rule.id,
            message=rule.rule.warn or rule.rule.title,
            basis=rule.rule.basis,
            facts=tuple(facts),
        )
