"""The annual statistics report (行政执法统计年报) from the decision records and the 公示 register.

Pure counting over plain rows, so that the CLI, the API, the Excel export and the tests all read the
same figures. What is counted, per 执法单位 and month (the month of the triage's 评估日期 ``as_of``;
of the 决定日期 for 公示):

- 分流次数: decision records; 案件数: distinct 案号 of a unit, each in the month of its first triage;
- 需要 of each decision: triages whose outcome is ``required`` (counted per triage, not per case);
- 无法确定: triages whose outcome is ``undetermined``, per decision (the rate is over the triages);
- 移送 by offence: the ``offences`` in the 移送司法机关 detail of each triage that needs it;
- 公示: register entries decided that month — on time (published by the due date), late (published
  after it, or still unpublished past it) and 撤下 (revoked, confirmed illegal or re-decided);
- the facts most often missing (the results' ``missing_facts``).

The previous year's totals sit beside the year's, for the comparison the report asks for.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

NO_UNIT = "—"
NO_UNIT_NAME = "（未归属执法单位）"
REPORT_DAY = 15  # 报送 by 1月15日 of the next year
PUBLISH_DAY = 31  # 公开 by 1月31日 of the next year


@dataclass(frozen=True)
class Triage:
    """What the report reads of one decision record."""

    unit_id: str | None
    case_id: str | None
    as_of: str  # YYYY-MM-DD
    outcomes: Mapping[str, str]  # decision id → outcome
    offences: tuple[str, ...]  # 移送: the offences named in the detail
    missing: tuple[str, ...]  # labels of the missing facts


@dataclass(frozen=True)
class Publicity:
    """What the report reads of one 公示 register entry."""

    unit_id: str
    decided_on: str
    due: str | None
    published_on: str | None
    revoked_on: str | None


def triage_of(row: Mapping[str, Any], result: Mapping[str, Any]) -> Triage:
    """A report row from a stored record (its columns) and its parsed result."""
    decisions = result.get("decisions") or {}
    outcomes = {k: str(v.get("outcome")) for k, v in decisions.items() if isinstance(v, Mapping)}
    transfer = decisions.get("judicial_transfer") or {}
    offences: list[str] = []
    if transfer.get("outcome") == "required":
        for item in (transfer.get("detail") or {}).get("offences") or []:
            if isinstance(item, Mapping) and item.get("offence"):
                offences.append(str(item["offence"]))
    missing = tuple(
        str(m.get("label") or m.get("fact"))
        for m in result.get("missing_facts") or []
        if isinstance(m, Mapping)
    )
    return Triage(
        row.get("unit_id"), row.get("case_id"), str(row["as_of"]), outcomes, tuple(offences), missing
    )


@dataclass
class Counts:
    """The figures of one unit and month (or a total)."""

    cases: int = 0
    triages: int = 0
    required: Counter[str] = field(default_factory=Counter)
    undetermined: Counter[str] = field(default_factory=Counter)
    offences: Counter[str] = field(default_factory=Counter)
    missing: Counter[str] = field(default_factory=Counter)
    publicity_on_time: int = 0
    publicity_late: int = 0
    publicity_revoked: int = 0

    def add(self, other: Counts) -> None:
        self.cases += other.cases
        self.triages += other.triages
        self.required.update(other.required)
        self.undetermined.update(other.undetermined)
        self.offences.update(other.offences)
        self.missing.update(other.missing)
        self.publicity_on_time += other.publicity_on_time
        self.publicity_late += other.publicity_late
        self.publicity_revoked += other.publicity_revoked

    def as_json(self, top: int = 10) -> dict[str, Any]:
        rates = {k: round(v / self.triages, 4) if self.triages else 0.0 for k, v in self.undetermined.items()}
        return {
            "cases": self.cases,
            "triages": self.triages,
            "required": dict(sorted(self.required.items())),
            "undetermined": dict(sorted(self.undetermined.items())),
            "undetermined_rate": dict(sorted(rates.items())),
            "transfers_by_offence": dict(self.offences.most_common()),
            "missing_facts": [{"label": k, "count": v} for k, v in self.missing.most_common(top)],
            "publicity": {
                "on_time": self.publicity_on_time,
                "late": self.publicity_late,
                "revoked": self.publicity_revoked,
            },
        }


def _month(day: str) -> int:
    return int(day[5:7])


def _year(day: str) -> int:
    return int(day[:4])


def count_year(
    year: int, triages: Iterable[Triage], publicity: Iterable[Publicity], today: dt.date
) -> dict[tuple[str, int], Counts]:
    """The counts of ``year`` per (unit, month); a unit without records has no entry."""
    buckets: dict[tuple[str, int], Counts] = {}

    def bucket(unit: str | None, month: int) -> Counts:
        return buckets.setdefault((unit or NO_UNIT, month), Counts())

    first_seen: dict[tuple[str, str], str] = {}
    for triage in sorted(triages, key=lambda t: t.as_of):
        if _year(triage.as_of) != year:
            continue
        counts = bucket(triage.unit_id, _month(triage.as_of))
        counts.triages += 1
        for decision, outcome in triage.outcomes.items():
            if outcome == "required":
                counts.required[decision] += 1
            elif outcome == "undetermined":
                counts.undetermined[decision] += 1
        counts.offences.update(triage.offences)
        counts.missing.update(triage.missing)
        if triage.case_id:
            first_seen.setdefault((triage.unit_id or NO_UNIT, triage.case_id), triage.as_of)
    for (unit, _case), day in first_seen.items():
        bucket(unit, _month(day)).cases += 1
    for entry in publicity:
        if _year(entry.decided_on) != year:
            continue
        counts = bucket(entry.unit_id, _month(entry.decided_on))
        if entry.revoked_on is not None:
            counts.publicity_revoked += 1
        if entry.due is None:
            continue
        if entry.published_on is not None:
            if entry.published_on <= entry.due:
                counts.publicity_on_time += 1
            else:
                counts.publicity_late += 1
        elif today.isoformat() > entry.due:
            counts.publicity_late += 1
    return buckets


def reminder(year: int, today: dt.date) -> dict[str, Any] | None:
    """From 1 January of the next year until 公开: the two deadlines of the year's report."""
    report_by = dt.date(year + 1, 1, REPORT_DAY)
    publish_by = dt.date(year + 1, 1, PUBLISH_DAY)
    if not dt.date(year + 1, 1, 1) <= today <= publish_by:
        return None
    lines = []
    if today <= report_by:
        left = (report_by - today).days
        lines.append(f"{year}年度行政执法统计年报应于 {report_by.isoformat()} 前报送（还有 {left} 天）")
    lines.append(f"并于 {publish_by.isoformat()} 前向社会公开（还有 {(publish_by - today).days} 天）")
    return {
        "report_by": report_by.isoformat(),
        "publish_by": publish_by.isoformat(),
        "text": "，".join(lines),
    }


