"""``lexgate corpus generate``: seeded, valid, covering the vocabulary, the jurisdictions and thresholds."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cli import app
from engine import RuleSet, parse_request
from tests.conftest import AS_OF
from tools.corpus import CorpusSpec, generate, thresholds


def test_same_seed_same_cases_and_cli_agrees(ruleset: RuleSet) -> None:
    first = list(generate(ruleset, CorpusSpec(n=50, seed=3)))
    assert first == list(generate(ruleset, CorpusSpec(n=50, seed=3)))
    assert first != list(generate(ruleset, CorpusSpec(n=50, seed=4)))
    out = CliRunner().invoke(app, ["corpus", "generate", "-n", "50", "--seed", "3"])
    assert [json.loads(line) for line in out.stdout.splitlines()] == first


def test_cases_are_valid_varied_and_near_thresholds(ruleset: RuleSet) -> None:
    cases = list(generate(ruleset, CorpusSpec(n=600, seed=11, missing=0.1)))
    given = 0
    for case in cases:
        request = parse_request(ruleset, case, AS_OF)  # raises on any invalid fact
        assert ruleset.plan(request.jurisdiction, request.as_of) is not None
        given += len(case["facts"])
    facts = ruleset.vocabulary.facts
    seen = {f for case in cases for f in case["facts"]}
    assert seen == {f.id for f in facts}
    assert {c["jurisdiction"] for c in cases} == set(ruleset.jurisdictions)
    share_missing = 1 - given / (len(cases) * len(facts))
    assert 0.07 < share_missing < 0.2  # 10 % left out, plus fine amounts without a proposed fine
    on_threshold = {
        fact: any(c["facts"].get(fact) == limit for c in cases for limit in limits)
        for fact, limits in thresholds(ruleset).items()
    }
    assert on_threshold and all(on_threshold.values())
