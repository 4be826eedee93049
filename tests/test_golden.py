"""tests/golden.py: only ``LEXGATE_UPDATE_GOLDEN=1`` rewrites golden files, and never while ``CI`` is set."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import VARIABLE, check_golden

OLD, NEW = "旧输出\n", "新输出\n"


@pytest.fixture
def golden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv(VARIABLE, raising=False)
    path = tmp_path / "case.expected.txt"
    path.write_text(OLD, encoding="utf-8")
    return path


@pytest.mark.parametrize("value", ["0", "false", "no", "true", "yes", "2", " 1", "1 ", "01"])
def test_any_value_but_1_is_refused_and_rewrites_nothing(
    golden: Path, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(VARIABLE, value)
    with pytest.raises(pytest.fail.Exception) as refused:
        check_golden(golden, NEW)
    message = str(refused.value)
    assert f"{VARIABLE}={value!r} 无效" in message  # what is wrong
    assert f"unset {VARIABLE}" in message and f"{VARIABLE}=1 pytest" in message  # how to fix it
    assert golden.read_text(encoding="utf-8") == OLD
    with pytest.raises(pytest.fail.Exception, match="无效"):  # refused even when nothing changed
        check_golden(golden, OLD)


def test_1_rewrites_outside_ci(golden: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(VARIABLE, "1")
    check_golden(golden, NEW)
    assert golden.read_text(encoding="utf-8") == NEW
    created = golden.with_name("new.expected.txt")
    check_golden(created, NEW)
    assert created.read_text(encoding="utf-8") == NEW


@pytest.mark.parametrize("ci", ["1", "true"])
def test_ci_never_rewrites(golden: Path, monkeypatch: pytest.MonkeyPatch, ci: str) -> None:
    monkeypatch.setenv("CI", ci)
    monkeypatch.setenv(VARIABLE, "1")
    with pytest.raises(pytest.fail.Exception, match="CI 运行中拒绝重新生成") as refused:
        check_golden(golden, NEW)
    assert "在本地（不设 CI）重新生成并提交" in str(refused.value)
    assert golden.read_text(encoding="utf-8") == OLD


@pytest.mark.parametrize("value", [None, ""])
def test_unset_or_empty_compares(golden: Path, monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    if value is not None:
        monkeypatch.setenv(VARIABLE, value)
    check_golden(golden, OLD)
    with pytest.raises(pytest.fail.Exception, match="输出与 golden 文件不一致") as differs:
        check_golden(golden, NEW)
    assert "-旧输出" in str(differs.value) and "+新输出" in str(differs.value)
    assert golden.read_text(encoding="utf-8") == OLD
    with pytest.raises(pytest.fail.Exception, match=f"缺少 golden 文件.*{VARIABLE}=1"):
        check_golden(golden.with_name("missing.expected.txt"), NEW)