def build(
    year: int,
    triages: Iterable[Triage],
    publicity: Iterable[Publicity],
    unit_names: Mapping[str, str],
    today: dt.date,
) -> dict[str, Any]:
    """The report as JSON: per unit and month, per unit, the year's and the previous year's totals."""
    triage_list, publicity_list = list(triages), list(publicity)
    this = count_year(year, triage_list, publicity_list, today)
    before = count_year(year - 1, triage_list, publicity_list, today)
    units: dict[str, dict[int, Counts]] = {}
    for (unit, month), counts in this.items():
        units.setdefault(unit, {})[month] = counts
    total, previous = Counts(), Counts()
    unit_rows = []
    for unit in sorted(units, key=lambda u: (unit_names.get(u, NO_UNIT_NAME), u)):
        unit_total = Counts()
        for counts in units[unit].values():
            unit_total.add(counts)
        total.add(unit_total)
        unit_rows.append(
            {
                "unit_id": None if unit == NO_UNIT else unit,
                "unit": unit_names.get(unit, NO_UNIT_NAME),
                "total": unit_total.as_json(),
                "months": {str(m): units[unit][m].as_json() for m in sorted(units[unit])},
            }
        )
    for counts in before.values():
        previous.add(counts)
    months = {m: Counts() for m in range(1, 13)}
    for (_unit, month), counts in this.items():
        months[month].add(counts)
    previous_months = {m: Counts() for m in range(1, 13)}
    for (_unit, month), counts in before.items():
        previous_months[month].add(counts)
    return {
        "year": year,
        "generated_on": today.isoformat(),
        "reminder": reminder(year, today),
        "total": total.as_json(),
        "previous_year": previous.as_json(),
        "months": {str(m): c.as_json() for m, c in months.items()},
        "previous_months": {str(m): c.as_json() for m, c in previous_months.items()},
        "units": unit_rows,
    }
