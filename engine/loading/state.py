"""What the loader's stages share: the files read and the load state each stage adds to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import ProblemList
from ..model import RuleDef
from ..ruleset import RuleSet
from ..scope import Pack
from ..vocabulary import Vocabulary
from .definitions import Definitions

VOCABULARY_FILE = "facts.yaml"
MANIFEST_FILE = "pack.yaml"
INVARIANTS_FILE = "invariants.yaml"  # legal invariants: read by `lexgate lint`, never part of a pack


@dataclass
class SourceFile:
    path: Path
    rel: str  # posix path relative to the rules root: what digests and bundles use
    display: str  # what messages show
    text: str = ""
    tree: Any = None
    model: BaseModel | None = None


@dataclass
class LoadState:
    root: Path
    display_root: Path
    problems: ProblemList = field(default_factory=ProblemList)
    vocabulary_file: SourceFile | None = None
    pack_files: dict[Path, list[SourceFile]] = field(default_factory=dict)  # pack dir -> files
    vocabulary: Vocabulary | None = None
    packs: dict[str, Pack] = field(default_factory=dict)
    ruleset: RuleSet | None = None
    resolved: Definitions | None = None  # the resolve stage's definitions
    shared_rules: Mapping[str, RuleDef] = field(default_factory=dict)  # rules to reuse where equal


def display(path: Path, display_root: Path) -> str:
    """Relative to where the user works when the file is inside it; otherwise absolute, which reads
    better than a climb of ``../..``."""
    absolute = path.resolve()
    try:
        return absolute.relative_to(display_root.resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


def all_sources(state: LoadState) -> list[SourceFile]:
    files = [state.vocabulary_file] if state.vocabulary_file else []
    for group in state.pack_files.values():
        files.extend(group)
    return files
