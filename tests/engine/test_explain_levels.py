"""``explain=full|reasons|none``: the same outcomes at every level, only less of the why.

Each level is compared with the full explanation of the same case (CONTRACT §5, the default):
``reasons`` names the same rules with what they say but without conditions or nested reasons,
``none`` leaves every decision's reasons empty; outcomes, details, missing facts, warnings and facts
do not change.
"""

from __future__ import annotations

from typing import Any

import pytest

from engine import EXPLAIN_LEVELS, RuleSet, get_executor, parse_request, triage
from tests.conftest import AS_OF
from tools.corpus.generate import CorpusSpec, generate


def _without_reasons(result: dict[str, Any]) -> dict[str, Any]:
    decisions = {k: {**d, "reasons": None} for k, d in result["decisions"].items()}
    return {**result, "decisions": decisions}


def _slim(reason: dict[str, Any]) -> dict[str, Any]:
    return {**reason, "conditions": [], "because": []}


@pytest.mark.parametrize("executor", ["compiled", "durable"])
def test_levels_differ_only_in_reasons(ruleset: RuleSet, executor: str) -> None:
    run = get_executor(executor)
    seen_reasons = 0
    for raw in generate(ruleset, CorpusSpec(n=60, seed=14, missing=0.2)):
        request = parse_request(ruleset, raw, AS_OF)
        full, reasons, none = (
            triage(ruleset, request, run, level).model_dump(mode="json")
            for level in ("full", "reasons", "none")
        )
        assert _without_reasons(reasons) == _without_reasons(full)
        assert _without_reasons(none) == _without_reasons(full)
        for key, decision in full["decisions"].items():
            assert reasons["decisions"][key]["reasons"] == [_slim(r) for r in decision["reasons"]]
            assert none["decisions"][key]["reasons"] == []
            seen_reasons += len(decision["reasons"])
    assert seen_reasons > 0  # the corpus exercises reasons at all


def test_full_is_the_default(ruleset: RuleSet) -> None:
    raw = next(iter(generate(ruleset, CorpusSpec(n=1, seed=3))))
    request = parse_request(ruleset, raw, AS_OF)
    compiled = get_executor("compiled")
    assert triage(ruleset, request, compiled) == triage(ruleset, request, compiled, "full")
    assert EXPLAIN_LEVELS == ("full", "reasons", "none")
