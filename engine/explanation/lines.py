"""A rule's conditions as lines: each test with its value, its result, and what explains it in turn.

A line depends on the plan and on the value it shows; lines of values from a finite domain (unknown,
yes/no, an enum value, a set of them) are made once per plan and shared by every triage, lines of
numbers and dates once per value while the prepared plan's bounded cache keeps them.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Hashable
from typing import assert_never

from ..language.nodes import AllOf, AnyOf, DecisionTest, ExceptionCondition, FactTest, NotOf, SumTest
from ..language.semantics import Bound, Tri, decision_key
from ..language.tracing import TraceNode
from ..result import OUTCOME_LABELS, ConditionResult, FrozenDict, Outcome, ParamUse, Reason, freeze
from ..vocabulary import describe_value, json_value
from .context import Context

Line = tuple[ConditionResult, tuple[Reason, ...]]  # a condition's line and the reasons nested under it


_NO_DETAIL: FrozenDict[str, object] = FrozenDict()


def outcome_of(value: Tri) -> Outcome:
    return "required" if value is True else ("undetermined" if value is None else "not_required")


class Lines(ABC):
    """Lines of conditions; what explains a derived fact or decision under its line comes from
    :meth:`nested_reasons` (``Reasons``, which is a ``Lines``: one object, no reference cycle for the
    garbage collector to find after every triage)."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        # read for every test of every reason: kept at hand
        self.derived = ctx.plan.scope.derived
        self.facts = ctx.facts
        self.memo = ctx.prepared.memo
        self.lines = ctx.prepared.lines
        self.finite_lines: dict[Hashable, tuple[object, ConditionResult]] = self.memo.get(
            "finite-lines", dict
        )
        self.param_memo: dict[tuple[str, ...], tuple[ParamUse, ...]] = self.memo.get("param-uses", dict)

    def param_uses(self, used: tuple[Bound, ...]) -> tuple[ParamUse, ...]:
        """The parameters a line compared with, made once per plan (a parameter id names one value in it)."""
        if not used:
            return ()
        key = tuple([b.id for b in used])
        found: tuple[ParamUse, ...] | None = self.param_memo.get(key)
        if found is None:
            found = self.param_memo[key] = tuple([_param_use(b) for b in used])
        return found

    @abstractmethod
    def nested_reasons(self, key: str, value: Tri) -> tuple[Reason, ...]:
        """A conclusion's reasons, as nested under a line that tests it."""

    def lines_of(self, node: TraceNode) -> list[Line]:
        """The lines of a rule's recorded condition, in the order written."""
        out: list[Line] = []
        self._walk(node, False, out)
        return out

    def conditions(self, node: TraceNode) -> tuple[ConditionResult, ...]:
        return tuple([line for line, _ in self.lines_of(node)])

    def _walk(self, node: TraceNode, negated: bool, out: list[Line]) -> None:
        cond = node.condition
        result = node.result if node.result is None or not negated else not node.result
        match cond:  # the most frequent kinds first: each case is an isinstance check
            case FactTest():
                out.append(self._fact(node, cond, negated, result))
            case AllOf() | AnyOf():
                for child in node.children:
                    self._walk(child, negated, out)
            case NotOf():
                self._walk(node.children[0], not negated, out)
            case DecisionTest():
                out.append(self._decision(node, cond, negated, result))
            case SumTest():
                out.append((self._sum(node, cond, negated, result), ()))
            case ExceptionCondition():
                out.append(self._exception(node, cond, negated, result))
            case _:
                assert_never(cond)

    def _exception(self, node: TraceNode, cond: ExceptionCondition, negated: bool, result: Tri) -> Line:
        inner = node.children[0]
        because = Reason.trusted(
            rule=cond.exception_rule,
            concludes=cond.exception_rule,
            title=cond.title,
            basis=cond.basis,
            pack=self.ctx.plan.scope.jurisdiction,
            result=inner.result,
            expression=self.ctx.texts.expression(cond.when),
            conditions=self.conditions(inner),
            because=(),
            detail=_NO_DETAIL,
            effective_from=None,
            effective_to=None,
        )
        line = ConditionResult.trusted(
            kind="exception",
            fact=cond.exception_rule,
            label=f"例外：{cond.title}",
            test="不适用" if negated else "适用",
            value=node.result,
            value_text={True: "适用", False: "不适用", None: "未知"}[node.result],
            result=result,
            negated=negated,
            params=(),
        )
        return line, (because,)

    def _decision(self, node: TraceNode, cond: DecisionTest, negated: bool, result: Tri) -> Line:
        return self.decision_line(cond, negated, node.value, result), self.nested_reasons(
            decision_key(cond.decision), node.value
        )

    def decision_line(self, cond: DecisionTest, negated: bool, value: Tri, result: Tri) -> ConditionResult:
        """A decision test's line (one per plan, test and value: the values are three)."""
        found: ConditionResult | None = self.memo.found("decision-line", cond, (negated, value))
        if found is not None:
            return found
        line = ConditionResult.trusted(
            kind="decision",
            fact=cond.decision,
            label=self.ctx.texts.decision_label(cond.decision),
            test=self.ctx.texts.test(cond, negated),
            value=outcome_of(value),
            value_text=OUTCOME_LABELS[outcome_of(value)],
            result=result,
            negated=negated,
            params=(),
        )
        self.memo.keep("decision-line", cond, (negated, value), line)
        return line

    def _sum(self, node: TraceNode, cond: SumTest, negated: bool, result: Tri) -> ConditionResult:
        terms = node.value or {}
        texts = self.ctx.texts
        value_text = "；".join(
            f"{texts.fact_label(f)} {describe_value(self.ctx.fact_def(f), v)}" for f, v in terms.items()
        )
        return ConditionResult.trusted(
            kind="sum",
            fact=None,
            label=texts.sum(cond),
            test=texts.test(cond, negated),
            value=freeze({f: json_value(v) for f, v in terms.items()}),
            value_text=value_text,
            result=result,
            negated=negated,
            params=self.param_uses(node.params),
        )

    def _fact(self, node: TraceNode, cond: FactTest, negated: bool, result: Tri) -> Line:
        derived = cond.fact in self.derived
        given = derived and self.derived[cond.fact].also_input and self.facts.get(cond.fact) is not None
        because = (
            self.nested_reasons(cond.fact, node.value)
            if derived and not given and cond.absent is None
            else ()
        )
        return self._fact_line(node, cond, negated, result, derived and not given), because

    def cached_fact_line(
        self, cond: FactTest, negated: bool, derived: bool, value: object
    ) -> ConditionResult | None:
        """The line of ``cond`` showing ``value``, if it was made before: made once per distinct value —
        for ever for values from a finite domain (unknown, yes/no, an enum value, a set), in the
        prepared plan's bounded cache for numbers and dates."""
        key = (id(cond), negated, derived, type(value), value)
        finite = value is None or isinstance(value, bool | str | frozenset)
        kept = self.finite_lines.get(key) if finite else self.lines.get(key)
        if kept is not None and kept[0] is cond:
            line: ConditionResult = kept[1]
            return line
        return None

    def _fact_line(
        self, node: TraceNode, cond: FactTest, negated: bool, result: Tri, derived: bool
    ) -> ConditionResult:
        value = node.value
        found = self.cached_fact_line(cond, negated, derived, value)
        if found is not None:
            return found
        fact = self.ctx.fact_def(cond.fact)
        line = ConditionResult.trusted(
            kind="derived" if derived else "fact",
            fact=cond.fact,
            label=self.ctx.texts.fact_label(cond.fact),
            test=self.ctx.texts.test(cond, negated),
            value=freeze(json_value(value, fact)),
            value_text=describe_value(fact, value),
            result=result,
            negated=negated,
            params=self.param_uses(node.params),
        )
        key = (id(cond), negated, derived, type(value), value)
        if value is None or isinstance(value, bool | str | frozenset):
            self.finite_lines[key] = (cond, line)  # the node kept with its line: ids are not reused
        else:
            self.lines.put(key, (cond, line))
        return line


def _param_use(b: Bound) -> ParamUse:
    return ParamUse.trusted(
        id=b.id, label=b.label, value=b.value, source=b.source, verification=b.verification, pack=b.pack
    )
