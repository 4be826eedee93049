"""The fact vocabulary and the parsing of submitted fact values into typed values.

A submitted value is parsed once, at the boundary: booleans accept 是/否, money accepts "15万" or
"150000元", sets accept a list or "警告、罚款". ``None`` (and "未知") means *unknown*: the fact is
simply absent, never false. Every problem of a request is reported at once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .errors import FactProblem, did_you_mean
from .language.wording import format_number
from .model import FactDef

UNKNOWN_WORDS = frozenset({"", "未知", "不详", "unknown"})
_TRUE_WORDS = frozenset({"是", "true", "yes", "有"})
_FALSE_WORDS = frozenset({"否", "false", "no", "无"})
_SET_SPLIT = re.compile(r"[、,，;；\s]+")
_MONEY_RE = re.compile(r"^(?P<num>\d+(?:\.\d+)?)(?P<unit>亿|万|千)?元?$")
_CN_DATE_RE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")
_MONEY_UNITS = {None: 1, "千": 1_000, "万": 10_000, "亿": 100_000_000}


class _Bad(Exception):
    def __init__(
        self, code: str, message: str, allowed: str | None = None, suggestion: str | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.allowed = allowed
        self.suggestion = suggestion


def _parse_bool(fact: FactDef, raw: Any) -> bool:
    if raw is True or raw is False:
        return bool(raw)
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
    raise _Bad("wrong_type", f"应为 是 或 否，收到 {raw!r}", "是、否（或 true、false）")


def _enum_parser(fact: FactDef) -> Callable[[Any], str]:
    values = frozenset(fact.values)

    def parse(raw: Any) -> str:
        if isinstance(raw, str):
            if raw in values:
                return raw
            text = raw.strip()
            if text in values:
                return text
            raise _Bad(
                "unknown_value",
                f"'{raw}' 不是允许的取值",
                "、".join(fact.values),
                did_you_mean(text, fact.values),
            )
        raise _Bad("wrong_type", f"应为文字取值，收到 {raw!r}", "、".join(fact.values))

    return parse


def _set_parser(fact: FactDef) -> Callable[[Any], frozenset[str]]:
    values = frozenset(fact.values)

    def parse(raw: Any) -> frozenset[str]:
        if isinstance(raw, str):
            items: list[Any] = [p for p in _SET_SPLIT.split(raw.strip()) if p]
        elif isinstance(raw, list | tuple | set | frozenset):
            items = list(raw)
        else:
            raise _Bad("wrong_type", f"应为取值列表，收到 {raw!r}", "、".join(fact.values))
        try:
            chosen = frozenset(items)
        except TypeError:  # an unhashable item: reported below
            chosen = frozenset({None})
        if chosen <= values:  # the common case: clean values
            return chosen
        bad = [x for x in items if not isinstance(x, str) or x.strip() not in values]
        if bad:
            first = bad[0]
            hint = did_you_mean(first.strip(), fact.values) if isinstance(first, str) else None
            names = "、".join(repr(b) for b in bad)
            raise _Bad("unknown_value", f"{names} 不是允许的取值", "、".join(fact.values), hint)
        return frozenset(x.strip() for x in items)

    return parse


def _parse_money(fact: FactDef, raw: Any) -> int | float:
    kind = type(raw)
    if kind is int and raw >= 0:  # the common cases first
        return int(raw)
    if kind is float and 0 <= raw < math.inf:
        return int(raw) if raw.is_integer() else float(raw)
    if isinstance(raw, bool):
        raise _Bad("wrong_type", f"应为金额（元），收到 {raw!r}", "不小于 0 的数字，或 '15万'、'150000元'")
    if isinstance(raw, int | float):
        value: int | float = raw
    elif isinstance(raw, str):
        text = raw.strip().replace(",", "").replace("，", "").replace(" ", "")
        negative = text.startswith("-")
        match = _MONEY_RE.match(text.lstrip("-"))
        if not match:
            raise _Bad("wrong_type", f"无法识别的金额 {raw!r}", "不小于 0 的数字，或 '15万'、'150000元'")
        number = float(match["num"]) * _MONEY_UNITS[match["unit"]]
        value = -number if negative else number
    else:
        raise _Bad("wrong_type", f"应为金额（元），收到 {raw!r}", "不小于 0 的数字，或 '15万'、'150000元'")
    if isinstance(value, float) and not math.isfinite(value):
        raise _Bad("wrong_type", f"金额必须是有限的数字，收到 {raw!r}", "不小于 0 的数字")
    if value < 0:
        raise _Bad("negative_money", f"金额不能为负数，收到 {raw!r}", "不小于 0 的数字")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _parse_int(fact: FactDef, raw: Any) -> int:
    value: int
    if isinstance(raw, bool):
        raise _Bad("wrong_type", f"应为整数，收到 {raw!r}", "整数")
    if isinstance(raw, int):
        value = raw
    elif isinstance(raw, float) and raw.is_integer():
        value = int(raw)
    elif isinstance(raw, str) and re.fullmatch(r"-?\d+次?", raw.strip()):
        value = int(raw.strip().rstrip("次"))
    else:
        raise _Bad("wrong_type", f"应为整数，收到 {raw!r}", "整数")
    if fact.minimum is not None and value < fact.minimum:
        raise _Bad("below_minimum", f"不能小于 {fact.minimum}，收到 {value}", f"不小于 {fact.minimum} 的整数")
    return value


def _parse_date(fact: FactDef, raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        text = raw.strip()
        cn = _CN_DATE_RE.match(text)
        try:
            if cn:
                return dt.date(int(cn[1]), int(cn[2]), int(cn[3]))
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise _Bad("wrong_type", f"无法识别的日期 {raw!r}", "YYYY-MM-DD，例如 2026-11-01")


_PARSERS: dict[str, Callable[[FactDef, Any], Any]] = {
    "bool": _parse_bool,
    "money": _parse_money,
    "int": _parse_int,
    "date": _parse_date,
}


def value_parser(fact: FactDef) -> Callable[[Any], Any]:
    """The parser of one fact's submitted values (raises ``_Bad``)."""
    if fact.type == "enum":
        return _enum_parser(fact)
    if fact.type == "set":
        return _set_parser(fact)
    parse = _PARSERS[fact.type]
    return lambda raw: parse(fact, raw)


