"""Triage: a request in, an explained result out.

``evaluate`` is the pure core (plan + typed facts + executor + tracer); ``triage`` adds the
boundary work around it: parsing the request, explaining, and naming the rule set and decision.
Nothing here reads the clock: the caller supplies ``as_of`` (the CLI and API default it to today).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .describe import Namer
from .errors import FactProblem, InputInvalid
from .executors import Executor, Verdicts, get_executor
from .explain import Explainer
from .result import RulesetRef, TriageResult
from .ruleset import Plan, RuleSet
from .trace import NO_TRACE, RecordingTracer, Tracer
from .vocabulary import json_value


class TriageRequest(BaseModel):
    """One case: ``{"case_id", "jurisdiction", "as_of", "facts"}`` (CONTRACT §6)."""

    model_config = ConfigDict(extra="forbid")

    case_id: str | None = Field(default=None, max_length=200)
    jurisdiction: str = Field(min_length=1)
    as_of: dt.date | None = None
    facts: dict[str, Any] = Field(default_factory=dict)


@dataclass(frozen=True)
class ParsedRequest:
    case_id: str | None
    jurisdiction: str
    as_of: dt.date
    facts: dict[str, Any]  # typed, by id; unknown facts absent


@dataclass(frozen=True)
class Evaluation:
    plan: Plan
    facts: Mapping[str, Any]
    verdicts: Verdicts
    executor: str


_REQUEST_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不认识的字段（请求只能有 case_id、jurisdiction、as_of、facts）",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "dict_type": "应为对象（事实名称: 值）",
    "model_type": "请求应为 JSON 对象",
    "model_attributes_type": "请求应为 JSON 对象",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "string_too_long": "太长（最多 200 个字符）",
}


def request_problems(errors: Iterable[Mapping[str, Any]]) -> list[FactProblem]:
    """Pydantic's errors about a request's fields, in the case handler's terms (CLI and API alike)."""
    problems = []
    for err in errors:
        where = ".".join(str(p) for p in err["loc"]) or "request"
        message = _REQUEST_MESSAGES.get(err["type"], err["msg"])
        problems.append(FactProblem("invalid_request", where, message, value=err.get("input")))
    return problems


def parse_request(ruleset: RuleSet, raw: Any, default_as_of: dt.date) -> ParsedRequest:
    """Validate a raw request; every problem (request fields and facts) is reported at once."""
    try:
        request = TriageRequest.model_validate(raw)
    except ValidationError as exc:
        raise InputInvalid(request_problems(exc.errors())) from None
    problems: list[FactProblem] = []
    if request.jurisdiction not in ruleset.scopes:
        try:
            ruleset.scope(request.jurisdiction)
        except InputInvalid as exc:  # the list of known jurisdictions, reported with the facts' problems
            problems.extend(exc.problems)
    facts, fact_problems = ruleset.vocabulary.parse(request.facts)
    problems.extend(fact_problems)
    if problems:
        raise InputInvalid(problems)
    return ParsedRequest(request.case_id, request.jurisdiction, request.as_of or default_as_of, facts)


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
    verdicts = executor.run(plan, facts, tracer)
    return Evaluation(plan, facts, verdicts, executor.name)


def decision_id(digest: str, request: ParsedRequest) -> str:
    """Same rule set and same request, same id: a result can be found again and replayed."""
    canonical = json.dumps(
        {
            "digest": digest,
            "case_id": request.case_id,
            "jurisdiction": request.jurisdiction,
            "as_of": request.as_of.isoformat(),
            "facts": {k: json_value(v) for k, v in sorted(request.facts.items())},
        },
        ensure_ascii=False,
        sort_keys=True,
    )
    return "d-" + hashlib.sha256(canonical.encode()).hexdigest()[:24]


def explain(
    ruleset: RuleSet, request: ParsedRequest, evaluation: Evaluation, tracer: RecordingTracer
) -> TriageResult:
    plan = evaluation.plan
    explainer = Explainer(plan, request.facts, tracer, Namer(ruleset.vocabulary, plan.scope))
    decisions, missing = explainer.decisions()
    return TriageResult(
        case_id=request.case_id,
        jurisdiction=request.jurisdiction,
        as_of=request.as_of,
        ruleset=RulesetRef(packs=[p.ref for p in plan.scope.path], digest=ruleset.digest),
        executor=evaluation.executor,
        decisions=decisions,
        missing_facts=missing,
        warnings=explainer.warnings(),
        facts={k: json_value(v, ruleset.vocabulary.get(k)) for k, v in request.facts.items()},
        decision_id=decision_id(ruleset.digest, request),
    )


def triage(ruleset: RuleSet, request: ParsedRequest, executor: Executor | None = None) -> TriageResult:
    """The explained triage of one parsed request."""
    executor = executor or get_executor()
    tracer = RecordingTracer()
    evaluation = evaluate(
        ruleset,
        request.facts,
        jurisdiction=request.jurisdiction,
        as_of=request.as_of,
        executor=executor,
        tracer=tracer,
    )
    return explain(ruleset, request, evaluation, tracer)
