"""Stage ``validate``: each file against the rule model, item by item, with pydantic's errors translated
into the rule author's terms (``file:line:col``, a stable code, the rule id and a fix)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from .. import model
from ..errors import Location, RuleProblem, did_you_mean
from ..language import nodes
from ..model import (
    DecisionEntry,
    DerivedDef,
    FactDef,
    PackContent,
    PackManifest,
    ParameterEntry,
    RuleDef,
    VocabularyFile,
)
from ..yamlsrc import LocatedMap, LocatedSeq, key_location, locate
from .state import MANIFEST_FILE, LoadState, SourceFile


def validate(state: LoadState) -> None:
    """Schema validation, item by item: one broken rule never hides the problems of the others.
    A file that already has its model (an unchanged file of a re-run) is not validated again."""
    if (
        state.vocabulary_file
        and state.vocabulary_file.tree is not None
        and state.vocabulary_file.model is None
    ):
        state.vocabulary_file.model = _validate_file(
            state, state.vocabulary_file, VocabularyFile, {"facts": _FACTS}
        )
    for group in state.pack_files.values():
        for source in group:
            if source.tree is None or source.model is not None:
                continue
            model: type[BaseModel] = PackManifest if source.path.name == MANIFEST_FILE else PackContent
            source.model = _validate_file(state, source, model, _SECTIONS)


@functools.cache
def _known_keys() -> frozenset[str]:
    """Every key the rule language knows: the pool for "did you mean" on unknown keys."""
    keys: set[str] = set()
    for obj in [*vars(model).values(), *vars(nodes).values()]:
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
