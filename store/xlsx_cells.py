"""Text that a worksheet can hold: Excel's file format has no place for most control characters.

A name, case number or title reaches the store as any JSON string, and ``"\\u0001"`` is one: openpyxl
refuses such a cell (``IllegalCharacterError``), so the whole export failed with a 500. Each one is
shown as U+FFFD instead, so that the reader sees that something was there.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

REPLACEMENT = "\ufffd"


def cell(value: Any) -> Any:
    """``value`` as a cell may hold it (text without the characters the format has no place for)."""
    return ILLEGAL_CHARACTERS_RE.sub(REPLACEMENT, value) if isinstance(value, str) else value


def row_of(values: Iterable[Any]) -> list[Any]:
    return [cell(v) for v in values]
