"""The repository's own packs: the analyses find no errors (warnings are for legal staff to weigh)."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.loading import run_pipeline
from tools.lint import analyse, context

ROOT = Path(__file__).resolve().parent.parent.parent


def test_repository_rules_have_no_analysis_errors() -> None:
    state = run_pipeline(ROOT / "rules", ROOT)
    assert state.ruleset is not None and state.resolved is not None
    errors = [str(p) for p in analyse(state.ruleset, state.resolved) if p.severity == "error"]
    assert errors == []


def test_a_spent_budget_reports_nothing_but_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    fixture = ROOT / "tests" / "golden" / "analysis" / "rule_never_fires" / "rules"
    state = run_pipeline(fixture, ROOT)
    assert state.ruleset is not None and state.resolved is not None
    assert "rule_never_fires" in {p.code for p in analyse(state.ruleset, state.resolved)}
    monkeypatch.setattr(context, "TOTAL_STEPS", 0)
    codes = {p.code for p in analyse(state.ruleset, state.resolved)}
    assert "rule_never_fires" not in codes and "analysis_incomplete" in codes
