"""Reads what the annual report counts (``statistics.py``) from the store: records and register entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Engine, select

from .case_events import EventStore
from .compact import view
from .register import REGISTER_KINDS, entries
from .schema import records
from .statistics import Publicity, Triage, build, triage_of
from .units import UnitStore


def load_triages(
    engine: Engine, first: str, last: str, unit_ids: Iterable[str] | None
) -> tuple[list[Triage], dict[str, str]]:
    """Records whose 评估日期 lies in [first, last], and the decisions' Chinese labels."""
    query = (
        select(
            records.c.unit_id,
            records.c.case_id,
            records.c.as_of,
            records.c.request,
            records.c.result,
            records.c.result_form,
        )
        .where(records.c.as_of >= first, records.c.as_of <= last)
        .order_by(records.c.seq)
    )
    if unit_ids is not None:
        query = query.where(records.c.unit_id.in_(list(unit_ids)))
    found: list[Triage] = []
    labels: dict[str, str] = {}
    with engine.connect() as conn:
        for row in conn.execute(query).mappings():
            result = view(dict(row))
            for key, decision in (result.get("decisions") or {}).items():
                if isinstance(decision, dict) and decision.get("label"):
                    labels.setdefault(key, str(decision["label"]))
            found.append(triage_of(dict(row), result))
    return found, labels


def load_publicity(events: EventStore, unit_ids: Iterable[str] | None, today: dt.date) -> list[Publicity]:
    return [
        Publicity(e.unit_id, e.decided_on, e.due, e.published_on, e.revoked_on)
        for e in entries(events.of_units(unit_ids, REGISTER_KINDS), today)
    ]


def annual_report(
    engine: Engine, units: UnitStore, events: EventStore, year: int, unit: str | None, today: dt.date
) -> dict[str, Any]:
    """The report of ``year`` (with the previous year) for ``unit`` and the units below it (None: all)."""
    scope = sorted(units.subtree(unit)) if unit is not None else None
    triages, labels = load_triages(engine, f"{year - 1}-01-01", f"{year}-12-31", scope)
    publicity = load_publicity(events, scope, today)
    names = {u.unit_id: units.path(u.unit_id) for u in units.all()}
    report = build(year, triages, publicity, names, today)
    report["scope"] = names.get(unit, unit) if unit is not None else "全部执法单位"
    report["labels"] = dict(sorted(labels.items()))
    return report
