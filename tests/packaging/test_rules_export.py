"""``lexgate rules export DIR``: the shipped packs, copied for a bureau to maintain, never over its files by
accident."""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from cli import app
from engine import load_ruleset
from engine.ruleset import RuleSet
from tests.conftest import ROOT

SHIPPED = ROOT / "rules"
EXAMPLE = ROOT / "examples" / "yichun_food_hearing.json"
runner = CliRunner()


def export(*args: str) -> Result:
    return runner.invoke(app, ["rules", "export", *args])


def files(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_the_copy_is_the_shipped_packs_and_lints_clean(tmp_path: Path, ruleset: RuleSet) -> None:
    target = tmp_path / "本局规则"  # created, Chinese name and all
    result = export(str(target))
    assert result.exit_code == 0, result.stderr
    packs = sorted(p.relative_to(SHIPPED).as_posix() for p in SHIPPED.rglob("*.yaml"))
    assert files(target) == sorted(["README.md", *packs])  # no __init__.py, no bytecode
    for name in files(target):
        assert (target / name).read_bytes() == (SHIPPED / name).read_bytes(), name
    assert load_ruleset(target).digest == ruleset.digest
    lint = runner.invoke(app, ["lint", str(target)])
    assert lint.exit_code == 0, lint.stdout
    assert "0 个错误，0 个警告" in lint.stdout
    decide = runner.invoke(app, ["decide", str(EXAMPLE), "--executor", "compiled", "--rules", str(target)])
    assert decide.exit_code == 0, decide.stderr
    assert ruleset.digest in decide.stdout
    # what it wrote, then the next steps with the real commands and options, the path ready to paste
    where = shlex.quote(str(target.resolve()))
    assert f"7 个规则包，{len(packs) + 1} 个文件" in result.stdout
    assert "  national/pack.yaml\n" in result.stdout
    assert f"lexgate lint {where}" in result.stdout
    assert f"LEXGATE_RULES={where}" in result.stdout
    assert f"--rules {where}" in result.stdout


def test_a_directory_with_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    target = tmp_path / "rules"
    target.mkdir()
    (target / "facts.yaml").write_text("# 本局修改过的词表\n", encoding="utf-8")
    result = export(str(target))
    assert result.exit_code == 2
    assert f"目录 {target} 不是空的" in result.stderr
    assert "请指定一个新的或空的目录" in result.stderr
    assert "加 --force" in result.stderr
    assert files(target) == ["facts.yaml"]
    assert (target / "facts.yaml").read_text(encoding="utf-8") == "# 本局修改过的词表\n"


def test_force_overwrites_the_shipped_names_and_keeps_the_rest(tmp_path: Path) -> None:
    target = tmp_path / "rules"
    (target / "local").mkdir(parents=True)
    (target / "facts.yaml").write_text("# 旧词表\n", encoding="utf-8")
    (target / "说明.txt").write_text("本局笔记\n", encoding="utf-8")
    (target / "local" / "pack.yaml").write_text("pack: local\n", encoding="utf-8")
    result = export(str(target), "--force")
    assert result.exit_code == 0, result.stderr
    assert (target / "facts.yaml").read_bytes() == (SHIPPED / "facts.yaml").read_bytes()
    assert (target / "说明.txt").read_text(encoding="utf-8") == "本局笔记\n"
    assert (target / "local" / "pack.yaml").read_text(encoding="utf-8") == "pack: local\n"
    assert "（其中覆盖了 1 个同名文件）" in result.stdout
    # a YAML file the export did not write is loaded with the packs: said, not deleted
    notice = result.stdout.split("注意:", 1)
    assert len(notice) == 2 and "  local/pack.yaml\n" in notice[1], result.stdout


def test_a_file_or_a_place_overlapping_the_shipped_packs_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "rules.txt"
    plain.write_text("", encoding="utf-8")
    result = export(str(plain))
    assert result.exit_code == 2
    assert "已存在且不是目录" in result.stderr
    shipped = tmp_path / "site-packages" / "rules"  # stands in for the installed package
    shutil.copytree(SHIPPED, shipped)
    monkeypatch.setattr("cli.rules.shipped_rules_dir", lambda: shipped)
    before = files(tmp_path)
    for target in (shipped, shipped / "copy", tmp_path / "site-packages"):
        result = export(str(target), "--force")
        assert result.exit_code == 2, target
        assert "与自带规则的目录" in result.stderr and "重叠" in result.stderr
    assert files(tmp_path) == before
