"""Every walk over a condition tree goes through here.

:class:`ConditionVisitor` has one method per node kind, each abstract: a visitor that misses a kind
cannot be instantiated, and mypy reports it where it is made. :func:`visit` dispatches with a
``match`` whose exhaustiveness mypy checks (``assert_never``), so adding a node kind to
:data:`~engine.language.nodes.Condition` fails type-checking until ``visit`` and every visitor handle
it. Walks that only collect leaves (:func:`iter_conditions`, :func:`reads`, :func:`param_refs`)
are written once, here, on top of :func:`children`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from typing import Generic, Literal, NamedTuple, TypeVar, assert_never

from .nodes import (
    AllOf,
    AnyOf,
    Condition,
    DecisionTest,
    ExceptionCondition,
    FactTest,
    NotOf,
    ParamRef,
    SumTest,
)

T = TypeVar("T")
Leaf = FactTest | DecisionTest | SumTest


class ConditionVisitor(ABC, Generic[T]):
    """A computation over conditions: one method per node kind."""

    @abstractmethod
    def all_of(self, node: AllOf) -> T: ...

    @abstractmethod
    def any_of(self, node: AnyOf) -> T: ...

    @abstractmethod
    def not_of(self, node: NotOf) -> T: ...

    @abstractmethod
    def exception(self, node: ExceptionCondition) -> T: ...

    @abstractmethod
    def fact(self, node: FactTest) -> T: ...

    @abstractmethod
    def decision(self, node: DecisionTest) -> T: ...

    @abstractmethod
    def sum_test(self, node: SumTest) -> T: ...


def visit(node: Condition, visitor: ConditionVisitor[T]) -> T:
    """``visitor``'s method for the kind of ``node``."""
    match node:
        case AllOf():
            return visitor.all_of(node)
        case AnyOf():
            return visitor.any_of(node)
        case NotOf():
            return visitor.not_of(node)
        case ExceptionCondition():
            return visitor.exception(node)
        case FactTest():
            return visitor.fact(node)
        case DecisionTest():
            return visitor.decision(node)
        case SumTest():
            return visitor.sum_test(node)
        case _:
            assert_never(node)


def children(node: Condition) -> tuple[Condition, ...]:
    """The sub-conditions of a node (none for a leaf)."""
    match node:
        case AllOf():
            return node.all
        case AnyOf():
            return node.any
        case NotOf():
            return (node.not_,)
        case ExceptionCondition():
            return (node.when,)
        case FactTest() | DecisionTest() | SumTest():
            return ()
        case _:
            assert_never(node)


def iter_conditions(condition: Condition) -> Iterator[Condition]:
    """Every node of a condition tree, parents before children."""
    yield condition
    for child in children(condition):
        yield from iter_conditions(child)


def leaves(condition: Condition) -> Iterator[Leaf]:
    """The tests of a condition tree, in the order they are written."""
    for node in iter_conditions(condition):
        match node:
            case FactTest() | DecisionTest() | SumTest():
                yield node
            case AllOf() | AnyOf() | NotOf() | ExceptionCondition():
                pass
            case _:
                assert_never(node)


class Read(NamedTuple):
    """Something a condition reads: a fact (input or derived) or another decision."""

    kind: Literal["fact", "decision"]
    id: str


def reads(condition: Condition) -> Iterator[Read]:
    """What a condition reads, in the order written (repeats possible): the fact of each fact test,
    each term of a weighted sum, and each decision tested."""
    for leaf in leaves(condition):
        match leaf:
            case FactTest():
                yield Read("fact", leaf.fact)
            case SumTest():
                for term in leaf.sum:
                    yield Read("fact", term.fact)
            case DecisionTest():
                yield Read("decision", leaf.decision)
            case _:
                assert_never(leaf)


def param_refs(condition: Condition) -> Iterator[str]:
    """Ids of the parameters a condition compares with or weighs by (repeats possible)."""
    for leaf in leaves(condition):
        match leaf:
            case FactTest():
                for op in ("ge", "gt", "le", "lt"):
                    value = getattr(leaf, op)
                    if isinstance(value, ParamRef):
                        yield value.param
            case SumTest():
                if isinstance(leaf.operand, ParamRef):
                    yield leaf.operand.param
                for term in leaf.sum:
                    if isinstance(term.times, ParamRef):
                        yield term.times.param
            case DecisionTest():
                pass
            case _:
                assert_never(leaf)
