"""Parameters: their sources, their dated values, the rules that need them, declared bounds on overrides.

* ``parameter_period_overlap`` (error): two values of one definition or override claim the same
  dates (same ``from``, or a ``to`` past the next ``from``);
* ``parameter_period_gap`` (warning): a stretch between two values with no value: a definition
  then has none (a rule needing it cannot be evaluated), an override falls back to the value above;
* ``rule_parameter_not_in_force`` (error): a rule in force on dates on which a parameter it
  compares with has no value in some jurisdiction, so cases on those dates cannot be triaged;
* ``parameter_source_vague`` / ``parameter_value_source_missing`` (warning): a source citing no
  provision, or a parameter with several dated values, some without their own source;
* ``threshold_relation`` (error): an override breaks the relation its definition declares
  (``override_bound: {must_be: le, basis: …}``: a lower pack's value may not exceed the one above).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterator

from engine import RuleProblem, Scope
from engine.toolkit import (
    ParameterDef,
    ParameterOverride,
    ParamValue,
    detail_params,
    format_number,
    param_refs,
)

from .citations import cites_article
from .context import Context, finding
from .periods import ONE_DAY, Span, effective_spans, merge, span_text, uncovered


def check(ctx: Context) -> Iterator[RuleProblem]:
    for pack in ctx.ruleset.packs.values():
        for definition in pack.parameters:
            yield from _layer(ctx, definition)
        for override in pack.overrides:
            yield from _layer(ctx, override)
    yield from _rules_needing_values(ctx)
    yield from _bounds(ctx)


def _layer(ctx: Context, entry: ParameterDef | ParameterOverride) -> Iterator[RuleProblem]:
    param_id = entry.id if isinstance(entry, ParameterDef) else entry.override
    overriding = isinstance(entry, ParameterOverride)
    spans = effective_spans(entry.values)
    ordered = sorted(entry.values, key=lambda v: v.start)
    for value, span in spans:
        if span is None:
            yield finding(
                "parameter_period_overlap",
                f"参数 {param_id} 有两个取值都从 {value.start.isoformat()} 起生效，只有后写的一个会被使用",
                ctx.where(value),
                fix="每个取值写不同的 from；要更正取值，直接修改原来那一项",
                severity="error",
            )
    for earlier, later in itertools.pairwise(ordered):
        if earlier.start == later.start:
            continue
        if earlier.end is not None and earlier.end >= later.start:
            yield finding(
                "parameter_period_overlap",
                f"参数 {param_id} 的取值 {format_number(earlier.value)}"
                f"（{earlier.start.isoformat()} 至 {earlier.end.isoformat()}）"
                f"与自 {later.start.isoformat()} 起的取值 {format_number(later.value)} 期间重叠；"
                "重叠期间按后者计算，前者写的截止日不起作用",
                ctx.where(earlier),
                fix=f"把前一取值的 to 改为 {(later.start - ONE_DAY).isoformat()} 或删去 to",
                severity="error",
            )
        elif earlier.end is not None and earlier.end + ONE_DAY < later.start:
            gap: Span = (earlier.end + ONE_DAY, later.start - ONE_DAY)
            consequence = (
                "这期间回退到上级规则包的取值"
                if overriding
                else "这期间没有取值，需要它的规则无法评估该期间的案件"
            )
            yield finding(
                "parameter_period_gap",
                f"参数 {param_id} 在 {span_text(gap)} 没有取值（前一取值截止于 {earlier.end.isoformat()}）；"
                + consequence,
                ctx.where(later),
                fix="让相邻取值首尾相接：删去前一取值的 to，或补写该期间的取值",
                severity="warning",
            )
    if not cites_article(entry.source):
        yield finding(
            "parameter_source_vague",
            f"参数 {param_id} 的出处「{entry.source}」没有写明法律文件的具体条款",
            ctx.where(entry),
            fix="写明文件名（书名号或文号）和条、款、项，例如 《…》第五条第一款第（三）项",
            severity="warning",
        )
    if len(entry.values) > 1:
        for value in entry.values:
            if not value.source:
                yield finding(
                    "parameter_value_source_missing",
                    f"参数 {param_id} 有多个时期的取值，自 {value.start.isoformat()} 起的取值没有写出处",
                    ctx.where(value),
                    fix="为每个取值写 source：该取值出自哪个文件的哪一条（修订版本、施行日期）",
                    severity="warning",
                )


def coverage(scope: Scope, param_id: str) -> list[Span]:
    """The dates on which the parameter has a value in this jurisdiction (any layer)."""
    spans = [
        span
        for layer in scope.parameters.get(param_id, ())
        for _, span in effective_spans(layer.values)
        if span is not None
    ]
    return merge(spans)


def _rules_needing_values(ctx: Context) -> Iterator[RuleProblem]:
    gaps: dict[tuple[str, str, Span], list[str]] = defaultdict(list)
    for scope in ctx.ruleset.scopes.values():
        for rule, _ in scope.rules:
            for param_id in dict.fromkeys([*param_refs(rule.when), *detail_params(rule.detail)]):
                for gap in uncovered(rule.effective_from, rule.effective_to, coverage(scope, param_id)):
                    gaps[(rule.id, param_id, gap)].append(scope.jurisdiction)
    for (rule_id, param_id, gap), places in gaps.items():
        yield finding(
            "rule_parameter_not_in_force",
            f"规则在 {span_text(gap)} 生效，但参数 {param_id} 在{'、'.join(places)}这段时间没有取值，"
            "该期间的案件无法评估",
            ctx.where(ctx.rule(rule_id)),
            fix=f"为参数 {param_id} 补写该期间的取值，或调整规则的 effective_from / effective_to",
            severity="error",
            rule=rule_id,
        )


def _bounds(ctx: Context) -> Iterator[RuleProblem]:
    by_jurisdiction = {s.jurisdiction: s for s in ctx.ruleset.scopes.values()}
    for param_id, (definition, _) in ctx.resolved.params.items():
        bound = definition.override_bound
        if bound is None:
            continue
        for scope in ctx.ruleset.scopes.values():
            pack = scope.path[-1]
            parent_name = pack.manifest.parent
            if parent_name is None or parent_name not in by_jurisdiction:
                continue
            for override in (o for o in pack.overrides if o.override == param_id):
                parent = by_jurisdiction[parent_name]
                problem = _compare(scope, parent, param_id, override, bound.must_be)
                if problem is not None:
                    value, day, above = problem
                    relation = "高于" if bound.must_be == "le" else "低于"
                    yield finding(
                        "threshold_relation",
                        f"{scope.jurisdiction}自 {day.isoformat()} 起的取值 {format_number(value.value)} "
                        f"{relation}{parent_name}同日的取值 {format_number(above)}；"
                        f"参数定义声明下级取值不得{relation}上级取值（依据: {bound.basis}）",
                        ctx.where(value),
                        fix=f"核对{scope.jurisdiction}规定的数额；"
                        "若法律确有不同规定，修改参数定义中的 override_bound",
                        severity="error",
                        related=[ctx.where(definition)],
                    )


def _compare(
    scope: Scope, parent: Scope, param_id: str, override: ParameterOverride, must_be: str
) -> tuple[ParamValue, dt.date, float] | None:
    """The first date on which the override breaks the bound, with the two values."""
    days = {v.start for v in override.values}
    for layer in parent.parameters.get(param_id, ()):
        days |= {v.start for v in layer.values}
    for day in sorted(days):
        mine = next((x for x in scope.parameters[param_id] if x.pack == scope.path[-1].id), None)
        entry = mine.value_on(day) if mine is not None else None
        above = parent.bind(param_id, day)
        if entry is None or above is None:
            continue
        broken = entry.value > above.value if must_be == "le" else entry.value < above.value
        if broken:
            return entry, day, above.value
    return None
