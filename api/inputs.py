"""Strict reading of JSON request bodies, with bounds, before any per-fact work.

Python's ``json`` module accepts what JSON does not (``NaN``, ``Infinity``, ``1e309`` read as
infinity), keeps the last of duplicate keys without a word, and hands on NUL characters and lone
surrogates (``"\\ud800"``) that PostgreSQL and UTF-8 cannot store. Here a body is read once, and
refused — with a Chinese message naming the field — when it is not UTF-8 or nests too deeply (400),
or holds a duplicate key, a number that is not finite or too large, a NUL or a lone surrogate, a
string too long, or too many keys (422 / 413). The limits bound the work a request can cause: the
engine then sees at most ``MAX_KEYS_PER_OBJECT`` facts per case and ``MAX_KEYS`` in all.

Both back ends therefore receive, and refuse, exactly the same inputs.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError
from starlette.exceptions import HTTPException

from .errors import ApiError

MAX_DEPTH = 16  # a triage request nests 3–4 levels (batch → cases → facts → set values)
MAX_STRING = 2_000  # characters of one string (case ids: 200; fact values are short)
MAX_KEYS_PER_OBJECT = 200  # facts of one case (the vocabulary has a few dozen)
MAX_KEYS = 20_000  # keys in the whole body (a full batch of cases with every fact)
MAX_INT_DIGITS = 18  # integers stay within 64 bits


class BodyRefused(HTTPException):
    """Raised while FastAPI reads the body: an HTTPException, so that FastAPI passes it on to the
    error handler (which answers ``error``) instead of turning it into its English 400."""

    def __init__(self, error: ApiError) -> None:
        super().__init__(error.status, error.body.message)
        self.error = error


class _Refused(Exception):
    def __init__(self, error: ApiError) -> None:
        super().__init__(error.body.message)
        self.error = error


def _refuse(status: int, code: str, message: str, location: str, suggestion: str) -> _Refused:
    return _Refused(ApiError(status, code, message, location=location, suggestion=suggestion))


def _constant(name: str) -> Any:
    raise _refuse(
        422,
        "invalid_number",
        f"请求中有 JSON 不允许的数值 {name}",
        "body",
        "数值必须是有限的数字；未知的事实不填即可",
    )


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _refuse(
            422,
            "invalid_number",
            f"数值 {text[:40]} 超出范围（不是有限的数字）",
            "body",
            "填写实际的数值；金额可写作 15万",
        )
    return value


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise _refuse(
            422,
            "invalid_number",
            f"整数 {text[:40]}… 太大（最多 {MAX_INT_DIGITS} 位）",
            "body",
            "填写实际的数值",
        )
    return int(text)


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _refuse(
                422,
                "duplicate_key",
                f"JSON 对象中键 '{_printable(key)}' 出现了两次",
                "body",
                "每个键只写一次（JSON 中后出现的值会悄悄覆盖前面的值，这里不予接受）",
            )
        out[key] = value
    return out


def _printable(text: str, limit: int = 60) -> str:
    """``text`` safe to put in an answer: lone surrogates and NUL escaped, long text cut."""
    cut = text[:limit] + ("…" if len(text) > limit else "")
    return cut.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\u0000")


def _where(path: list[str | int]) -> str:
    return ".".join(str(p) for p in path) or "body"


def _text_problem(text: str, path: list[str | int]) -> _Refused | None:
    if "\x00" in text:
        return _refuse(
            422,
            "invalid_character",
            f"{_where(path)} 含有空字符（\\u0000）",
            _where(path),
            "删除空字符；文字中不能有 \\u0000",
        )
    if len(text) > MAX_STRING:
        return _refuse(
            422,
            "string_too_long",
            f"{_where(path)} 太长（{len(text):,} 个字符，最多 {MAX_STRING:,} 个）",
            _where(path),
            "缩短该文字",
        )
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _refuse(
            422,
            "invalid_character",
            f"{_where(path)} 含有不成对的代理字符（如 \\ud800），不是有效的 Unicode 文字",
            _where(path),
            "检查文字的编码；\\ud800–\\udfff 只能成对出现",
        )
    return None


def _safe_text(text: str) -> str:
    problem = _text_problem(text, [])
    if problem is not None:
        message = problem.error.body.message.removeprefix("body ")
        raise PydanticCustomError("invalid_character", message)
    return text


SafeText = Annotated[str, AfterValidator(_safe_text)]
"""Text of a path or query parameter: no NUL, no lone surrogate, at most ``MAX_STRING`` characters."""


def _plain(text: str) -> bool:
    return len(text) <= MAX_STRING and _UNSAFE.search(text) is None


_UNSAFE = re.compile("[\x00\ud800-\udfff]")  # NUL, and surrogates (in a str, only lone ones)


def _clean(value: Any) -> bool:
    """Whether :func:`check_tree` would pass ``value``: the same checks without building the paths
    that only a refusal names (most bodies pass, and naming every key cost more than parsing)."""
    keys = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(node, str):
            if not _plain(node):
                return False
        elif isinstance(node, dict):
            keys += len(node)
            if len(node) > MAX_KEYS_PER_OBJECT or keys > MAX_KEYS:
                return False
            for key, item in node.items():
                if not _plain(key):
                    return False
                stack.append((item, depth + 1))
        elif isinstance(node, list):
            stack.extend((item, depth + 1) for item in node)
    return True


_UNSAFE_ESCAPE = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")  # a NUL or a surrogate, written as an escape


def _surely_clean(text: str) -> bool:
    """Whether the JSON ``text`` (parsed without error) passes :func:`check_tree` for certain, from
    its characters alone: no string in it is longer than the text, there are no more keys than
    colons and no deeper nesting than brackets, and a NUL or a surrogate can only come from an escape
    (raw, the parser refuses a control character in a string and UTF-8 has no surrogates). A small
    triage request passes here without being walked."""
    return (
        len(text) <= MAX_STRING
        and text.count(":") <= MAX_KEYS_PER_OBJECT
        and text.count("{") + text.count("[") <= MAX_DEPTH
        and _UNSAFE_ESCAPE.search(text) is None
    )


def check_tree(value: Any) -> None:
    """Every string (keys included), the depth and the key counts of a parsed body; raises _Refused."""
    if _clean(value):
        return
    keys = 0
    stack: list[tuple[Any, list[str | int]]] = [(value, [])]
    while stack:
        node, path = stack.pop()
        if len(path) > MAX_DEPTH:
            raise _refuse(
                400,
                "too_deep",
                f"请求体嵌套超过 {MAX_DEPTH} 层（在 {_where(path[:MAX_DEPTH])}）",
                _where(path[:MAX_DEPTH]),
                "分流请求只需要几层：{案件: {facts: {事实: 值}}}",
            )
        if isinstance(node, str):
            problem = _text_problem(node, path)
            if problem is not None:
                raise problem
        elif isinstance(node, dict):
            keys += len(node)
            if len(node) > MAX_KEYS_PER_OBJECT or keys > MAX_KEYS:
                many = len(node) > MAX_KEYS_PER_OBJECT
                raise _refuse(
                    413,
                    "too_many_keys",
                    f"{_where(path)} 有 {len(node):,} 项，超过每个对象 {MAX_KEYS_PER_OBJECT} 项的上限"
                    if many
                    else f"请求中的键共超过 {MAX_KEYS:,} 个",
                    _where(path),
                    "一个案件的事实不会有这么多；批量分流请分成几批",
                )
            for key, item in node.items():
                where = [*path, _printable(key)]
                problem = _text_problem(key, where)
                if problem is not None:
                    raise problem
                stack.append((item, where))
        elif isinstance(node, list):
            stack.extend((item, [*path, i]) for i, item in enumerate(node))


def strict_loads(body: bytes) -> Any:
    """The parsed body; raises :class:`BodyRefused` with the answer for a body that is refused."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BodyRefused(
            ApiError(
                400,
                "invalid_encoding",
                f"请求体不是 UTF-8 编码（第 {exc.start + 1} 个字节处）",
                location="body",
                suggestion="以 UTF-8 编码发送 JSON；请求头应为 Content-Type: application/json",
            )
        ) from None
    try:
        value = json.loads(
            text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float, parse_int=_int
        )
        if not _surely_clean(text):
            check_tree(value)
    except _Refused as exc:
        raise BodyRefused(exc.error) from None
    except RecursionError:
        raise BodyRefused(
            ApiError(
                400,
                "too_deep",
                f"请求体嵌套层数过多（上限 {MAX_DEPTH} 层）",
                location="body",
                suggestion="分流请求只需要几层：{案件: {facts: {事实: 值}}}",
            )
        ) from None
    return value


class StrictRequest(Request):
    """A request whose JSON body is read by :func:`strict_loads`."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = strict_loads(await self.body())
        return self._json


class StrictRoute(APIRoute):
    """Routes whose bodies are read strictly (``APIRouter(route_class=StrictRoute)``)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            return await original(StrictRequest(request.scope, request.receive))

        return handler
