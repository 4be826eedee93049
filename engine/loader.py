"""Loading a rules directory: a pipeline of named stages ending in an immutable :class:`RuleSet`.

    discover → parse → validate → assemble → resolve → check → build

Each stage adds what it finds to one problem list, so a broken pack reports all of its errors in
one run, each with ``file:line:col``, a stable code, the rule id and a fix. A stage that cannot
continue (e.g. no vocabulary) stops the pipeline after reporting.

Layout of a rules directory::

    facts.yaml                 the input vocabulary
    <pack dir>/pack.yaml       one pack per directory holding a pack.yaml (nesting is free)
    <pack dir>/*.yaml          further files of the same pack
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from . import resolve
from .errors import Location, ProblemList, RuleProblem, RuleSetInvalid, did_you_mean
from .model import (
    DecisionAmend,
    DecisionDef,
    DecisionEntry,
    DerivedDef,
    FactDef,
    PackContent,
    PackManifest,
    ParameterDef,
    ParameterEntry,
    ParameterOverride,
    RuleDef,
    VocabularyFile,
)
from .ruleset import Pack, RuleSet
from .vocabulary import Vocabulary
from .yamlsrc import LocatedMap, LocatedSeq, key_location, load_yaml_file, locate

STAGES = ("discover", "parse", "validate", "assemble", "resolve", "check", "build")
VOCABULARY_FILE = "facts.yaml"
MANIFEST_FILE = "pack.yaml"


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
    resolved: resolve.Resolved | None = None


# --------------------------------------------------------------------------- stages


def _display(path: Path, display_root: Path) -> str:
    """Relative to where the user works when the file is inside it; otherwise absolute, which reads
    better than a climb of ``../..``."""
    absolute = path.resolve()
    try:
        return absolute.relative_to(display_root.resolve()).as_posix()
    except ValueError:
        return absolute.as_posix()


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
            Location(_display(root, state.display_root)),
            fix=f"在规则目录根部放置 {VOCABULARY_FILE}，列出全部输入事实",
        )
    else:
        state.vocabulary_file = _source(state, vocab)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        here = Path(dirpath)
        yamls = sorted(f for f in filenames if f.endswith((".yaml", ".yml")))
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
                    Location(_display(here / name, state.display_root), 1, 1),
                    fix=f"把文件移到某个规则包目录中，或在该目录添加 {MANIFEST_FILE}",
                )
    if not state.pack_files:
        state.problems.add(
            "no_packs",
            "规则目录中没有规则包",
            Location(_display(root, state.display_root)),
            fix=f"每个规则包是一个含有 {MANIFEST_FILE} 的目录",
        )


def _source(state: LoadState, path: Path) -> SourceFile:
    rel = path.relative_to(state.root).as_posix()
    return SourceFile(path, rel, _display(path, state.display_root))


def parse(state: LoadState) -> None:
    for source in _all_sources(state):
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


def _all_sources(state: LoadState) -> list[SourceFile]:
    files = [state.vocabulary_file] if state.vocabulary_file else []
    for group in state.pack_files.values():
        files.extend(group)
    return files


def validate(state: LoadState) -> None:
    """Schema validation, item by item: one broken rule never hides the problems of the others."""
    if state.vocabulary_file and state.vocabulary_file.tree is not None:
        state.vocabulary_file.model = _validate_file(
            state, state.vocabulary_file, VocabularyFile, {"facts": _FACTS}
        )
    for group in state.pack_files.values():
        for source in group:
            if source.tree is None:
                continue
            model: type[BaseModel] = PackManifest if source.path.name == MANIFEST_FILE else PackContent
            source.model = _validate_file(state, source, model, _SECTIONS)


def assemble(state: LoadState) -> None:
    """Vocabulary uniqueness, one pack per directory, and the jurisdiction tree."""
    vocab_source = state.vocabulary_file
    if vocab_source is not None and isinstance(vocab_source.model, VocabularyFile):
        seen_ids: dict[str, Location] = {}
        seen_labels: dict[str, Location] = {}
        for fact in vocab_source.model.facts:
            where = fact.at or Location(vocab_source.display)
            for key, seen, what in ((fact.id, seen_ids, "标识"), (fact.label, seen_labels, "中文名称")):
                if key in seen:
                    state.problems.add(
                        "duplicate_fact",
                        f"事实{what} '{key}' 重复（先前定义在第 {seen[key].line} 行）",
                        where,
                        fix=f"每个事实的{what}必须唯一",
                        related=[seen[key]],
                    )
                seen[key] = where
            if fact.label in seen_ids and fact.label != fact.id:
                state.problems.add(
                    "label_clashes_id", f"事实中文名称 '{fact.label}' 与某个事实标识相同", where
                )
        state.vocabulary = Vocabulary(vocab_source.model.facts, vocab_source.model.groups)

    for pack_dir, group in state.pack_files.items():
        manifest_source = group[0]
        manifest = manifest_source.model
        if not isinstance(manifest, PackManifest):
            continue
        contents: list[PackContent] = [manifest]
        contents += [s.model for s in group[1:] if isinstance(s.model, PackContent)]
        if any(s.model is None for s in group[1:]):
            # a file of the pack failed validation: its errors are reported; keep checking the rest
            pass
        digest = hashlib.sha256()
        for source in group:
            digest.update(source.rel.encode() + b"\0" + source.text.encode() + b"\0")
        pack = Pack(
            manifest=manifest,
            files=tuple(s.rel for s in group),
            digest=digest.hexdigest(),
            parameters=tuple(p for c in contents for p in c.parameters if isinstance(p, ParameterDef)),
            overrides=tuple(p for c in contents for p in c.parameters if isinstance(p, ParameterOverride)),
            decisions=tuple(d for c in contents for d in c.decisions if isinstance(d, DecisionDef)),
            amendments=tuple(d for c in contents for d in c.decisions if isinstance(d, DecisionAmend)),
            derived=tuple(d for c in contents for d in c.derived),
            rules=tuple(r for c in contents for r in c.rules),
        )
        where = manifest.at or Location(manifest_source.display)
        if pack.id in state.packs:
            other = state.packs[pack.id].manifest.at
            state.problems.add(
                "duplicate_pack",
                f"规则包标识 '{pack.id}' 重复",
                where,
                fix="每个规则包的 pack 标识必须唯一",
                related=[other] if other else [],
            )
            continue
        state.packs[pack.id] = pack
        del pack_dir

    resolve.check_jurisdiction_tree(state.packs, state.problems)


def resolve_stage(state: LoadState) -> None:
    if state.vocabulary is None:
        return
    state.resolved = resolve.resolve(state.vocabulary, state.packs, state.problems)


def check(state: LoadState) -> None:
    if state.resolved is None:
        return
    resolve.check_cycles(state.resolved, state.problems)


def build(state: LoadState) -> None:
    if state.problems.has_errors or state.vocabulary is None or state.resolved is None:
        return
    bundle = {s.rel: s.text for s in _all_sources(state)}
    digest = hashlib.sha256()
    for rel in sorted(bundle):
        digest.update(rel.encode() + b"\0" + bundle[rel].encode() + b"\0")
    state.ruleset = RuleSet(
        root=str(state.root),
        digest="sha256:" + digest.hexdigest(),
        bundle=bundle,
        vocabulary=state.vocabulary,
        packs=state.resolved.packs,
        scopes=resolve.build_scopes(state.resolved),
        rules=state.resolved.rules,
    )


PIPELINE: tuple[tuple[str, Callable[[LoadState], None]], ...] = (
    ("discover", discover),
    ("parse", parse),
    ("validate", validate),
    ("assemble", assemble),
    ("resolve", resolve_stage),
    ("check", check),
    ("build", build),
)


# --------------------------------------------------------------------------- pydantic error translation


@functools.cache
def _known_keys() -> frozenset[str]:
    """Every key the rule language knows: the pool for "did you mean" on unknown keys."""
    from . import model as m

    keys: set[str] = set()
    for obj in vars(m).values():
        if isinstance(obj, type) and issubclass(obj, BaseModel):
            for name, info in obj.model_fields.items():
                keys.add(info.alias or name)
    keys.discard("@at")
    return frozenset(keys)


_TAGS = frozenset(
    {"all", "any", "not", "fact", "decision", "sum", "exception", "define", "override", "amend"}
    | {"param", "workdays", "list", "scalar", "bad"}
)

_TYPE_MESSAGES: dict[str, tuple[str, str, str]] = {
    # pydantic error type -> (code, message, fix)
    "string_type": ("invalid_value", "应为文字", "用文字，必要时加引号"),
    "int_type": ("invalid_value", "应为整数", "写一个整数"),
    "int_parsing": ("invalid_value", "应为整数", "写一个整数"),
    "int_from_float": ("invalid_value", "应为整数", "写一个整数"),
    "float_type": ("invalid_value", "应为数字", "写一个数字"),
    "float_parsing": ("invalid_value", "应为数字", "写一个数字"),
    "bool_type": ("invalid_value", "应为 true 或 false", "写 true 或 false"),
    "bool_parsing": ("invalid_value", "应为 true 或 false", "写 true 或 false"),
    "date_type": ("invalid_date", "应为日期", "写成 YYYY-MM-DD，例如 2022-05-15"),
    "date_parsing": ("invalid_date", "应为日期", "写成 YYYY-MM-DD，例如 2022-05-15"),
    "date_from_datetime_parsing": ("invalid_date", "应为日期", "写成 YYYY-MM-DD，例如 2022-05-15"),
    "date_from_datetime_inexact": ("invalid_date", "应为日期", "只写日期，不写时间"),
    "tuple_type": ("expected_list", "应为列表", "用 '- 项目' 或 [a, b] 的形式"),
    "list_type": ("expected_list", "应为列表", "用 '- 项目' 或 [a, b] 的形式"),
    "dict_type": ("expected_mapping", "应为映射（键: 值）", "写成 键: 值 的形式"),
    "model_type": ("expected_mapping", "应为映射（键: 值）", "写成 键: 值 的形式"),
    "model_attributes_type": ("expected_mapping", "应为映射（键: 值）", "写成 键: 值 的形式"),
    "too_short": ("empty", "不能为空", "至少写一项"),
    "literal_error": ("invalid_choice", "取值不在允许范围内", ""),
    "string_too_short": ("empty", "不能为空", "写上内容"),
}


def _strip_tags(tree: Any, loc: tuple[int | str, ...]) -> tuple[int | str, ...]:
    """Drop pydantic's union tags from an error path so that it follows the YAML tree."""
    out: list[int | str] = []
    node = tree
    parts = list(loc)
    i = 0
    while i < len(parts):
        part = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        if isinstance(part, str) and part in _TAGS and isinstance(node, LocatedMap):
            if nxt is None or (isinstance(nxt, str) and nxt in node):
                i += 1
                continue
            if part not in node:
                i += 1
                continue
        out.append(part)
        if isinstance(node, LocatedMap) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, LocatedSeq) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            node = None
        i += 1
    return tuple(out)


