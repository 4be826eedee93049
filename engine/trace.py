"""The explanation tree and the tracer that records it during evaluation.

Evaluation is three-valued: ``True`` (成立), ``False`` (不成立) and ``None`` (unknown, because a
fact it needs is missing). A :class:`TraceNode` records one condition node's result, the value it
looked at, and — when unknown — exactly the missing input facts that could change it.

The tracer is passed into evaluation, never kept in a global, so concurrent requests never mix.
The default :data:`NO_TRACE` records nothing and lets executors take their fast path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple, Protocol

from .model import Condition
from .ruleset import BoundParam, Conclusion, PlanRule

Tri = bool | None
NodeKind = Literal["all", "any", "not", "fact", "decision", "sum", "exception"]


class TraceNode(NamedTuple):
    """One condition node's recorded evaluation (a named tuple: a triage records hundreds of them)."""

    kind: NodeKind
    condition: Condition
    result: Tri
    children: tuple[TraceNode, ...] = ()
    value: Any = None  # the fact or conclusion value a leaf looked at
    params: tuple[BoundParam, ...] = ()  # parameters a leaf compared with
    missing: frozenset[str] = frozenset()  # input facts whose absence leaves this node unknown


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
