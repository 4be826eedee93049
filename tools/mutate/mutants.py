"""The mutants of a rule set: one small change each, made on the parsed YAML trees of its files.

Each kind of change is one a wrong reading of the law would make: a threshold one unit off or ten
times too large, a comparison that includes or excludes the boundary, a date one day off, an element
missing from a list, a condition dropped, ``any`` for ``all``, a local replacement, amendment,
exception or override forgotten. A mutant names the file, line and column it changes.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from engine import Location
from engine.toolkit import LoadState

Path_ = tuple[str | int, ...]

SWAPS = {"ge": "gt", "gt": "ge", "le": "lt", "lt": "le", "eq": "ne", "ne": "eq"}
LIST_KEYS = frozenset({"in", "not_in", "contains_any", "contains_all", "values"})
LOCAL_KEYS = ("replaces", "exception_to", "amend", "override")
_LOCAL_LABELS = {"replaces": "替换", "exception_to": "例外", "amend": "修改", "override": "覆盖参数"}


@dataclass(frozen=True)
class Mutant:
    """One change: ``op`` at ``path`` of the tree of file ``rel`` (``pack``: the pack that owns it)."""

    index: int
    pack: str
    rel: str
    path: Path_
    op: str  # set | rename | drop
    arg: Any
    kind: str
    description: str  # in Chinese, for the policy writer
    at: Location

    @property
    def where(self) -> str:
        return f"{self.at.file}:{self.at.line}:{self.at.column}"


def apply(tree: Any, mutant: Mutant) -> Any:
    """A copy of ``tree`` with the mutant's change (the original is left as it is): the nodes on the
    path to the change are copied, every other node is shared (the loader only reads them)."""
    out = copy.copy(tree)
    parent = out
    for step in mutant.path[:-1]:
        child = copy.copy(parent[step])
        parent[step] = child
        parent = child
    last = mutant.path[-1]
    if mutant.op == "set":
        parent[last] = mutant.arg
    elif mutant.op == "rename":
        assert isinstance(last, str)
        value = parent.pop(last)
        parent[mutant.arg] = value
    else:  # drop
        del parent[last]
    return out


def _loc(node: Any, key: str | int, fallback: Location) -> Location:
    if isinstance(key, int):
        locations = getattr(node, "item_locations", None)
        return locations[key] if locations and key < len(locations) else fallback
    for attr in ("value_locations", "key_locations"):
        found = getattr(node, attr, {}).get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
    return fallback


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


class _Walker:
    def __init__(self, pack: str, rel: str) -> None:
        self.pack, self.rel = pack, rel
        self.found: list[tuple[Path_, str, Any, str, str, Location]] = []

    def add(self, path: Path_, op: str, arg: Any, kind: str, text: str, at: Location) -> None:
        self.found.append((path, op, arg, kind, text, at))

    def walk(self, node: Any, path: Path_, at: Location) -> None:
        if isinstance(node, dict):
            self.mapping(node, path, at)
        elif isinstance(node, list):
            for i, item in enumerate(node):
                self.walk(item, (*path, i), _loc(node, i, at))

    def mapping(self, node: dict[str, Any], path: Path_, at: Location) -> None:
        is_test = "fact" in node or "sum" in node
        for key, value in node.items():
            here = _loc(node, key, at)
            key_at = getattr(node, "key_locations", {}).get(key, here)
            if is_test and key in SWAPS:
                self.add(
                    (*path, key), "rename", SWAPS[key], "comparison", f"比较 {key} 改为 {SWAPS[key]}", key_at
                )
            if ((is_test and key in SWAPS) or key == "value") and _number(value):
                for new, kind in (
                    (value + 1, "plus_one"),
                    (value - 1, "minus_one"),
                    (value * 10, "times_ten"),
                ):
                    text = f"数值 {_text(value)} 改为 {_text(new)}"
                    self.add((*path, key), "set", new, kind, text, here)
            if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                for days in (1, -1):
                    new_day = value + dt.timedelta(days=days)
                    text = f"{key} 日期 {value} 改为 {new_day}"
                    self.add((*path, key), "set", new_day, "date", text, here)
            if key in ("all", "any") and isinstance(value, list):
                other = "any" if key == "all" else "all"
                self.add((*path, key), "rename", other, "any_all", f"{key} 改为 {other}", key_at)
                if len(value) >= 2:
                    for i in range(len(value)):
                        at_i = _loc(value, i, here)
                        self.add(
                            (*path, key, i),
                            "drop",
                            None,
                            "condition",
                            f"删去 {key} 的第 {i + 1} 个条件",
                            at_i,
                        )
            strings = isinstance(value, list) and all(isinstance(v, str) for v in value)
            if key in LIST_KEYS and strings and len(value) >= 2:
                for i, item in enumerate(value):
                    at_i = _loc(value, i, here)
                    self.add((*path, key, i), "drop", None, "list", f"从 {key} 列表删去「{item}」", at_i)
            if isinstance(value, list):
                for i, item in enumerate(value):
                    local = next((k for k in LOCAL_KEYS if isinstance(item, dict) and k in item), None)
                    if local is not None:
                        name = item.get("id") or item.get(local)
                        text = f"删去{_LOCAL_LABELS[local]}「{name}」"
                        self.add((*path, key, i), "drop", None, "local", text, _loc(value, i, here))
            self.walk(value, (*path, key), here)


def generate(state: LoadState, only: str | None = None) -> list[Mutant]:
    """Every mutant of the packs (and of the vocabulary's value lists), in file order."""
    sources = []
    if state.vocabulary_file is not None:
        sources.append(("", state.vocabulary_file))
    for group in state.pack_files.values():
        pack = next((str(getattr(s.model, "pack", "")) for s in group if getattr(s.model, "pack", None)), "")
        sources += [(pack, s) for s in group]
    mutants: list[Mutant] = []
    for owner, source in sources:
        pack = owner or "facts"
        if (only is not None and pack != only) or source.tree is None:
            continue
        walker = _Walker(pack, source.rel)
        walker.walk(source.tree, (), Location(source.display, 1, 1))
        for path, op, arg, kind, text, at in walker.found:
            if source is state.vocabulary_file and kind != "list":
                continue
            mutants.append(Mutant(len(mutants), pack, source.rel, path, op, arg, kind, text, at))
    return mutants


def iter_packs(mutants: list[Mutant]) -> Iterator[str]:
    yield from dict.fromkeys(m.pack for m in mutants)
