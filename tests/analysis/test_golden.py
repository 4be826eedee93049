"""``lexgate lint`` on one fixture per kind of finding, compared with the expected output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from tests.golden import check_golden

FIXTURES = Path(__file__).resolve().parent.parent / "golden" / "analysis"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "rules").is_dir())

# each fixture must show these codes (the golden text pins the rest)
EXPECTED_CODES = {
    "rule_never_fires": {"rule_never_fires"},
    "rule_always_excepted": {"rule_always_excepted", "exception_conflict"},
    "rule_shadowed": {"rule_shadowed"},
    "exception_conflict": {"exception_conflict", "exception_without_effect"},
    "replacements": {"double_replacement", "replacement_gap"},
    "unused": {
        "fact_unused",
        "parameter_unused",
        "derived_unused",
        "derived_without_rules",
        "decision_without_rules",
    },
    "basis_without_article": {"basis_without_article"},
    "parameters": {
        "parameter_period_overlap",
        "parameter_period_gap",
        "parameter_source_vague",
        "parameter_value_source_missing",
        "rule_parameter_not_in_force",
    },
    "threshold_relation": {"threshold_relation"},
}


def _lint(fixture: str, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(FIXTURES / fixture)
    result = CliRunner().invoke(app, ["lint", "rules", *args])
    return result.exit_code, result.stdout


def test_every_fixture_is_listed() -> None:
    assert set(CASES) == set(EXPECTED_CODES)


@pytest.mark.parametrize("fixture", CASES)
def test_text_output(fixture: str, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = _lint(fixture, monkeypatch)
    check_golden(FIXTURES / fixture / "expected.txt", out)
    has_errors = "规则包检查未通过" in out
    assert code == (1 if has_errors else 0)


@pytest.mark.parametrize("fixture", CASES)
def test_json_output(fixture: str, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = _lint(fixture, monkeypatch, "--format", "json")
    findings = json.loads(out)
    codes = {f["code"] for f in findings}
    assert EXPECTED_CODES[fixture] <= codes
    for f in findings:
        assert f["severity"] in ("error", "warning")
        assert f["location"]["file"].startswith("rules/") and f["location"]["line"] > 0
        assert f["fix"]
    # exit status reflects errors only
    assert code == (1 if any(f["severity"] == "error" for f in findings) else 0)
