"""The compiled executor: each condition becomes a tree of closures, run by the evaluation loop.

It needs nothing beyond Python, so it is the executor for bulk work and for Python versions on
which durable-rules does not import. Its program is made once per stretch of dates (the rule set's
caches keep it); with a recording tracer it still decides with that program, and the recording pass
checks every verdict.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..caches import PreparedPlan
from ..settle import Verdicts
from ..trace import Tracer
from .base import interpret


class CompiledExecutor:
    name = "compiled"

    def run(self, prepared: PreparedPlan, facts: Mapping[str, Any], tracer: Tracer) -> Verdicts:
        verdicts = prepared.program(facts)
        if tracer.enabled:
            return interpret(prepared, facts, tracer, expected=verdicts, compiled=True)
        return verdicts
