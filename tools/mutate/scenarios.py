"""One scenario run in process against a rule set: its case triaged, its checks applied."""

from __future__ import annotations

import datetime as dt
from typing import Any

from engine import InputInvalid, RuleSet, TriageResult, triage_request

from .checks import first_failure
from .features import Scenario

DEFAULT_AS_OF = dt.date(2026, 11, 1)  # as tests/bdd: scenarios never depend on the clock
EMPTY_SET_WORDS = frozenset({"无", "（无）"})


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


def triage(scenario: Scenario, ruleset: RuleSet) -> TriageResult | str:
    raw = request(scenario, ruleset)
    if isinstance(raw, str):
        return raw
    if scenario.jurisdiction not in ruleset.scopes:
        return f"管辖地「{scenario.jurisdiction}」不存在"
    try:
        return triage_request(ruleset, raw, DEFAULT_AS_OF)[1]
    except InputInvalid as exc:
        return "案件事实有误: " + "；".join(str(p) for p in exc.problems)


def failure(scenario: Scenario, ruleset: RuleSet) -> str | None:
    """Why the scenario fails on ``ruleset`` (``None``: it passes)."""
    for part in (scenario, *scenario.then):
        result = triage(part, ruleset)
        if isinstance(result, str):
            return result
        why = first_failure(part.checks, result, ruleset)
        if why is not None:
            return why
    return None
