"""``tools/whatif/delta.py``: only the decisions a candidate can change are decided, each with the
conclusions it reads. Checked against the independent oracle of test_whatif (full traced triages of
every case under both rule sets) for edits of several kinds, national ones included."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from engine import RuleSet, load_ruleset
from tools.corpus import CorpusSpec, generate
from tools.whatif.compare import Comparer

from .conftest import PARAM, copy_rules, raise_override
from .test_whatif import Changes, expected_changes

HEARING = Path("national") / "hearing.yaml"


def edit(rel: Path, old: str, new: str) -> Callable[[Path], None]:
    def apply(rules: Path) -> None:
        path = rules / rel
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return apply


def reformat(rules: Path) -> None:
    """Every file of 江西省 written again by PyYAML: other positions, the same rules and values."""
    for path in sorted((rules / "jiangxi").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    # a derived fact read by decisions (heavy_sanction → hearing notice and what follows from it)
    "derived condition": edit(
        HEARING, "[降低资质等级, 吊销许可证件, 吊销营业执照,", "[降低资质等级, 吊销许可证件,"
    ),
    # an operator of a rule that compares with a parameter
    "operator": edit(
        HEARING,
        "- {fact: fine_amount, ge: {param: hearing.fine.individual}}",
        "- {fact: fine_amount, gt: {param: hearing.fine.individual}}",
    ),
    "local parameter": lambda rules: (raise_override(rules, "江西省", PARAM, 2000), None)[1],
}


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> tuple[RuleSet, list[dict[str, object]]]:
    rules = copy_rules(tmp_path_factory.mktemp("current") / "rules")
    ruleset = load_ruleset(rules)
    return ruleset, list(generate(ruleset, CorpusSpec(n=400, seed=11, near=0.7)))


def compared(before: RuleSet, after: RuleSet, cases: list[dict[str, object]]) -> tuple[Comparer, Changes]:
    comparer = Comparer(before, after)
    chunk = comparer.chunk([(i, json.dumps(c, ensure_ascii=False).encode()) for i, c in enumerate(cases)])
    assert chunk.cases == len(cases) and not chunk.invalid
    changes = {
        (cases[c["key"]]["case_id"], d["decision"]): (d["before"]["outcome"], d["after"]["outcome"])
        for c in chunk.changes
        for d in c["decisions"]
    }
    return comparer, changes


@pytest.mark.parametrize("name", EDITS)
def test_the_changes_are_those_of_full_triages(
    name: str, current: tuple[RuleSet, list[dict[str, object]]], tmp_path: Path
) -> None:
    before, cases = current
    rules = copy_rules(tmp_path / "rules")
    EDITS[name](rules)
    after = load_ruleset(rules)
    comparer, changes = compared(before, after, cases)
    expected = expected_changes(before, after, cases)
    assert changes == expected and expected
    deltas = [d for d in comparer.deltas.values() if d is not None]
    assert deltas and all(not d.none for d in deltas)
    # only the decisions that read what changed are decided again, not the whole plan
    assert all("hearing_notice" in d.decisions and len(d.decisions) < 10 for d in deltas)


def test_a_pack_written_again_without_a_change_evaluates_nothing(
    current: tuple[RuleSet, list[dict[str, object]]], tmp_path: Path
) -> None:
    before, cases = current
    rules = copy_rules(tmp_path / "rules")
    reformat(rules)
    after = load_ruleset(rules)
    assert after.digest != before.digest
    comparer, changes = compared(before, after, cases)
    assert changes == {}
    assert comparer.deltas and all(d is not None and d.none for d in comparer.deltas.values())
