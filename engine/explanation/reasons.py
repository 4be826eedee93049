"""Reasons: why a rule holds, why it does not, or what it still needs — and which rules to show.

A rule's reason (its conditions, values, nested reasons and detail) is fixed by what it shows
(``shapes``): the values its condition reads, the reasons nested under its lines and the facts its
detail reads. Triages that agree on those share it (the rule set's ``caches.reasons``, bounded):
each reason is kept with a serial number, and a reason's key names the reasons nested under it by
theirs, so a reason that tests derived facts is shared whenever the derived facts' values and reasons
are, however many input facts lie beneath them. At ``explain=reasons`` (no conditions) a reason shows
only its rule, verdict and detail, and is keyed by those.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Hashable

from ..caches import ReasonCache
from ..language.semantics import Tri
from ..plan import Plan, PlanRule
from ..result import FrozenDict, Reason, freeze
from .context import Context
from .details import resolve_detail
from .ranking import Counter, failed_counter
from .rule_lines import RuleLines
from .shapes import shapes

_NO_DETAIL: FrozenDict[str, object] = FrozenDict()
WHY_NOT_LIMIT = 3
NESTED_WHY_NOT_LIMIT = 1
_SERIALS = itertools.count()  # never reused: a key naming a reason by its serial cannot be mistaken

Kept = tuple[int, Reason]  # a reason with its serial
Token = tuple[int, ...]  # the serials of a tuple of reasons


class Reasons(RuleLines):
    """``conditions``: each reason with its conditions and nested reasons (``explain=full``), or only
    which rules and what they say (``explain=reasons``: the same rules, no conditions, no proof tree)."""

    def __init__(self, ctx: Context, shared: ReasonCache, conditions: bool = True) -> None:
        super().__init__(ctx)
        self.shared = shared
        self.with_conditions = conditions
        self._of: dict[tuple[str, bool], tuple[Token, tuple[Reason, ...]]] = {}
        self.plan_key = plan_key(ctx)
        self._rules: dict[tuple[int, bool], Kept] = {}
        self._shapes = self.memo.get("reason-shapes", shapes, ctx.plan)

    def nested_reasons(self, key: str, value: Tri) -> tuple[Reason, ...]:
        return self._reasons(key, value, True)[1]

    def of(self, key: str, value: Tri, nested: bool = False) -> tuple[Reason, ...]:
        """Reasons for a conclusion's value: supporting rules, unknown rules, or the closest misses."""
        return self._reasons(key, value, nested)[1]

    def _reasons(self, key: str, value: Tri, nested: bool) -> tuple[Token, tuple[Reason, ...]]:
        memo = (key, nested)
        found = self._of.get(memo)
        if found is not None:
            return found
        self._of[memo] = ((), ())  # guards against re-entry; conclusions are acyclic
        plan = self.ctx.plan
        conclusion = plan.by_key.get(key)
        kept: list[Kept] = []
        if conclusion is not None:
            rules = [plan.rules[i] for i in conclusion.rules]
            verdicts = self.ctx.trace.verdicts
            if value is True:
                kept = [self._rule(r, True) for r in rules if verdicts[r.index] is True]
            elif value is None:
                kept = [self._rule(r, False) for r in rules if verdicts[r.index] is None]
            else:
                kept = self._closest(rules, NESTED_WHY_NOT_LIMIT if nested else WHY_NOT_LIMIT)
        made = (tuple([serial for serial, _ in kept]), tuple([reason for _, reason in kept]))
        self._of[memo] = made
        return made

    def closest(self, rules: list[PlanRule], limit: int) -> tuple[Reason, ...]:
        """The rules with the fewest failed conditions (and those failing one more), best first."""
        return tuple([reason for _, reason in self._closest(rules, limit)])

    def _closest(self, rules: list[PlanRule], limit: int) -> list[Kept]:
        scored = sorted([(self.failed(rule), rule.index, rule) for rule in rules])
        if not scored:
            return []
        best = scored[0][0]
        return [self._rule(rule, False) for failed, _, rule in scored if failed <= best + 1][:limit]

    def failed(self, rule: PlanRule) -> int:
        """How many of a rule's listed conditions fail (``ranking``: no line made for the count)."""
        counters = self.ctx.prepared.memo.get("failed-counters", _counters, self.ctx.plan)
        return counters[rule.index](self.ctx.trace.env_of(rule.index))

    def rule(self, rule: PlanRule, with_detail: bool = False) -> Reason:
        """A rule's reason; built once per explanation (a rule can be a reason in several places)."""
        return self._rule(rule, with_detail)[1]

    def _rule(self, rule: PlanRule, with_detail: bool) -> Kept:
        memo = (rule.index, with_detail)
        found = self._rules.get(memo)
        if found is None:
            key = self._key(rule, with_detail)
            found = self.shared.get(key)
            if found is None:
                found = (next(_SERIALS), self._build(rule, with_detail))
                self.shared.put(key, found)
            self._rules[memo] = found
        return found

    def _key(self, rule: PlanRule, with_detail: bool) -> Hashable:
        """What the reason shows (``shapes``), values with their types (1, 1.0 and True are equal keys)."""
        shape = self._shapes[rule.index]
        facts = self.facts
        detail = tuple([facts.get(f) for f in shape.detail]) if with_detail else ()
        if not self.with_conditions:
            verdict = self.ctx.trace.verdicts[rule.index]
            types = tuple(map(type, detail))
            return (self.plan_key, "slim", rule.index, with_detail, verdict, detail, types)
        env = self.ctx.trace.env_of(rule.index)
        values = tuple([env.get(k) for k in shape.reads])
        given = tuple([facts.get(k) is not None for k in shape.given])
        nested = tuple(
            [
                self._reasons(key, env.get(key), True)[0]
                for key, also in shape.nested
                if also is None or facts.get(also) is None
            ]
        )
        return (  # the verdict too: a wrong one is never shown with a reason made for the right one
            self.plan_key,
            rule.index,
            with_detail,
            self.ctx.trace.verdicts[rule.index],
            values,
            tuple(map(type, values)),
            given,
            nested,
            detail,
            tuple(map(type, detail)),
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


def plan_key(ctx: Context) -> str:
    """What a reason depends on besides the values it shows: the rules in force and each parameter's
    value with its source (two stretches may share the values but cite different sources) — as one
    short text, since every lookup hashes it."""
    plan = ctx.plan

    def make() -> str:
        params = sorted((k, v.value, str(v.entry.start), v.source, v.pack) for k, v in plan.params.items())
        text = json.dumps([plan.signature, params], ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    return ctx.prepared.memo.get("plan-key", make)
