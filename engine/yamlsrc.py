"""Safe YAML reading that keeps source positions.

PyYAML's safe composer gives a node tree with marks; we turn it into ordinary dicts and lists
(subclasses that remember where each key and item stood), reject duplicate keys, and never
construct arbitrary objects: only the safe loader's scalar types are built. Aliases (``*name``) are
refused where they stand: a few nested aliases expand to gigabytes when built (billion laughs), and
rule files have no need of them. An empty file is an error too (a reload would otherwise fail with
no word on which file is empty).

Composing is libyaml's (``yaml.CSafeLoader``: the same node tree with the same marks, ~5× faster)
when PyYAML has it and the text cannot hold an alias (no ``*``); anything else — an alias to refuse at
its position, any error, PyYAML without libyaml — is composed by the pure-Python loader, so every
message and position is the one it gives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import Location, ProblemList

_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})


class _AliasRefused(yaml.MarkedYAMLError):
    """An alias event met while composing: raised before any node is shared, so nothing expands."""


class _NoAliasLoader(yaml.SafeLoader):
    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _AliasRefused(problem=f"*{event.anchor}", problem_mark=event.start_mark)
        return super().compose_node(parent, index)


class LocatedMap(dict[str, Any]):
    """A YAML mapping that remembers its own position and the position of each key."""

    location: Location
    key_locations: dict[str, Location]
    value_locations: dict[str, Location]


class LocatedSeq(list[Any]):
    """A YAML sequence that remembers its own position and the position of each item."""

    location: Location
    item_locations: list[Location]


def _loc(file: str, node: yaml.Node) -> Location:
    mark = node.start_mark
    return Location(file, mark.line + 1, mark.column + 1)


class _Builder:
    def __init__(self, file: str, problems: ProblemList) -> None:
        self.file = file
        self.problems = problems
        self.constructor = yaml.SafeLoader("")

    def build(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
            self._unsafe(node, "只能用于普通的映射和列表")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node)
        if isinstance(node, yaml.SequenceNode):
            seq = LocatedSeq()
            seq.location = _loc(self.file, node)
            seq.item_locations = []
            for item in node.value:
                seq.append(self.build(item))
                seq.item_locations.append(_loc(self.file, item))
            return seq
        return self._scalar(node)

    def _scalar(self, node: yaml.Node) -> Any:
        try:
            return self.constructor.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self._unsafe(node, str(exc.problem))
            return None
        except ValueError as exc:  # e.g. a date that does not exist, 2021-02-30
            self.problems.add(
                "invalid_date" if node.tag.endswith(":timestamp") else "invalid_value",
                f"'{node.value}' 不是有效的{'日期' if node.tag.endswith(':timestamp') else '取值'}: {exc}",
                _loc(self.file, node),
                fix="检查日期是否存在（YYYY-MM-DD）",
            )
            return None

    def _unsafe(self, node: yaml.Node, why: str) -> None:
        self.problems.add(
            "yaml_unsafe_tag",
            f"不支持的 YAML 标签 {node.tag}（{why}）",
            _loc(self.file, node),
            fix="规则文件只能写普通的文字、数字、日期、列表和映射，删除该标签",
        )

    def _mapping(self, node: yaml.MappingNode) -> LocatedMap:
        result = LocatedMap()
        result.location = _loc(self.file, node)
        result.key_locations = {}
        result.value_locations = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.add(
                    "yaml_merge_key",
                    "不支持 YAML 合并键 '<<'",
                    _loc(self.file, key_node),
                    fix="把要复用的内容直接写出来",
                )
                continue
            key = self._scalar(key_node)
            if not isinstance(key, str):
                key = str(key)
            where = _loc(self.file, key_node)
            if key in result:
                self.problems.add(
                    "duplicate_key",
                    f"键 '{key}' 重复出现（第一次在第 {result.key_locations[key].line} 行）",
                    where,
                    fix="删除或合并重复的键；YAML 中后出现的值会悄悄覆盖前面的值",
                    related=[result.key_locations[key]],
                )
                continue
            result[key] = self.build(value_node)
            result.key_locations[key] = where
            result.value_locations[key] = _loc(self.file, value_node)
        return result


_FastLoader: type[yaml.CSafeLoader] | None = yaml.CSafeLoader if yaml.__with_libyaml__ else None


def _compose(text: str) -> yaml.Node | None:
    if _FastLoader is not None and "*" not in text:
        loader = _FastLoader(text)
        try:
            node: yaml.Node | None = loader.get_single_node()
            return node
        except yaml.YAMLError:
            pass  # the pure loader below says what is wrong, in its words and at its position
        finally:
            loader.dispose()
    return yaml.compose(text, Loader=_NoAliasLoader)


def load_yaml_text(text: str, file: str, problems: ProblemList) -> Any:
    """Parse one YAML document; syntax errors are added to ``problems`` and give ``None``."""
    try:
        node = _compose(text)
    except _AliasRefused as exc:
        mark = exc.problem_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
        problems.add(
            "yaml_alias",
            f"不支持 YAML 别名 '{exc.problem}'（别名可以层层展开成极大的内容）",
            where,
            fix="把要复用的内容直接写出来，删除 & 锚点和 * 别名",
        )
        return None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Location(file, mark.line + 1, mark.column + 1) if mark else Location(file, 1, 1)
        problems.add(
            "yaml_syntax",
            f"YAML 语法错误: {exc.problem or exc}",
            where,
            fix="检查缩进、冒号后的空格和引号是否成对",
        )
        return None
    except yaml.YAMLError as exc:
        problems.add("yaml_syntax", f"YAML 语法错误: {exc}", Location(file, 1, 1))
        return None
    if node is None:
        problems.add(
            "empty_file",
            "文件是空的（没有任何内容，或只有注释）",
            Location(file, 1, 1),
            fix="写入该文件应有的内容（参照其他规则文件），或删除该文件",
        )
        return None
    return _Builder(file, problems).build(node)


def load_yaml_file(path: Path, display: str, problems: ProblemList) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        problems.add("file_encoding", f"文件不是 UTF-8 编码: {exc}", Location(display, 1, 1))
        return None
    return load_yaml_text(text, display, problems)


def locate(root: Any, path: tuple[int | str, ...], fallback: Location) -> Location:
    """The most precise known position for a pydantic error location path within a YAML tree."""
    best = getattr(root, "location", fallback)
    node = root
    for part in path:
        if isinstance(node, LocatedMap) and isinstance(part, str) and part in node:
            best = node.value_locations.get(part, best)
            node = node[part]
        elif isinstance(node, LocatedMap) and isinstance(part, str) and part in node.key_locations:
            best = node.key_locations[part]
            node = None
        elif isinstance(node, LocatedSeq) and isinstance(part, int) and 0 <= part < len(node):
            best = node.item_locations[part]
            node = node[part]
        # other parts (union tags, pydantic internals) do not move the position
    return best


def key_location(root: Any, path: tuple[int | str, ...], key: str, fallback: Location) -> Location:
    """Position of ``key`` inside the mapping found at ``path``."""
    node = root
    for part in path:
        in_map = isinstance(node, LocatedMap) and isinstance(part, str) and part in node
        in_seq = isinstance(node, LocatedSeq) and isinstance(part, int) and 0 <= part < len(node)
        if in_map or in_seq:
            node = node[part]
    if isinstance(node, LocatedMap) and key in node.key_locations:
        return node.key_locations[key]
    return locate(root, path, fallback)
