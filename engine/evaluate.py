"""Triage: a request in, an explained result out.

``evaluate`` is the pure core (rule set + typed facts + ``as_of`` + executor + tracer); ``triage``
adds the boundary work around it: explaining, and naming the rule set and decision.
``triage_request`` is what the CLI and the API call: parse, triage, and report a date on which the
rules cannot be evaluated as bad input. Nothing here reads the clock: the caller supplies
``as_of`` (the CLI and API default it to today).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .caches import Caches
from .compact_trace import CompactTracer, from_recording
from .errors import FactProblem, InputInvalid, ParameterNotInForce
from .executors import Executor, get_executor
from .explanation.context import Context
from .explanation.lines import outcome_of
from .explanation.outcomes import Explain, Outcomes
from .naming import Namer
from .plan import Plan
from .request import ParsedRequest, parse_request
from .result import FrozenDict, RulesetRef, TriageResult, freeze
from .ruleset import RuleSet
from .settle import Verdicts
from .trace import NO_TRACE, RecordingTracer, Tracer
from .vocabulary import json_value


@dataclass(frozen=True)
class Evaluation:
    plan: Plan
    facts: Mapping[str, Any]
    verdicts: Verdicts
    executor: str


def evaluate(
    ruleset: RuleSet,
    facts: Mapping[str, Any],
    *,
    jurisdiction: str,
    as_of: dt.date,
    executor: Executor,
    tracer: Tracer = NO_TRACE,
) -> Evaluation:
    """Decide every rule in force on ``as_of`` for ``jurisdiction``; pure apart from caches."""
    plan = ruleset.plan(jurisdiction, as_of)
    verdicts = executor.run(ruleset.prepared(plan), facts, tracer)
    return Evaluation(plan, facts, verdicts, executor.name)


def decision_id(digest: str, request: ParsedRequest, caches: Caches | None = None) -> str:
    """Same rule set and same request, same id: a result can be found again and replayed.

    The SHA-256 of the request's canonical JSON with the digest (keys sorted, as ``json.dumps`` with
    ``sort_keys`` writes it); with ``caches`` (the rule set's), the facts' part is written once per
    request however many dates and callers ask."""

    def facts_text() -> str:
        given = request.facts
        facts = {k: given[k] if type(given[k]) in _PLAIN else json_value(given[k]) for k in sorted(given)}
        return json.dumps(facts, ensure_ascii=False)  # keys sorted; no value holds an object

    facts = caches.of_request("facts-json", request.facts, facts_text) if caches else facts_text()
    canonical = (
        f'{{"as_of": "{request.as_of.isoformat()}", "case_id": {_text(request.case_id)}, '
        f'"digest": {_text(digest)}, "facts": {facts}, "jurisdiction": {_text(request.jurisdiction)}}}'
    )
    return "d-" + hashlib.sha256(canonical.encode()).hexdigest()[:24]


_PLAIN = frozenset({bool, int, float, str})


def _text(value: str | None) -> str:
    return json.dumps(value, ensure_ascii=False)


def explain(
    ruleset: RuleSet,
    request: ParsedRequest,
    evaluation: Evaluation,
    tracer: CompactTracer | RecordingTracer,
    level: Explain = "full",
) -> TriageResult:
    """The result of an evaluation traced by ``tracer`` (compact, or recorded node by node):
    outcomes, reasons (as ``level`` asks: see :class:`~engine.explanation.outcomes.Outcomes`), missing
    facts, warnings."""
    plan = evaluation.plan
    prepared = ruleset.prepared(plan)
    if isinstance(tracer, RecordingTracer):
        trace = from_recording(prepared, request.facts, tracer)
    else:
        assert tracer.trace is not None, "the executor did not keep the trace"
        trace = tracer.trace
    namer = Namer(ruleset.vocabulary, plan.scope)
    ctx = Context.of(prepared, plan, request.facts, trace, namer)
    outcomes = Outcomes(ctx, ruleset.caches.reasons, level)
    decisions, missing = outcomes.decisions()
    vocabulary = ruleset.vocabulary
    return TriageResult.trusted(
        case_id=request.case_id,
        jurisdiction=request.jurisdiction,
        as_of=request.as_of,
        ruleset=RulesetRef.trusted(packs=tuple([p.ref for p in plan.scope.path]), digest=ruleset.digest),
        executor=evaluation.executor,
        decisions=FrozenDict(decisions),
        missing_facts=tuple(missing),
        warnings=tuple(outcomes.warnings()),
        facts=FrozenDict(
            {
                k: v if type(v) in _PLAIN else freeze(json_value(v, vocabulary.get(k)))
                for k, v in request.facts.items()
            }
        ),
        decision_id=decision_id(ruleset.digest, request, ruleset.caches),
        time_of_act=None,
    )


class Traced:
    """One request evaluated with the compact tracer, explained only when asked: the time of the act
    (engine/timing) evaluates a case on two dates and explains only the one whose law applies."""

    def __init__(self, ruleset: RuleSet, request: ParsedRequest, executor: Executor, level: Explain) -> None:
        self.ruleset, self.request, self.level = ruleset, request, level
        self.tracer = CompactTracer()
        self.evaluation = evaluate(
            ruleset,
            request.facts,
            jurisdiction=request.jurisdiction,
            as_of=request.as_of,
            executor=executor,
            tracer=self.tracer,
        )

    def outcome(self, decision: str) -> str | None:
        """The outcome of ``decision`` (None: the jurisdiction has no such decision on that date), as
        the explained result gives it."""
        for conclusion in self.evaluation.plan.decisions():
            if conclusion.id == decision:
                return outcome_of(self.evaluation.verdicts.values[conclusion.key])
        return None

    def result(self) -> TriageResult:
        return explain(self.ruleset, self.request, self.evaluation, self.tracer, self.level)


def triage(
    ruleset: RuleSet,
    request: ParsedRequest,
    executor: Executor | None = None,
    explain_level: Explain = "full",
) -> TriageResult:
    """The explained triage of one parsed request (``explain_level``: how much of the why to show)."""
    return Traced(ruleset, request, executor or get_executor(), explain_level).result()


def triage_request(
    ruleset: RuleSet,
    raw: Any,
    default_as_of: dt.date,
    executor: Executor | None = None,
    explain_level: Explain = "full",
) -> tuple[ParsedRequest, TriageResult]:
    """Parse and triage one raw request. Bad input — including an ``as_of`` on which a rule in force
    has no parameter value — raises :class:`InputInvalid` naming every problem."""
    request = parse_request(ruleset, raw, default_as_of)
    try:
        return request, triage(ruleset, request, executor, explain_level)
    except ParameterNotInForce as exc:
        problem = FactProblem("parameter_not_in_force", "as_of", str(exc), value=request.as_of.isoformat())
        raise InputInvalid([problem]) from None
