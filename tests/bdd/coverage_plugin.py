"""Records which rules held and which narrowly failed in each scenario, and refuses a complete run
that leaves a rule without either.

Coverage is judged only when every scenario of ``features/`` ran (a run narrowed with ``-k`` or a
node id says so and checks nothing). The report is written for ``lexgate coverage``.

Under pytest-xdist (``-n``) the scenarios run in worker processes: each scenario's rules travel to the
controlling process in its test report (``user_properties``), and only that process, which sees every
report, judges the run and writes the report. Run without ``-n``, the same reports carry them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from pytest_bdd.feature import get_features

from engine import durable_available, load_ruleset
from tools.coverage import CoverageReport, build_report, render_report

from .support import COVERAGE_REPORT, FEATURES_DIR, ROOT

FEATURE_TESTS = "tests/bdd/test_features.py"
PROPERTY = "lexgate-rule-coverage"  # a scenario's (name, executor, fired, near) in its test report


def scenario_record(
    scenario: str, executor: str, fired: Iterable[str], near: Iterable[str]
) -> tuple[str, tuple[str, str, list[str], list[str]]]:
    """What a scenario's triage adds to its test report (plain data: xdist sends it between processes)."""
    return PROPERTY, (scenario, executor, sorted(fired), sorted(near))


def is_worker(config: pytest.Config) -> bool:
    """An xdist worker: it runs only some of the scenarios, so it neither judges nor writes coverage."""
    return hasattr(config, "workerinput")


def scenario_count() -> int:
    """How many test items the features tree yields: one per scenario, one per example row."""
    total = 0
    for feature in get_features([str(FEATURES_DIR)]):
        for template in feature.scenarios.values():
            rows = sum(len(list(examples.as_contexts())) for examples in template.examples)
            total += max(rows, 1)
    return total


class RuleCoveragePlugin:
    def __init__(self) -> None:
        self.fired: dict[str, set[str]] = {}
        self.near: dict[str, set[str]] = {}
        self.executors: set[str] = set()
        self.ran: set[str] = set()
        self.report: CoverageReport | None = None
        self.note: str | None = None

    def record(self, scenario: str, executor: str, fired: Iterable[str], near: Iterable[str]) -> None:
        self.fired.setdefault(scenario, set()).update(fired)
        self.near.setdefault(scenario, set()).update(near)
        self.executors.add(executor)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" and report.nodeid.split("::")[0] == FEATURE_TESTS:
            self.ran.add(report.nodeid)
            for name, value in report.user_properties:
                if name == PROPERTY:
                    scenario, executor, fired, near = value
                    self.record(scenario, executor, fired, near)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if is_worker(session.config):
            return
        expected = scenario_count()
        if not self.ran:
            return
        if len(self.ran) < expected:
            self.note = f"本次只运行了 {len(self.ran)}/{expected} 个场景，不检查规则覆盖率"
            return
        self.report = build_report(load_ruleset(ROOT / "rules"), self.fired, self.near)
        self.report.write(COVERAGE_REPORT)
        if self.report.uncovered:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        if is_worker(terminalreporter.config) or not self.ran:  # no scenario in this run: nothing to say
            return
        terminalreporter.write_sep("-", "规则覆盖率（features/）")
        if self.executors:
            terminalreporter.write_line("场景使用的执行器: " + "、".join(sorted(self.executors)))
        available, why = durable_available()
        if not available:
            terminalreporter.write_line(f"{why}，场景改用 compiled 执行器")
        if self.report is None:
            terminalreporter.write_line(self.note or "没有运行场景")
            return
        terminalreporter.write(render_report(self.report, summary=True))
        terminalreporter.write_line(f"逐条明细: lexgate coverage（报告 {COVERAGE_REPORT.relative_to(ROOT)}）")
