"""``lexgate lint`` on deliberately broken rule directories prints every error, as kept in goldens."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app
from tests.conftest import ROOT
from tests.golden import check_golden

GOLDEN = ROOT / "tests" / "golden" / "lint_schema"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


@pytest.mark.parametrize("name", CASES)
def test_lint_output_matches_golden(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # messages show paths relative to the working directory
    result = CliRunner().invoke(app, ["lint", str(Path("tests/golden/lint_schema") / name)])
    assert result.exit_code == 1, result.output
    check_golden(GOLDEN / f"{name}.expected.txt", result.output)


def test_broken_pack_reports_every_kind_of_error_with_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["lint", "tests/golden/lint_schema/broken", "--format", "json"])
    assert result.exit_code == 1
    import json

    problems = json.loads(result.output)
    codes = {p["code"] for p in problems}
    assert {
        "duplicate_key",
        "yaml_syntax",
        "yaml_unsafe_tag",
        "invalid_date",
        "unknown_key",
        "unknown_fact",
        "unknown_value",
        "type_mismatch",
        "unknown_parameter",
        "basis_missing",
        "cycle",
        "condition_form",
        "unknown_decision",
        "duplicate_rule",
        "duplicate_parameter",
        "unknown_parent",
    } <= codes
    for problem in problems:
        assert problem["location"]["line"] >= 1 and problem["location"]["column"] >= 1, problem


def test_lint_passes_on_the_real_packs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["lint"])
    assert result.exit_code == 0, result.output
    assert "检查通过" in result.output
