"""Stage ``discover``: the vocabulary file and the packs (one per directory holding a pack.yaml)."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import Location
from .state import INVARIANTS_FILE, MANIFEST_FILE, VOCABULARY_FILE, LoadState, SourceFile, display


def discover(state: LoadState) -> None:
    root = state.root
    if not root.is_dir():
        state.problems.add(
            "rules_dir_missing",
            f"规则目录不存在: {root}",
            Location(str(root)),
            fix="检查路径，或用 LEXGATE_RULES 环境变量指定规则目录",
        )
        return
    vocab = root / VOCABULARY_FILE
    if not vocab.is_file():
        state.problems.add(
            "vocabulary_missing",
            f"规则目录中没有事实词表 {VOCABULARY_FILE}",
            Location(display(root, state.display_root)),
            fix=f"在规则目录根部放置 {VOCABULARY_FILE}，列出全部输入事实",
        )
    else:
        state.vocabulary_file = _source(state, vocab)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        here = Path(dirpath)
        yamls = sorted(f for f in filenames if f.endswith((".yaml", ".yml")) and f != INVARIANTS_FILE)
        if here == root:
            yamls = [f for f in yamls if f != VOCABULARY_FILE]
        if MANIFEST_FILE in filenames:
            ordered = [MANIFEST_FILE] + [f for f in yamls if f != MANIFEST_FILE]
            state.pack_files[here] = [_source(state, here / f) for f in ordered]
        else:
            for name in yamls:
                state.problems.add(
                    "file_outside_pack",
                    f"{name} 不属于任何规则包（所在目录没有 {MANIFEST_FILE}），不会被加载",
                    Location(display(here / name, state.display_root), 1, 1),
                    fix=f"把文件移到某个规则包目录中，或在该目录添加 {MANIFEST_FILE}",
                )
    if not state.pack_files:
        state.problems.add(
            "no_packs",
            "规则目录中没有规则包",
            Location(display(root, state.display_root)),
            fix=f"每个规则包是一个含有 {MANIFEST_FILE} 的目录",
        )


def _source(state: LoadState, path: Path) -> SourceFile:
    rel = path.relative_to(state.root).as_posix()
    return SourceFile(path, rel, display(path, state.display_root))
