"""Shared fixtures: the repository's rule set, loaded once per test session, and every other load of
an unchanged rules directory by the layers above the engine served from one memo (tests/ruleset_cache.py).

The rule-coverage plugin of the feature scenarios (tests/bdd/coverage_plugin.py) is registered here,
in the conftest every run loads, and not in tests/bdd's: under pytest-xdist the controlling process
collects nothing, so only this file reaches it, and it is there that the scenarios' reports arrive.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from engine import RuleSet, load_ruleset
from tests.bdd.coverage_plugin import RuleCoveragePlugin
from tests.ruleset_cache import memoized_loading

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 11, 1)
_COVERAGE_PLUGIN = "lexgate-rule-coverage"
# The tests allocate millions of short-lived objects (triages, rule sets, records): at Python's default
# thresholds (700, 10, 10) the cyclic collector costs about a sixth of their CPU (bench/README.md).
GC_THRESHOLDS = (50_000, 20, 20)
# No property test has a deadline: hypothesis' default (200 ms per example) is a timed assertion, and on a
# loaded CI host an RFC 6962 root of 70 leaves took 324 ms and failed a run. Speed is measured in bench/.
settings.register_profile("lexgate", deadline=None)
settings.load_profile("lexgate")


# make test runs pytest beside the mutation run and the attack suite, which keep both cores busy for their
# first few minutes. The files whose tests mostly wait — on Chromium, on a served API, on subprocesses and
# PostgreSQL — run first, while the others' CPU fills those waits; the files that only compute come last,
# when pytest has the cores to itself (pytest-xdist hands out files in this order; bench/README.md).
WAITING_FIRST = ("tests/web/", "tests/packaging/", "tests/api/")


def _waits_first(item: pytest.Item) -> int:
    path = item.nodeid
    return next((i for i, prefix in enumerate(WAITING_FIRST) if path.startswith(prefix)), len(WAITING_FIRST))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    items.sort(key=_waits_first)  # stable: the order within each group stays as collected


def pytest_configure(config: pytest.Config) -> None:
    gc.set_threshold(*GC_THRESHOLDS)
    if not config.pluginmanager.has_plugin(_COVERAGE_PLUGIN):
        config.pluginmanager.register(RuleCoveragePlugin(), _COVERAGE_PLUGIN)


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset(ROOT / "rules")


@pytest.fixture(scope="session", autouse=True)
def _one_parse_per_rules_content() -> Iterator[None]:
    """Set up after collection, so every module the tests imported is patched (tests/ruleset_cache.py)."""
    with memoized_loading():
        yield
