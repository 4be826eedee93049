"""One scenario run in process against a rule set: its case triaged, its checks applied.

The search runs the compiled executor (its verdicts checked node by node by the explanation, as every
explained triage is); the verdicts a report uses — the scenario that caught a mutant, the scenarios
a survivor passes, the case that tells a survivor apart — are run again on the durable executor,
which the compiled program checks in turn (:func:`agreed_failure`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from engine import (
    Executor,
    ExecutorError,
    Explain,
    InputInvalid,
    ParameterNotInForce,
    RuleSet,
    TriageResult,
    durable_available,
    get_executor,
    parse_request,
    triage_request,
)
from engine.toolkit import NO_TRACE, PreparedPlan, Tracer, Verdicts

from .checks import first_failure
from .features import Scenario

DEFAULT_AS_OF = dt.date(2026, 11, 1)  # as tests/bdd: scenarios never depend on the clock
EMPTY_SET_WORDS = frozenset({"无", "（无）"})


def compiled() -> Executor:
    return get_executor("compiled")


def confirming() -> Executor | None:
    """The executor that confirms the verdicts a report uses (durable), if it imports here."""
    return get_executor("durable") if durable_available()[0] else None


def request(scenario: Scenario, ruleset: RuleSet) -> dict[str, Any] | str:
    """The scenario's request (facts by id, as the step 假如 writes them), or why it cannot be made."""
    facts: dict[str, Any] = {}
    for label, value in scenario.facts.items():
        fact = ruleset.vocabulary.get(label)
        if fact is None:
            return f"没有名为「{label}」的事实"
        facts[fact.id] = [] if fact.type == "set" and value.strip() in EMPTY_SET_WORDS else value
    return {
        "case_id": scenario.name.split(" ", 1)[0],
        "jurisdiction": scenario.jurisdiction,
        "as_of": scenario.as_of or DEFAULT_AS_OF.isoformat(),
        "facts": facts,
    }


def parsed_facts(scenario: Scenario, ruleset: RuleSet) -> tuple[dt.date, dict[str, Any]] | None:
    """The scenario's date and typed facts (``None`` if its request is not valid)."""
    raw = request(scenario, ruleset)
    if isinstance(raw, str) or scenario.jurisdiction not in ruleset.scopes:
        return None
    try:
        parsed = parse_request(ruleset, raw, DEFAULT_AS_OF)
    except InputInvalid:
        return None
    return parsed.as_of, parsed.facts


def conclusions(ruleset: RuleSet, jurisdiction: str, day: dt.date, facts: dict[str, Any]) -> Any:
    """What the compiled program concludes on the case (no explanation): a cheap fingerprint."""
    try:
        plan = ruleset.plan(jurisdiction, day)
    except ParameterNotInForce:
        return None
    verdicts = ruleset.prepared(plan).program(facts)
    return tuple(verdicts.values.get(c.key) for c in plan.conclusions)


def level(checks: list[str]) -> Explain:
    """How much of the why the checks read: reasons' conditions for a parameter, their rules and
    citations for the other reason checks, none otherwise (outcomes, details, missing facts and
    warnings are the same at every level)."""
    if any("依据的参数" in check for check in checks):
        return "full"
    return "reasons" if any("的理由" in check for check in checks) else "none"


def triage(
    scenario: Scenario, ruleset: RuleSet, executor: Executor | None = None, explain: Explain | None = None
) -> TriageResult | str:
    raw = request(scenario, ruleset)
    if isinstance(raw, str):
        return raw
    if scenario.jurisdiction not in ruleset.scopes:
        return f"管辖地「{scenario.jurisdiction}」不存在"
    shown = explain or level(scenario.checks)
    try:
        return triage_request(ruleset, raw, DEFAULT_AS_OF, executor or compiled(), shown)[1]
    except InputInvalid as exc:
        return "案件事实有误: " + "；".join(str(p) for p in exc.problems)


def failure(scenario: Scenario, ruleset: RuleSet, executor: Executor | None = None) -> str | None:
    """Why the scenario fails on ``ruleset`` (``None``: it passes), on ``executor`` (compiled)."""
    for part in (scenario, *scenario.then):
        result = triage(part, ruleset, executor)
        if isinstance(result, str):
            return result
        why = first_failure(part.checks, result, ruleset)
        if why is not None:
            return why
    return None


class Witness:
    """The compiled executor, keeping every case it decided: the plan, the facts and its verdicts."""

    name = "compiled"

    def __init__(self) -> None:
        self.runs: list[tuple[PreparedPlan, Mapping[str, Any], Verdicts]] = []

    def run(self, prepared: PreparedPlan, facts: Mapping[str, Any], tracer: Tracer) -> Verdicts:
        verdicts = compiled().run(prepared, facts, tracer)
        self.runs.append((prepared, facts, verdicts))
        return verdicts

    def agreed_by(self, other: Executor) -> bool:
        """Whether ``other`` decides every case this one decided with the same verdicts."""
        for prepared, facts, verdicts in self.runs:
            theirs = other.run(prepared, facts, NO_TRACE)
            if list(theirs.rules) != list(verdicts.rules) or dict(theirs.values) != dict(verdicts.values):
                return False
        return True


def witnessed(scenario: Scenario, ruleset: RuleSet) -> tuple[str | None, Witness]:
    """:func:`failure` on the compiled executor, with the cases it decided."""
    witness = Witness()
    return failure(scenario, ruleset, witness), witness


class Disagreement(ExecutorError):
    """The durable executor and the compiled one judge a scenario differently."""


def confirmed(
    scenario: Scenario, ruleset: RuleSet, found: str | None, witness: Witness | None = None
) -> str | None:
    """``found`` — the scenario's :func:`failure` on the compiled executor — confirmed on the durable
    one where it imports: :class:`Disagreement` if they differ (an engine defect, never a verdict).

    With the ``witness`` of that failure, the durable executor only decides the cases the compiled
    one decided: an explained triage is the recording pass checked against the executor's verdicts,
    so where every verdict is the same, so is every result the checks read. Otherwise (or without a
    witness) the scenario is run again in full on the durable executor."""
    durable = confirming()
    if durable is None:
        return found
    if witness is not None and witness.agreed_by(durable):
        return found
    again = failure(scenario, ruleset, durable)
    if (found is None) != (again is None):
        raise Disagreement(
            f"场景 {scenario.name}：compiled 执行器{'不通过' if found else '通过'}（{found or again}），"
            f"durable 执行器{'不通过' if again else '通过'}"
        )
    return found


def agreed_failure(scenario: Scenario, ruleset: RuleSet) -> str | None:
    """:func:`failure`, on both executors."""
    found, witness = witnessed(scenario, ruleset)
    return confirmed(scenario, ruleset, found, witness)
