"""The tracer: receives the explanation of an evaluation as it happens.

Each rule's condition is recorded as a tree of :class:`~engine.language.tracing.TraceNode` (a closed
set of node kinds, each with its result, the value it looked at and — when unknown — exactly the
missing input facts that could change it); each conclusion as its value and missing facts.

The tracer is passed into evaluation, never kept in a global, so concurrent requests never mix.
The default :data:`NO_TRACE` records nothing and lets executors take their fast path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from .language.semantics import Tri
from .language.tracing import TraceNode
from .plan import Conclusion, PlanRule


class Tracer(Protocol):
    """Receives the explanation of an evaluation as it happens."""

    @property
    def enabled(self) -> bool: ...

    def rule(self, rule: PlanRule, node: TraceNode) -> None: ...

    def conclusion(self, conclusion: Conclusion, value: Tri, missing: frozenset[str]) -> None: ...


class NoTrace:
    """Records nothing; executors skip all explanation work."""

    enabled = False

    def rule(self, rule: PlanRule, node: TraceNode) -> None:
        return None

    def conclusion(self, conclusion: Conclusion, value: Tri, missing: frozenset[str]) -> None:
        return None


NO_TRACE = NoTrace()


@dataclass
class RecordingTracer:
    """Keeps the whole explanation: one node tree per rule, one value per conclusion."""

    enabled: bool = True
    rules: dict[int, TraceNode] = field(default_factory=dict)
    values: dict[str, Tri] = field(default_factory=dict)
    missing: dict[str, frozenset[str]] = field(default_factory=dict)

    def rule(self, rule: PlanRule, node: TraceNode) -> None:
        self.rules[rule.index] = node

    def conclusion(self, conclusion: Conclusion, value: Tri, missing: frozenset[str]) -> None:
        self.values[conclusion.key] = value
        self.missing[conclusion.key] = missing
