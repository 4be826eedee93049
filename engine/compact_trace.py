"""The compact trace of an evaluation: what was decided, from which values — the explanation is read
from it on demand.

An explained triage used to record every condition node of every rule as it was evaluated (some two
hundred :class:`~engine.language.tracing.TraceNode` per 宜春 case), although an explanation shows
only some rules, and a reason shared across triages (``caches.reasons``) needs none. The compact
trace keeps what decides everything else — the evaluation's environment (the case's facts and every
conclusion's value) and every rule's verdict — and the explanation reads a rule's lines, and what an
unknown rule misses, from that same environment (``env_of``): a rule reads facts and conclusions
settled before it, whose final values are the values it read, and at most a conclusion not settled
yet (its own, e.g. a presumption that applies when the handler left the fact out), which it read as
the handler gave it; such a rule sees the facts as given for those.

Verdicts are checked as the recording pass checked them (``executors/base.py``): the durable
executor's against the compiled program's, and every rule an explanation shows against the lines it
lists (``explanation/rule_lines.py``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .caches import PreparedPlan
from .errors import ExecutorError
from .language.semantics import Tri, decision_key
from .language.tracing import TraceNode
from .language.visitor import reads
from .plan import Conclusion, Plan, PlanRule
from .settle import Verdicts
from .trace import RecordingTracer

_EMPTY: frozenset[str] = frozenset()


class CompactTracer:
    """Asks the executor for the compact trace of its evaluation (see the module's docstring)."""

    enabled = True

    def __init__(self) -> None:
        self.trace: CompactTrace | None = None

    def rule(self, rule: PlanRule, node: TraceNode) -> None:  # the Tracer protocol: nothing recorded
        return None

    def conclusion(self, conclusion: Conclusion, value: Tri, missing: frozenset[str]) -> None:
        return None

    def keep(
        self, prepared: PreparedPlan, facts: Mapping[str, Any], verdicts: Verdicts, *, checked: bool
    ) -> Verdicts:
        """Keep the trace of ``verdicts``; unless ``checked`` (they are the compiled program's own),
        check them against the compiled program first."""
        reference = verdicts if checked else _checked(prepared, facts, verdicts)
        self.trace = CompactTrace(prepared, facts, reference)
        return verdicts


def from_recording(
    prepared: PreparedPlan, facts: Mapping[str, Any], recording: RecordingTracer
) -> CompactTrace:
    """The compact trace of an evaluation recorded node by node (coverage and the scenarios record every
    node for themselves, then explain the same evaluation)."""
    verdicts = tuple([recording.rules[rule.index].result for rule in prepared.plan.rules])
    return CompactTrace(prepared, facts, Verdicts(verdicts, {**facts, **recording.values}))


def _checked(prepared: PreparedPlan, facts: Mapping[str, Any], verdicts: Verdicts) -> Verdicts:
    reference = prepared.program(facts)
    plan = prepared.plan
    if tuple(reference.rules) != tuple(verdicts.rules):
        for rule in plan.rules:
            ours, theirs = verdicts.rules[rule.index], reference.rules[rule.index]
            if ours is not theirs:
                raise ExecutorError(f"执行器对规则 {rule.id} 的判断（{ours}）与逐项解释（{theirs}）不一致")
    for conclusion in plan.conclusions:
        ours, theirs = verdicts.values.get(conclusion.key), reference.values.get(conclusion.key)
        if ours is not theirs:
            raise ExecutorError(f"执行器对结论 {conclusion.key} 的判断（{ours}）与逐项解释（{theirs}）不一致")
    return reference


class CompactTrace:
    """An evaluation's environment and verdicts; node trees and missing facts made on first use."""

    def __init__(self, prepared: PreparedPlan, facts: Mapping[str, Any], verdicts: Verdicts) -> None:
        self.prepared = prepared
        self.facts = facts
        self.plan: Plan = prepared.plan
        self.values: Mapping[str, Any] = verdicts.values  # the facts and every conclusion's value
        self.verdicts: Sequence[Tri] = verdicts.rules
        self.missing = _Missing(self)
        self._late = _late_reads(prepared)

    def env_of(self, index: int) -> Mapping[str, Any]:
        """What rule ``index`` read: the environment, with the conclusions settled at its step or later
        as the handler gave them (see the module's docstring)."""
        late = self._late[index]
        if not late:
            return self.values
        env = dict(self.values)
        for key in late:
            if key in self.facts:
                env[key] = self.facts[key]
            else:
                env.pop(key, None)
        return env

    def missed(self, index: int) -> frozenset[str]:
        """The input facts whose absence leaves rule ``index`` unknown (none if it is known)."""
        late = self._late[index]
        if late:
            return self.prepared.missing[index](self.env_of(index), _Masked(self.missing, late))
        return self.prepared.missing[index](self.values, self.missing)


def _late_reads(prepared: PreparedPlan) -> tuple[frozenset[str], ...]:
    """For each rule (by index), the conclusions it reads that are settled at its own step or later."""

    def make() -> tuple[frozenset[str], ...]:
        plan = prepared.plan
        position = {c.key: i for i, c in enumerate(plan.conclusions)}
        out = []
        for rule in plan.rules:
            own = position[rule.conclusion]
            keys = {decision_key(r.id) if r.kind == "decision" else r.id for r in reads(rule.condition)}
            out.append(frozenset(k for k in keys if position.get(k, -1) >= own))
        return tuple(out)

    found: tuple[frozenset[str], ...] = prepared.memo.get("late-reads", make)
    return found


class _Missing(Mapping[str, frozenset[str]]):
    """``trace.missing``: for a conclusion left unknown, the input facts that could decide it (those
    its unknown rules miss, and the conclusion itself when a handler may give it); for any other
    conclusion, none. Keys that are not conclusions are absent, as for the recording pass."""

    def __init__(self, trace: CompactTrace) -> None:
        self._trace = trace
        self._made: dict[str, frozenset[str]] = {}

    def __getitem__(self, key: str) -> frozenset[str]:
        found: frozenset[str] | None = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._trace.plan.by_key)

    def __len__(self) -> int:
        return len(self._trace.plan.by_key)

    def get(self, key: str, default: Any = None) -> Any:  # the hot path: no KeyError raised
        found = self._made.get(key)
        if found is not None:
            return found
        trace = self._trace
        conclusion = trace.plan.by_key.get(key)
        if conclusion is None:
            return default
        if trace.values.get(key) is not None:
            found = _EMPTY
        else:
            unknown: set[str] = set()
            for index in conclusion.rules:
                if trace.verdicts[index] is None:
                    unknown |= trace.missed(index)
            if conclusion.also_input:
                unknown.add(conclusion.id)
            found = frozenset(unknown)
        self._made[key] = found
        return found


class _Masked(Mapping[str, frozenset[str]]):
    """``missing`` as a rule saw it before ``masked`` conclusions were settled: without them."""

    def __init__(self, missing: _Missing, masked: frozenset[str]) -> None:
        self._missing = missing
        self._masked = masked

    def __getitem__(self, key: str) -> frozenset[str]:
        if key in self._masked:
            raise KeyError(key)
        return self._missing[key]

    def __iter__(self) -> Iterator[str]:
        return (k for k in self._missing if k not in self._masked)

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def get(self, key: str, default: Any = None) -> Any:
        return default if key in self._masked else self._missing.get(key, default)
