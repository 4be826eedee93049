"""lexgate's engine: the public face that the store, the API and the CLI use.

Everything here is stable within the project; every other module of ``engine`` is private to it (the
maintainer tools in ``tools/`` also use :mod:`engine.toolkit`). ``make lint`` checks both with
import-linter.

Load once, triage many::

    ruleset = load_ruleset(default_rules_dir())          # RuleSetInvalid lists every problem
    request, result = triage_request(ruleset, raw, dt.date.today())   # InputInvalid names bad facts
    print(render_text(result))                           # or result.model_dump_json()
"""

from .describe import RuleDescription, describe_rule, describe_rules, home_scope
from .errors import (
    ExecutorError,
    FactProblem,
    InputInvalid,
    LexgateError,
    Location,
    ParameterNotInForce,
    RuleProblem,
    RuleSetInvalid,
    did_you_mean,
)
from .executors import EXECUTORS, Executor, default_executor_name, durable_available, get_executor
from .loading import default_rules_dir, load_ruleset, shipped_rules_dir
from .loading.state import VOCABULARY_FILE
from .model import FactDef, RuleDef
from .relevant_facts import FactRelevance, Relevance, relevance
from .request import ParsedRequest, TriageRequest, parse_request, request_problems
from .result import (
    LABEL_OUTCOMES,
    OUTCOME_LABELS,
    ConditionResult,
    DecisionResult,
    MissingFact,
    Reason,
    TimeOfAct,
    TriageResult,
    WarningResult,
)
from .ruleset import RuleSet
from .scope import Scope
from .text_report import render_text
from .timing import triage, triage_in_time, triage_request
from .workdays import WorkdayDeadline, is_workday, nth_workday_after

__all__ = [
    "EXECUTORS",
    "LABEL_OUTCOMES",
    "OUTCOME_LABELS",
    "VOCABULARY_FILE",
    "ConditionResult",
    "DecisionResult",
    "Executor",
    "ExecutorError",
    "FactDef",
    "FactProblem",
    "FactRelevance",
    "InputInvalid",
    "LexgateError",
    "Location",
    "MissingFact",
    "ParameterNotInForce",
    "ParsedRequest",
    "Reason",
    "Relevance",
    "RuleDef",
    "RuleDescription",
    "RuleProblem",
    "RuleSet",
    "RuleSetInvalid",
    "Scope",
    "TimeOfAct",
    "TriageRequest",
    "TriageResult",
    "WarningResult",
    "WorkdayDeadline",
    "default_executor_name",
    "default_rules_dir",
    "describe_rule",
    "describe_rules",
    "did_you_mean",
    "durable_available",
    "get_executor",
    "home_scope",
    "is_workday",
    "load_ruleset",
    "nth_workday_after",
    "parse_request",
    "relevance",
    "render_text",
    "request_problems",
    "shipped_rules_dir",
    "triage",
    "triage_in_time",
    "triage_request",
]