# A fact's value taken as it is when of the exact type ``kind`` and ``accepted``: bool; an enum's or a
# set's values (not those that read as unknown); the least int (money 0, an int its minimum).
_Quick = tuple[type, Any, Callable[[Any], Any]]


def _quick_entry(fact: FactDef) -> _Quick:
    parse = value_parser(fact)
    if fact.type == "bool":
        return bool, None, parse
    if fact.type == "enum":
        return str, frozenset(v for v in fact.values if v.strip().lower() not in UNKNOWN_WORDS), parse
    if fact.type == "set":
        return list, frozenset(fact.values), parse
    if fact.type == "money":
        return int, 0, parse
    if fact.type == "int":
        return int, (-math.inf if fact.minimum is None else fact.minimum), parse
    return type(None), None, parse  # dates: always their parser


@dataclass(frozen=True)
class Vocabulary:
    """The input facts, addressable by id or by their unique Chinese label."""

    facts: tuple[FactDef, ...]
    groups: tuple[str, ...]

    def __post_init__(self) -> None:
        by_id = {f.id: f for f in self.facts}
        by_label = {f.label: f for f in self.facts}
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_by_key", {**by_label, **by_id})
        object.__setattr__(self, "_parsers", {f.id: value_parser(f) for f in self.facts})
        object.__setattr__(self, "_quick", {f.id: _quick_entry(f) for f in self.facts})

    def get(self, key: str) -> FactDef | None:
        """A fact by id or by label."""
        found: FactDef | None = self._by_key.get(key)  # type: ignore[attr-defined]
        return found

    def __getitem__(self, fact_id: str) -> FactDef:
        found: FactDef = self._by_id[fact_id]  # type: ignore[attr-defined]
        return found

    def __contains__(self, fact_id: object) -> bool:
        return fact_id in self._by_id  # type: ignore[attr-defined]

    def ids(self) -> list[str]:
        return [f.id for f in self.facts]

    def names(self) -> Iterable[str]:
        return self._by_key.keys()  # type: ignore[attr-defined, no-any-return]

    def parse(self, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[FactProblem]]:
        """Typed facts keyed by id, and every problem found. Unknown values are left out."""
        quick = self._parse_quick(raw)
        if quick is not None:
            return quick, []
        return self._parse_all(raw)

    def _parse_quick(self, raw: Mapping[str, Any]) -> dict[str, Any] | None:
        """The typed facts of a request that names its facts by id and has no problem, or None (then
        :meth:`_parse_all` finds every problem). Values of the exact JSON types are taken as they are;
        the rest go through their parser. Keys by id cannot name one fact twice."""
        table: dict[str, _Quick] = self._quick  # type: ignore[attr-defined]
        facts: dict[str, Any] = {}
        for key, value in raw.items():
            entry = table.get(key)
            if entry is None:
                return None  # a label, or no such fact
            kind, accepted, parse = entry
            if value is None:
                continue
            cls = value.__class__
            if cls is bool:
                if kind is bool:
                    facts[key] = value
                    continue
            elif cls is kind:  # str of an enum, int of money or int, list of a set
                if kind is str:
                    if value in accepted:
                        facts[key] = value
                        continue
                elif kind is int:
                    if value >= accepted:
                        facts[key] = value
                        continue
                else:
                    try:
                        chosen = frozenset(value)
                    except TypeError:
                        return None
                    if chosen <= accepted:
                        facts[key] = chosen
                        continue
            if isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS:
                continue
            try:
                facts[key] = parse(value)
            except _Bad:
                return None
        return facts

    def _parse_all(self, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[FactProblem]]:
        facts: dict[str, Any] = {}
        problems: list[FactProblem] = []
        seen_as: dict[str, str] = {}
        parsers: dict[str, Callable[[Any], Any]] = self._parsers  # type: ignore[attr-defined]
        by_key: dict[str, FactDef] = self._by_key  # type: ignore[attr-defined]
        for key, value in raw.items():
            fact = by_key.get(key) if isinstance(key, str) else None
            if fact is None:
                problems.append(
                    FactProblem(
                        "unknown_fact",
                        str(key),
                        f"没有名为 '{key}' 的事实",
                        value=value,
                        suggestion=did_you_mean(str(key), self.names()),
                    )
                )
                continue
            if fact.id in seen_as:
                problems.append(
                    FactProblem(
                        "duplicate_fact",
                        key,
                        f"同一事实被填写了两次（'{seen_as[fact.id]}' 和 '{key}'）",
                        fact.id,
                        fact.label,
                        value,
                    )
                )
                continue
            seen_as[fact.id] = key
            if value is None or (isinstance(value, str) and value.strip().lower() in UNKNOWN_WORDS):
                continue
            try:
                facts[fact.id] = parsers[fact.id](value)
            except _Bad as bad:
                problems.append(
                    FactProblem(
                        bad.code, key, bad.message, fact.id, fact.label, value, bad.allowed, bad.suggestion
                    )
                )
        return facts, problems


def describe_value(fact: FactDef | None, value: Any) -> str:
    """A fact value as a case handler reads it."""
    if value is None:
        return "未知"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, frozenset | set | list | tuple):
        order = {v: i for i, v in enumerate(fact.values)} if fact else {}
        items = sorted(value, key=lambda v: (order.get(v, 1_000), str(v)))
        return "、".join(str(v) for v in items) if items else "（无）"
    if fact is not None and fact.type == "money":
        return f"{format_number(value)} 元"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def json_value(value: Any, fact: FactDef | None = None) -> Any:
    """A typed fact value as JSON: sets as lists in vocabulary order (else sorted), dates as ISO text."""
    if isinstance(value, frozenset | set):
        if fact is not None and fact.values:
            order = {v: i for i, v in enumerate(fact.values)}
            return sorted(value, key=lambda v: (order.get(v, len(order)), v))
        return sorted(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
