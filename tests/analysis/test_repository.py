"""The repository's own packs: the analyses find no errors (warnings are for legal staff to weigh)."""

from __future__ import annotations

from pathlib import Path

from engine.analysis import analyse
from engine.loader import run_pipeline

ROOT = Path(__file__).resolve().parent.parent.parent


def test_repository_rules_have_no_analysis_errors() -> None:
    state = run_pipeline(ROOT / "rules", ROOT)
    assert state.ruleset is not None and state.resolved is not None
    errors = [str(p) for p in analyse(state.ruleset, state.resolved) if p.severity == "error"]
    assert errors == []
