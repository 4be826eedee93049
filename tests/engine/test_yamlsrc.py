"""engine/yamlsrc.py composes with libyaml when it can: the trees, positions and problems must be those
of the pure-Python loader, which stays the reference (and the fallback)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from engine import default_rules_dir, yamlsrc
from engine.errors import ProblemList
from engine.yamlsrc import LocatedMap, LocatedSeq, load_yaml_text

BROKEN = {
    "bad indentation": "rules:\n  - id: a\n   title: b\n",
    "unclosed quote": 'id: "abc\n',
    "tab": "rules:\n\t- id: a\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "duplicate key": "a: 1\nb: 2\na: 3\n",
    "bad date": "from: 2021-02-30\n",
    "alias": "a: &x [1, 2]\nb: *x\n",
    "anchor only": "a: &x [1, 2]\nb: 3\n",
    "unsafe tag": "a: !!python/object:os.system {}\n",
    "merge key": "base: {a: 1}\nc:\n  <<: {a: 1}\n",
    "control character": "a: \x07\n",
    "empty": "# nothing\n",
}


def shape(value: Any) -> Any:
    """A tree with every position it remembers, comparable with ``==``."""
    if isinstance(value, LocatedMap):
        return (
            "map",
            value.location,
            [(k, value.key_locations[k], value.value_locations[k], shape(v)) for k, v in value.items()],
        )
    if isinstance(value, LocatedSeq):
        return (
            "seq",
            value.location,
            [(at, shape(v)) for at, v in zip(value.item_locations, value, strict=True)],
        )
    return (type(value).__name__, value)


def both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """(libyaml's result, the pure loader's result): each a tree shape and the problems."""
    results = []
    for fast in (yaml.CSafeLoader, None):
        monkeypatch.setattr(yamlsrc, "_FastLoader", fast)
        problems = ProblemList()
        tree = load_yaml_text(text, "f.yaml", problems)
        results.append((shape(tree), [(p.code, p.message, p.location) for p in problems.items]))
    return results[0], results[1]


def test_libyaml_is_there() -> None:
    assert yaml.__with_libyaml__, "PyYAML without libyaml: rule sets load ~3× slower"


@pytest.mark.parametrize("path", sorted(Path(default_rules_dir()).rglob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_file_gives_the_same_tree_and_positions(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, pure = both(path.read_text(encoding="utf-8"), monkeypatch)
    assert fast == pure
    assert fast[0][0] == "map" and not fast[1]


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_problems_are_those_of_the_pure_loader(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, pure = both(text, monkeypatch)
    assert fast == pure


def test_an_alias_is_refused_at_its_position(monkeypatch: pytest.MonkeyPatch) -> None:
    fast, _ = both(BROKEN["alias"], monkeypatch)
    assert fast[1] == [
        (
            "yaml_alias",
            "不支持 YAML 别名 '*x'（别名可以层层展开成极大的内容）",
            fast[1][0][2],
        )
    ]
    assert (fast[1][0][2].line, fast[1][0][2].column) == (2, 4)