def _rule_context(tree: Any, loc: tuple[int | str, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "rules" and isinstance(tree, LocatedMap):
        rules = tree.get("rules")
        if isinstance(rules, LocatedSeq) and isinstance(loc[1], int) and loc[1] < len(rules):
            item = rules[loc[1]]
            if isinstance(item, LocatedMap) and isinstance(item.get("id"), str):
                return str(item["id"])
    return None


def translate_error(err: Mapping[str, Any], tree: Any, display: str) -> RuleProblem:
    loc = _strip_tags(tree, tuple(err["loc"]))
    fallback = Location(display, 1, 1)
    kind = str(err["type"])
    rule = _rule_context(tree, loc)
    where = locate(tree, loc, fallback)
    field_name = str(loc[-1]) if loc else ""
    if kind == "missing":
        parent = loc[:-1]
        return RuleProblem(
            "missing_key",
            f"缺少必填的键 '{field_name}'",
            locate(tree, parent, fallback),
            f"补上 {field_name}: …",
            rule,
        )
    if kind == "extra_forbidden":
        hint = did_you_mean(field_name, _known_keys())
        return RuleProblem(
            "unknown_key",
            f"不认识的键 '{field_name}'",
            key_location(tree, loc[:-1], field_name, fallback),
            f"改为 '{hint}'" if hint else "删除该键，或查看 rules/README.md 中允许的写法",
            rule,
        )
    if kind in _TYPE_MESSAGES:
        code, message, fix = _TYPE_MESSAGES[kind]
        got = err.get("input")
        if kind == "literal_error":
            message = f"取值 {got!r} 不在允许范围内（{err.get('ctx', {}).get('expected', '')}）"
        else:
            message = f"'{field_name}' {message}，收到 {got!r}"
        return RuleProblem(code, message, where, fix, rule)
    if kind == "condition_form":
        return RuleProblem(
            "condition_form",
            "条件必须以 all、any、not、fact、decision 或 sum 之一开头",
            where,
            "例如 {fact: hearing_held} 或 all: [...]",
            rule,
        )
    # our own PydanticCustomError types carry a stable code and a Chinese message
    message = str(err.get("msg", kind))
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    return RuleProblem(kind, message, where, "", rule)


_FACTS: TypeAdapter[Any] = TypeAdapter(FactDef)
_SECTIONS: dict[str, TypeAdapter[Any]] = {
    "parameters": TypeAdapter(ParameterEntry),
    "decisions": TypeAdapter(DecisionEntry),
    "derived": TypeAdapter(DerivedDef),
    "rules": TypeAdapter(RuleDef),
}


def _report(state: LoadState, source: SourceFile, errors: list[Any], prefix: tuple[int | str, ...]) -> None:
    # a value the YAML stage already rejected (bad date, unsafe tag) is not reported a second time
    already = {p.location for p in state.problems.items}
    locs = [tuple(e["loc"]) for e in errors]
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] == "too_short" and any(len(o) > len(loc) and o[: len(loc)] == loc for o in locs):
            continue  # pydantic adds "too short" when the only item failed: that item's error says it all
        problem = translate_error({**err, "loc": prefix + tuple(err["loc"])}, source.tree, source.display)
        if problem.location not in already:
            state.problems.items.append(problem)


def _validate_file(
    state: LoadState, source: SourceFile, model: type[BaseModel], sections: Mapping[str, TypeAdapter[Any]]
) -> BaseModel | None:
    tree = source.tree
    # the header is validated with each present section empty; the items are validated one by one below
    head = LocatedMap({k: (() if k in sections else v) for k, v in tree.items()})
    head.location, head.key_locations, head.value_locations = (
        tree.location,
        tree.key_locations,
        tree.value_locations,
    )
    valid: dict[str, tuple[Any, ...]] = {}
    for name, adapter in sections.items():
        items = tree.get(name)
        if items is None:
            continue
        if not isinstance(items, LocatedSeq):
            _report(state, source, [{"type": "list_type", "loc": (name,), "input": items, "msg": ""}], ())
            continue
        good = []
        for index, item in enumerate(items):
            try:
                good.append(adapter.validate_python(item))
            except ValidationError as exc:
                _report(state, source, exc.errors(), (name, index))
        valid[name] = tuple(good)
    try:
        checked = model.model_validate(head)
    except ValidationError as exc:
        _report(state, source, exc.errors(), ())
        return None
    return checked.model_copy(update=valid)


# --------------------------------------------------------------------------- entry points


def run_pipeline(root: Path, display_root: Path | None = None) -> LoadState:
    root = Path(root).resolve()
    state = LoadState(root=root, display_root=(display_root or root.parent).resolve())
    for name, stage in PIPELINE:
        stage(state)
        if name in ("discover", "parse") and state.problems.has_errors and not state.pack_files:
            break
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
