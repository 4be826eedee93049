"""Loading a rules directory: a pipeline of named stages ending in an immutable :class:`RuleSet`.

    discover → parse → validate → assemble → resolve → check → build

One module per stage. Each stage adds what it finds to one problem list, so a broken pack reports all
of its errors in one run, each with ``file:line:col``, a stable code, the rule id and a fix. A stage
that cannot continue (e.g. no vocabulary) stops the pipeline after reporting.

Layout of a rules directory::

    facts.yaml                 the input vocabulary
    <pack dir>/pack.yaml       one pack per directory holding a pack.yaml (nesting is free)
    <pack dir>/*.yaml          further files of the same pack
"""

from __future__ import annotations

import importlib.resources
import os
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..errors import Location, RuleProblem, RuleSetInvalid
from ..ruleset import RuleSet
from .assemble import assemble
from .build import build
from .check import check
from .discover import discover
from .parse import parse
from .references import resolve
from .state import LoadState, SourceFile
from .validate import validate

__all__ = [
    "STAGES",
    "LoadState",
    "default_rules_dir",
    "load_ruleset",
    "rerun_pipeline",
    "run_pipeline",
    "shipped_rules_dir",
]


def resolve_stage(state: LoadState) -> None:
    if state.vocabulary is None:
        return
    state.resolved = resolve(state.vocabulary, state.packs, state.problems, state.shared_rules)


PIPELINE: tuple[tuple[str, Callable[[LoadState], None]], ...] = (
    ("discover", discover),
    ("parse", parse),
    ("validate", validate),
    ("assemble", assemble),
    ("resolve", resolve_stage),
    ("check", check),
    ("build", build),
)
STAGES = tuple(name for name, _ in PIPELINE)


def run_pipeline(root: Path, display_root: Path | None = None) -> LoadState:
    root = Path(root).resolve()
    state = LoadState(root=root, display_root=(display_root or root.parent).resolve())
    for name, stage in PIPELINE:
        stage(state)
        if name in ("discover", "parse") and state.problems.has_errors and not state.pack_files:
            break
    return state


def rerun_pipeline(base: LoadState, trees: Mapping[str, Any], tag: str) -> LoadState:
    """The stages after ``parse`` again, on ``base``'s files with some parsed trees replaced (by the
    file's ``rel``): how ``lexgate mutate`` loads a changed pack in memory, without copying files.
    ``tag`` (what changed) is appended to the replaced files' text as a comment, so that the rule
    set's digest — which keys the executors' caches — differs from the original's.

    An unchanged file keeps its validated model, and a resolved rule equal to ``base``'s is ``base``'s
    own object: what is derived from a rule and kept by its identity (plans' conditions, compiled and
    durable programs) is then shared with the original instead of made again."""
    state = LoadState(root=base.root, display_root=base.display_root)
    for problem in base.problems.items:
        state.problems.items.append(problem)
    if base.resolved is not None:
        state.shared_rules = {rule_id: rule for rule_id, (rule, _) in base.resolved.rules.items()}

    def copy(source: SourceFile) -> SourceFile:
        if source.rel not in trees:
            return replace(source)
        return replace(source, tree=trees[source.rel], model=None, text=f"{source.text}\n# {tag}\n")

    state.vocabulary_file = copy(base.vocabulary_file) if base.vocabulary_file else None
    state.pack_files = {d: [copy(s) for s in group] for d, group in base.pack_files.items()}
    for _, stage in PIPELINE[STAGES.index("parse") + 1 :]:
        stage(state)
    return state


def load_ruleset(root: Path | str, display_root: Path | None = None) -> RuleSet:
    """The compiled rule set of a rules directory; raises :class:`RuleSetInvalid` listing every error."""
    state = run_pipeline(Path(root), display_root)
    if state.ruleset is None:
        raise RuleSetInvalid(
            state.problems.items or [RuleProblem("load_failed", "规则未能加载", Location(str(root)))]
        )
    return state.ruleset


def shipped_rules_dir() -> Path:
    """The packs lexgate ships (the ``rules`` package: the checkout's ``rules/`` or the installed copy)."""
    return Path(str(importlib.resources.files("rules")))


def default_rules_dir() -> Path:
    """``$LEXGATE_RULES``, else the shipped packs."""
    env = os.environ.get("LEXGATE_RULES")
    if env:
        return Path(env)
    return shipped_rules_dir()
