"""Shared fixtures: the repository's rule set, loaded once per test session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from engine import RuleSet, load_ruleset

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 1)


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset(ROOT / "rules")
