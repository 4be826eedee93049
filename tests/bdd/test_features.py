"""Runs every scenario under features/ (policy writers add .feature files; no Python per feature)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pytest_bdd import scenarios
from pytest_bdd.gherkin_parser import get_gherkin_document

from .support import FEATURES_DIR

scenarios(str(FEATURES_DIR))


def test_scenario_names_are_unique_within_each_feature() -> None:
    """pytest-bdd keys scenarios by name: a repeated name would silently drop a scenario."""
    repeated = []
    for path in sorted(Path(FEATURES_DIR).rglob("*.feature")):
        document = get_gherkin_document(str(path))
        if document.feature is None:
            continue
        names = [child.scenario.name for child in document.feature.children if child.scenario is not None]
        for rule_child in (c.rule for c in document.feature.children if c.rule is not None):
            names += [c.scenario.name for c in rule_child.children if c.scenario is not None]
        repeated += [
            f"{path.relative_to(FEATURES_DIR)}: {name}" for name, n in Counter(names).items() if n > 1
        ]
    assert not repeated, "同一功能文件中场景名称重复（后一个会覆盖前一个）:\n" + "\n".join(repeated)
