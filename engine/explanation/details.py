"""A decision's detail made concrete: parameter values, copied facts, working-day deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from ..language.nodes import ParamRef
from ..model import DetailValue, FactRef, WorkdaysAfter
from ..plan import Conclusion
from ..vocabulary import json_value
from ..workdays import nth_workday_after
from .context import Context


def resolve_detail(ctx: Context, detail: Mapping[str, DetailValue]) -> tuple[dict[str, Any], set[str]]:
    """Detail values made concrete, and the facts a computed value still needs."""
    params = ctx.plan.params
    out: dict[str, Any] = {}
    needs: set[str] = set()
    for key, value in detail.items():
        if isinstance(value, ParamRef):
            out[key] = params[value.param].value
        elif isinstance(value, FactRef):
            out[key] = json_value(ctx.facts.get(value.fact), ctx.fact_def(value.fact))
        elif isinstance(value, WorkdaysAfter):
            start = ctx.facts.get(value.workdays_after)
            days = value.days if isinstance(value.days, int) else int(params[value.days.param].value)
            if not isinstance(start, dt.date):
                out[key] = None
                out[key + "_note"] = f"缺少「{ctx.namer.fact_label(value.workdays_after)}」，无法计算截止日期"
                needs.add(value.workdays_after)
            else:
                deadline = nth_workday_after(start, days)
                out[key] = deadline.due.isoformat() if deadline.due else None
                if deadline.note:
                    out[key + "_note"] = deadline.note
        elif isinstance(value, tuple):
            out[key] = list(value)
        else:
            out[key] = value
    return out, needs


def decision_detail(ctx: Context, conclusion: Conclusion) -> tuple[dict[str, Any], set[str]]:
    """A required decision's detail: its default (as amended on ``as_of``), then what its rules that
    hold add — merged, or collected as a list, as the decision says."""
    plan = ctx.plan
    view = next(v for v in plan.scope.decisions if v.id == conclusion.id)
    detail, needs = resolve_detail(ctx, view.detail_on(plan.as_of))
    fired = [plan.rules[i] for i in conclusion.rules if ctx.trace.verdicts[i] is True]
    fired.sort(key=lambda r: (r.rule.priority, r.index))
    if view.definition.detail_mode == "collect":
        collected = []
        for rule in fired:
            item, more = resolve_detail(ctx, rule.rule.detail)
            needs |= more
            collected.append({"rule": rule.id, **item})
        detail[view.definition.collect_as or "items"] = collected
    else:
        for rule in fired:
            item, more = resolve_detail(ctx, rule.rule.detail)
            needs |= more
            detail.update(item)
    return detail, needs
