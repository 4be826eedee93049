"""Working-day deadlines under the State Council holiday schedule, 调休 workdays included.

"N个工作日内" counts from the day after the start date (程序规定第八十条: the start day is not
counted), so the deadline is the N-th working day strictly after it. When the schedule for a
year has not been published, there is no due date: we say so instead of guessing from weekends.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar


@dataclass(frozen=True)
class WorkdayDeadline:
    due: dt.date | None
    note: str | None = None


@lru_cache(maxsize=4096)  # chinese_calendar scans its whole table on every call
def is_workday(day: dt.date) -> bool:
    """True for Monday–Friday outside holidays and for 调休 weekend workdays; raises beyond the data."""
    return bool(chinese_calendar.is_workday(day))


def nth_workday_after(start: dt.date, days: int) -> WorkdayDeadline:
    if days < 1:
        return WorkdayDeadline(start)
    day = start
    counted = 0
    while counted < days:
        if day == dt.date.max:
            return WorkdayDeadline(
                None, f"从 {start.isoformat()} 起算的期限超出了可计算的日期范围；请核对所填的日期"
            )
        day += dt.timedelta(days=1)
        try:
            if is_workday(day):
                counted += 1
        except NotImplementedError:
            return WorkdayDeadline(
                None,
                f"截止日期落在 {day.year} 年，国务院尚未公布该年节假日安排（或本系统尚未收录），"
                f"无法按工作日计算；请在公布后重新计算，不可仅按周末推算",
            )
    return WorkdayDeadline(day)
