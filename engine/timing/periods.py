"""The limitation period of 行政处罚法第三十六条: pure date arithmetic, no rules.

An act not discovered within two years of its date (for a continuing act, of its end) is no longer
penalised; five years where it concerns 公民生命健康安全 or 金融安全 and had harmful consequences.
"内" includes the last day (程序规定第八十四条): discovery on the second anniversary is within the period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

LimitationStatus = Literal["within", "expired", "undetermined", "not_checked"]
# Facts the engine reads around the rules (no rule needs to): always relevant, never "unused" to lint.
ENGINE_FACTS = ("act_date", "discovery_date", "life_health_or_financial_harm")
ENGINE_READER = "engine.time_of_act"

SHORT_YEARS = 2
LONG_YEARS = 5


def add_years(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Limitation:
    status: LimitationStatus
    note: str


def limitation(act: dt.date | None, discovered: dt.date | None, harm: bool | None) -> Limitation:
    """Whether the act can still be penalised when it was discovered."""
    if act is None:
        return Limitation("not_checked", "未填写违法行为发生日期，未判断追责时效")
    if discovered is None:
        return Limitation("not_checked", "未填写违法行为被发现日期，未判断追责时效")
    if discovered < act:
        return Limitation("not_checked", "发现日期早于违法行为发生日期，请核对两个日期；未判断追责时效")
    short_end, long_end = add_years(act, SHORT_YEARS), add_years(act, LONG_YEARS)
    if discovered <= short_end:
        return Limitation("within", f"在二年追责时效内被发现（时效截止 {short_end.isoformat()}）")
    if discovered > long_end:
        return Limitation(
            "expired", f"违法行为发生后超过五年（{long_end.isoformat()} 以后）才被发现，不再给予行政处罚"
        )
    if harm is False:
        return Limitation(
            "expired",
            f"违法行为发生后超过二年（{short_end.isoformat()} 以后）才被发现，"
            "且不涉及公民生命健康安全、金融安全或没有危害后果，不再给予行政处罚",
        )
    if harm is True:
        return Limitation(
            "within",
            "超过二年但在五年内被发现，涉及公民生命健康安全、金融安全且有危害后果，"
            f"时效延长至五年（截止 {long_end.isoformat()}）",
        )
    return Limitation(
        "undetermined",
        f"违法行为发生后超过二年、不足五年才被发现：是否已过追责时效取决于是否涉及公民生命健康安全、金融安全且有危害后果"
        f"（五年时效截止 {long_end.isoformat()}）",
    )
