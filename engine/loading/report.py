"""Small helpers for reporting problems where the author will look."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..errors import Location, did_you_mean


def where_of(node: Any, fallback: Location) -> Location:
    """Where a model node was read, or ``fallback`` for one made by the loader itself."""
    at = getattr(node, "at", None)
    return at if isinstance(at, Location) else fallback


def suggest(word: str, pool: Iterable[str], what: str) -> str:
    hint = did_you_mean(word, pool)
    return f"您是否想写 '{hint}'？" if hint else f"检查{what}的拼写"
