"""The engine as the maintainer tools (``tools/``: lint, whatif, diff, corpus, coverage) see it.

Beyond the public face (:mod:`engine`), the tools work on the rule model itself: the condition
language and its visitor, plans and their rules, the vocabulary, the loader's state (lint analyses a
rule set that may not load), and the prepared, compiled form of a plan. This module names what they
may use; the store, the API and the CLI never import it (``make lint`` checks).
"""

from .caches import PreparedPlan, Program
from .language.closures import compile_condition
from .language.nodes import (
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
from .language.semantics import Tri, decision_key
from .language.tracing import TraceNode
from .language.visitor import (
    ConditionVisitor,
    leaves,
    param_refs,
    reads,
    visit,
)
from .language.wording import condition_text, format_number
from .loading import LoadState, rerun_pipeline, run_pipeline
from .loading.definitions import Definitions
from .model import FactDef, ParameterDef, ParameterOverride, ParamValue, RuleDef, detail_facts, detail_params
from .naming import Namer
from .plan import Plan, PlanRule, build_plan
from .settle import Verdicts
from .text_report import detail_text, reason_lines
from .timing import ENGINE_FACTS
from .trace import NO_TRACE, RecordingTracer, Tracer
from .vocabulary import Vocabulary, describe_value

__all__ = [
    "ENGINE_FACTS",
    "NO_TRACE",
    "AllOf",
    "AnyOf",
    "Condition",
    "ConditionVisitor",
    "DecisionTest",
    "Definitions",
    "ExceptionCondition",
    "FactDef",
    "FactTest",
    "LoadState",
    "Namer",
    "NotOf",
    "ParamRef",
    "ParamValue",
    "ParameterDef",
    "ParameterOverride",
    "Plan",
    "PlanRule",
    "PreparedPlan",
    "Program",
    "RecordingTracer",
    "RuleDef",
    "SumTest",
    "TraceNode",
    "Tracer",
    "Tri",
    "Verdicts",
    "Vocabulary",
    "build_plan",
    "compile_condition",
    "condition_text",
    "decision_key",
    "describe_value",
    "detail_facts",
    "detail_params",
    "detail_text",
    "format_number",
    "leaves",
    "param_refs",
    "reads",
    "reason_lines",
    "rerun_pipeline",
    "run_pipeline",
    "visit",
]
