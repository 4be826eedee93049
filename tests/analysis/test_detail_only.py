"""A ``detail_only`` rule may shape a decision's detail but never decide it on its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from tools.lint import lint

ROOT = Path(__file__).resolve().parent.parent.parent


def test_a_detail_only_rule_that_could_decide_alone_is_an_error(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    path = rules / "national" / "publicity.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    when:\n      all:\n        - {fact: involves_secrets}\n        - any:"
    assert old in text
    new = old.replace("      all:", "      any:")
    path.write_text(text.replace(old, new), encoding="utf-8")
    found = [p for p in lint(rules, tmp_path).errors if p.code == "detail_only_changes_outcome"]
    assert [p.rule for p in found] == ["national.publicity.secrets"]
    assert "涉及国家秘密商业秘密或个人隐私=是" in found[0].message


def test_the_shipped_detail_only_rules_never_decide_alone() -> None:
    assert not [p for p in lint(ROOT / "rules", ROOT).problems if p.code == "detail_only_changes_outcome"]
