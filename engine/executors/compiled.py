"""The compiled executor: each condition becomes a tree of closures, run in dependency order.

It needs nothing beyond Python, so it is the executor for bulk work and for Python versions on
which durable-rules does not import. Programs are cached by plan signature, so two dates on which
the same rules and parameter values apply share one program.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any

from ..conditions import Check, compile_condition
from ..ruleset import Plan
from ..trace import Tracer, Tri
from .base import Verdicts, interpret

Program = Callable[[Mapping[str, Any]], Verdicts]
_CACHE_LIMIT = 256


def compile_plan(plan: Plan) -> Program:
    """A function deciding every rule and conclusion of ``plan`` for a case's facts."""
    steps: list[tuple[str, str | None, tuple[tuple[int, Check], ...]]] = []
    for conclusion in plan.conclusions:
        checks = tuple((i, compile_condition(plan.rules[i].condition, plan)) for i in conclusion.rules)
        steps.append((conclusion.key, conclusion.id if conclusion.also_input else None, checks))
    size = len(plan.rules)
    frozen_steps = tuple(steps)

    def run(facts: Mapping[str, Any]) -> Verdicts:
        env = dict(facts)
        verdicts: list[Tri] = [None] * size
        for key, given_id, checks in frozen_steps:
            holds = unknown = False
            for index, check in checks:
                v = check(env)
                verdicts[index] = v
                if v is True:
                    holds = True
                elif v is None:
                    unknown = True
            value: Tri = True if holds else (None if unknown else False)
            if given_id is not None:
                given = facts.get(given_id)
                if given is not None:
                    value = bool(given)
            env[key] = value
        return Verdicts(verdicts, env)

    return run


class CompiledExecutor:
    name = "compiled"

    def __init__(self) -> None:
        self._programs: dict[str, Program] = {}
        self._lock = threading.Lock()

    def program(self, plan: Plan) -> Program:
        program = self._programs.get(plan.signature)
        if program is None:
            program = compile_plan(plan)
            with self._lock:
                if len(self._programs) >= _CACHE_LIMIT:
                    self._programs.clear()
                self._programs[plan.signature] = program
        return program

    def run(self, plan: Plan, facts: Mapping[str, Any], tracer: Tracer) -> Verdicts:
        if tracer.enabled:
            return interpret(plan, facts, tracer)
        return self.program(plan)(facts)
