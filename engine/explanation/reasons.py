"""Reasons: why a rule holds, why it does not, or what it still needs — and which rules to show.

A rule's reason (its conditions, values, nested reasons and detail) is fixed by the values of the
input facts it reads, directly or through the derived facts and decisions it tests, so triages that
agree on those share it (the rule set's ``caches.reasons``). Only reasons that read few facts are
worth keeping: with more, cases rarely agree on all of them (measured on generated cases: 92 % of
lookups hit with one fact read, 53 % with three, under 11 % with four or more), and a miss costs its
key and its slot.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from ..caches import ReasonCache
from ..language.semantics import Tri, decision_key
from ..language.visitor import reads
from ..model import detail_facts
from ..plan import Plan, PlanRule
from ..result import FrozenDict, Reason, freeze
from .context import Context
from .details import resolve_detail
from .ranking import Counter, failed_counter
from .rule_lines import RuleLines

_NO_DETAIL: FrozenDict[str, object] = FrozenDict()
WHY_NOT_LIMIT = 3
NESTED_WHY_NOT_LIMIT = 1
SHARED_REASON_READS = 3  # reasons shared across triages read at most this many input facts


class Reasons(RuleLines):
    """``conditions``: each reason with its conditions and nested reasons (``explain=full``), or only
    which rules and what they say (``explain=reasons``: the same rules, no conditions, no proof tree)."""

    def __init__(self, ctx: Context, shared: ReasonCache, conditions: bool = True) -> None:
        super().__init__(ctx)
        self.shared = shared
        self.with_conditions = conditions
        self._of: dict[tuple[str, bool], tuple[Reason, ...]] = {}
        self._plan_key = plan_key(ctx)
        self._rules: dict[tuple[int, bool], Reason] = {}

    def nested_reasons(self, key: str, value: Tri) -> tuple[Reason, ...]:
        return self.of(key, value, nested=True)

    def of(self, key: str, value: Tri, nested: bool = False) -> tuple[Reason, ...]:
        """Reasons for a conclusion's value: supporting rules, unknown rules, or the closest misses."""
        memo = (key, nested)
        if memo in self._of:
            return self._of[memo]
        self._of[memo] = ()  # guards against re-entry; conclusions are acyclic
        plan = self.ctx.plan
        conclusion = plan.by_key.get(key)
        reasons: tuple[Reason, ...] = ()
        if conclusion is not None:
            rules = [plan.rules[i] for i in conclusion.rules]
            verdicts = self.ctx.trace.verdicts
            if value is True:
                reasons = tuple([self.rule(r, with_detail=True) for r in rules if verdicts[r.index] is True])
            elif value is None:
                reasons = tuple([self.rule(r) for r in rules if verdicts[r.index] is None])
            else:
                reasons = self.closest(rules, NESTED_WHY_NOT_LIMIT if nested else WHY_NOT_LIMIT)
        self._of[memo] = reasons
        return reasons

    def closest(self, rules: list[PlanRule], limit: int) -> tuple[Reason, ...]:
        """The rules with the fewest failed conditions (and those failing one more), best first."""
        scored = sorted([(self.failed(rule), rule.index, rule) for rule in rules])
        if not scored:
            return ()
        best = scored[0][0]
        return tuple([self.rule(rule) for failed, _, rule in scored if failed <= best + 1][:limit])

    def failed(self, rule: PlanRule) -> int:
        """How many of a rule's listed conditions fail (``ranking``: no line made for the count)."""
        counters = self.ctx.prepared.memo.get("failed-counters", _counters, self.ctx.plan)
        return counters[rule.index](self.ctx.trace.env_of(rule.index))

    def rule(self, rule: PlanRule, with_detail: bool = False) -> Reason:
        """A rule's reason; built once per explanation (a rule can be a reason in several places)."""
        memo = (rule.index, with_detail)
        found = self._rules.get(memo)
        if found is None and not self.with_conditions:
            found = self._rules[memo] = self._build(rule, with_detail)
        if found is None:
            read = self._reads(rule)
            if len(read) > SHARED_REASON_READS:
                found = self._build(rule, with_detail)
            else:
                values = tuple([self.ctx.facts.get(f) for f in read])
                key: Hashable = (self._plan_key, rule.index, with_detail, values)
                found = self.shared.get(key)
                if found is None:
                    found = self._build(rule, with_detail)
                    self.shared.put(key, found)
            self._rules[memo] = found
        return found

    def _reads(self, rule: PlanRule) -> tuple[str, ...]:
        plan = self.ctx.plan
        return self.ctx.prepared.memo.of_node(
            "reads", rule, lambda: tuple(sorted(input_facts_read(plan, rule)))
        )

    def _build(self, rule: PlanRule, with_detail: bool) -> Reason:
        lines = self.rule_lines(rule.index) if self.with_conditions else []
        because: list[Reason] = []
        seen: set[str] = set()
        for _, nested in lines:
            for r in nested:
                if r.rule not in seen:
                    seen.add(r.rule)
                    because.append(r)
        return Reason.trusted(
            rule=rule.id,
            concludes=rule.conclusion.removeprefix("decision:"),
            title=rule.rule.title,
            basis=rule.rule.basis,
            pack=rule.pack,
            result=self.ctx.trace.verdicts[rule.index],
            expression=self.ctx.texts.expression(rule.rule.when),
            conditions=tuple([c for c, _ in lines]),
            because=tuple(because),
            detail=freeze(resolve_detail(self.ctx, rule.rule.detail)[0]) if with_detail else _NO_DETAIL,
            effective_from=rule.rule.effective_from,
            effective_to=rule.rule.effective_to,
        )


def _counters(plan: Plan) -> tuple[Counter, ...]:
    return tuple([failed_counter(rule.condition, plan.params) for rule in plan.rules])


def plan_key(ctx: Context) -> tuple[Any, ...]:
    """What a reason depends on besides the facts: the rules in force and each parameter's value with
    its source (two stretches may share the values but cite different sources)."""
    plan = ctx.plan

    def make() -> tuple[Any, ...]:
        params = tuple(sorted((k, v.value, v.entry.start, v.source, v.pack) for k, v in plan.params.items()))
        return (plan.signature, params)

    return ctx.prepared.memo.get("plan-key", make)


def input_facts_read(plan: Plan, rule: PlanRule) -> set[str]:
    """Every input fact that a rule's reason can depend on: those its condition and detail read,
    and those read by the rules of every derived fact and decision it tests (a fact a handler may
    also give directly counts as read itself)."""
    seen: set[str] = set()
    facts: set[str] = set()

    def of_conclusion(key: str) -> None:
        if key in seen:
            return
        seen.add(key)
        conclusion = plan.by_key.get(key)
        if conclusion is None:
            return
        if conclusion.also_input:
            facts.add(conclusion.id)
        for index in conclusion.rules:
            of_rule(plan.rules[index])

    def of_rule(target: PlanRule) -> None:
        for read in reads(target.condition):
            if read.kind == "decision":
                of_conclusion(decision_key(read.id))
                continue
            if read.id in plan.by_key:
                of_conclusion(read.id)
            facts.add(read.id)
        facts.update(detail_facts(target.rule.detail))

    of_rule(rule)
    return facts
