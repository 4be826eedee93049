"""Every example case in examples/ triages without error and shows what the README says it shows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from engine import RuleSet, parse_request, triage
from tests.bdd.support import ROOT, choose_executor
from tools.mutate.scenarios import DEFAULT_AS_OF

EXAMPLES = sorted((ROOT / "examples").glob("*.json"))

# The decision each example is there to demonstrate (README "Use").
HEADLINES = {
    "yichun_food_hearing.json": {"hearing_notice", "simplified_meeting", "social_supervisor", "legal_review"},
    "suqian_ordinary_penalty.json": {"legal_review"},
    "hengyang_major_case.json": {"legal_review", "collective_discussion", "hearing_notice"},
    "national_counterfeit_transfer.json": {"judicial_transfer"},
    "jiangxi_hearing_fine.json": {"hearing_notice", "legal_review"},
}


def test_every_example_has_a_headline() -> None:
    assert {p.name for p in EXAMPLES} == set(HEADLINES)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_triages(ruleset: RuleSet, path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    result = triage(ruleset, parse_request(ruleset, raw, DEFAULT_AS_OF), choose_executor())
    required = {d for d, r in result.decisions.items() if r.outcome == "required"}
    assert HEADLINES[path.name] <= required, f"{path.name}: 需要的决定只有 {sorted(required)}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_through_the_cli(path: Path) -> None:
    outcome = CliRunner().invoke(app, ["decide", str(path), "--format", "text", "--executor", "compiled"])
    assert outcome.exit_code == 0, outcome.output
    assert "【法制审核】" in outcome.output
