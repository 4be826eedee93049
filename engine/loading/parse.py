"""Stage ``parse``: each file read as UTF-8 and parsed as safe YAML with positions."""

from __future__ import annotations

from ..errors import Location
from ..yamlsrc import LocatedMap, load_yaml_file
from .state import LoadState, all_sources


def parse(state: LoadState) -> None:
    for source in all_sources(state):
        try:
            source.text = source.path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            state.problems.add(
                "file_encoding", f"文件不是 UTF-8 编码: {exc.reason}", Location(source.display, 1, 1)
            )
            continue
        source.tree = load_yaml_file(source.path, source.display, state.problems)
        if source.tree is not None and not isinstance(source.tree, LocatedMap):
            state.problems.add(
                "expected_mapping",
                "文件的顶层必须是映射（键: 值）",
                Location(source.display, 1, 1),
                fix="参照其他规则文件的结构，例如以 rules: 开头",
            )
            source.tree = None
