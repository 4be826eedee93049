"""Date intervals (inclusive; ``None`` = open-ended) and the dates a parameter layer actually covers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from engine.toolkit import ParamValue

ONE_DAY = dt.timedelta(days=1)
Span = tuple[dt.date, dt.date | None]


def effective_spans(values: Iterable[ParamValue]) -> list[tuple[ParamValue, Span | None]]:
    """Each value with the dates on which it applies (``ParamLayer.value_on``): a value ends at its
    ``to`` or the day before the next later start, whichever comes first; of two values with the same
    start, the one written later wins and the other never applies (``None``)."""
    ordered = sorted(values, key=lambda v: v.start)
    out: list[tuple[ParamValue, Span | None]] = []
    for i, value in enumerate(ordered):
        later = [v.start for v in ordered[i + 1 :] if v.start >= value.start]
        if later and later[0] == value.start:
            out.append((value, None))
            continue
        end = value.end
        if later and (end is None or end >= later[0]):
            end = later[0] - ONE_DAY
        out.append((value, (value.start, end)))
    return out


def merge(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for lo, hi in sorted(spans, key=lambda s: s[0]):
        if merged:
            plo, phi = merged[-1]
            if phi is None or lo <= phi + ONE_DAY:
                merged[-1] = (plo, None if phi is None or hi is None else max(phi, hi))
                continue
        merged.append((lo, hi))
    return merged


def uncovered(lo: dt.date | None, hi: dt.date | None, covered: list[Span]) -> list[Span]:
    """Parts of [lo, hi] outside ``covered`` (merged); an open ``lo`` starts where coverage starts."""
    if not covered:
        return []
    cursor = lo if lo is not None else covered[0][0]
    gaps: list[Span] = []
    for clo, chi in covered:
        if hi is not None and cursor > hi:
            return gaps
        if clo > cursor:
            gap_end = clo - ONE_DAY if hi is None else min(hi, clo - ONE_DAY)
            gaps.append((cursor, gap_end))
        if chi is None:
            return gaps
        cursor = max(cursor, chi + ONE_DAY)
    if hi is None or cursor <= hi:
        gaps.append((cursor, hi))
    return gaps


def span_text(span: Span) -> str:
    lo, hi = span
    return f"{lo.isoformat()} 至 {hi.isoformat() if hi else '今后'}"
