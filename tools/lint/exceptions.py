"""Declared exceptions and replacements: conflicts, exceptions without effect, gaps.

* ``exception_conflict`` (warning): exception E sets aside rule T, yet in a case where E and T
  hold another rule R of the same decision still holds, so the outcome is both excluded (by E)
  and required (by R). Declared when R's ``priority`` is higher than T's (R prevails on purpose)
  or E also lists R in ``exception_to``; reported with an example case otherwise;
* ``exception_without_effect`` (warning): E can never hold together with its target, or is
  never in force while its target is (periods, replacements), so it changes nothing;
* ``double_replacement`` (error): two rules on one jurisdiction path replace the same rule, so
  both apply there;
* ``replacement_gap`` (warning): the replacement is in force for less time than the rule it
  replaces; in between, neither applies in that jurisdiction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from engine import RuleProblem
from engine.toolkit import Plan, PlanRule, PreparedPlan, RuleDef, compile_condition

from .context import Context, finding, jurisdictions_text
from .logic import Formula, conj
from .periods import ONE_DAY
from .plans import Stretch


def check(ctx: Context) -> Iterator[RuleProblem]:
    yield from _exceptions(ctx)
    yield from _replacements(ctx)


def _exceptions(ctx: Context) -> Iterator[RuleProblem]:
    effect: dict[tuple[str, str], list[bool]] = defaultdict(list)
    conflicts: dict[tuple[str, str, str], list[Stretch]] = defaultdict(list)
    examples: dict[tuple[str, str, str], str] = {}
    for stretch in ctx.stretches:
        tr = ctx.translator(stretch)
        plan = stretch.plan
        for target in plan.rules:
            for exc in target.exceptions:
                f_exc, f_target = tr.formula(exc.when), tr.when(target)
                both = conj((f_exc, f_target))
                effect[(exc.id, target.id)].append(ctx.satisfiable(both) is not False)
                for other in (plan.rules[i] for i in plan.by_key[target.conclusion].rules):
                    if other is target or exc in other.exceptions:
                        continue
                    if other.rule.priority > target.rule.priority:
                        continue
                    situation = conj((both, tr.condition(other)))
                    if ctx.satisfiable(situation) is False:
                        continue
                    key = (exc.id, target.id, other.id)
                    conflicts[key].append(stretch)
                    if key not in examples:
                        examples[key] = _example(ctx, situation, plan, exc, target, other)
    for exc_id, rules in _exception_targets(ctx).items():
        for target_id in rules:
            seen = effect.get((exc_id, target_id))
            exc = ctx.rule(exc_id)
            if seen is None:
                why = "本例外与目标规则从未在同一管辖地同时生效（生效期间不重叠，或目标规则已被替换）"
            elif not any(seen):
                why = "本例外的条件与目标规则的条件不可能同时成立"
            else:
                continue
            yield finding(
                "exception_without_effect",
                f"例外对规则 {target_id} 没有任何作用：{why}",
                ctx.where(exc),
                fix="核对 exception_to 所指的规则、两者的生效期间和条件；无作用的例外应删除",
                severity="warning",
                rule=exc_id,
                related_rules=[target_id],
                related=[ctx.where(ctx.rule(target_id))],
            )
    for (exc_id, target_id, other_id), stretches in conflicts.items():
        target_rule, other_rule = ctx.rule(target_id), ctx.rule(other_id)
        label = stretches[0].plan.by_key[_key(target_rule)].label
        example = examples[(exc_id, target_id, other_id)]
        yield finding(
            "exception_conflict",
            f"例外排除了规则 {target_id}，但在同样的情形下规则 {other_id}（「{other_rule.title}」）"
            f"仍使「{label}」成立：结论既被排除又被要求，且未声明优先"
            f"（管辖地: {jurisdictions_text(stretches)}{'；例如 ' + example if example else ''}）",
            ctx.where(ctx.rule(exc_id)),
            fix=(
                f"若例外应排除整个结论，把 {other_id} 也列入 exception_to；"
                f"若 {other_id} 应当优先，给它写比 {target_id} 更高的 priority"
            ),
            severity="warning",
            rule=exc_id,
            related_rules=[target_id, other_id],
            related=[ctx.where(target_rule), ctx.where(other_rule)],
        )


def _key(rule: RuleDef) -> str:
    return f"decision:{rule.decision}" if rule.decision else (rule.derive or "")


def _exception_targets(ctx: Context) -> dict[str, tuple[str, ...]]:
    return {
        rid: rule.exception_to or ()
        for rid, (rule, _) in ctx.ruleset.rules.items()
        if rule.kind == "exception"
    }


def _example(
    ctx: Context, situation: Formula, plan: Plan, exc: RuleDef, target: PlanRule, other: PlanRule
) -> str:
    """An example case, checked by running the plan on it (the search approximates weighted sums)."""
    case = ctx.example(situation)
    if case is None:
        return ""
    verdicts = PreparedPlan(plan).program(case)
    env = verdicts.values
    holds = (
        compile_condition(exc.when, plan.params)(env),
        compile_condition(target.rule.when, plan.params)(env),
    )
    if holds != (True, True) or verdicts.rules[other.index] is not True:
        return ""
    return ctx.case_text(case)


def _replacements(ctx: Context) -> Iterator[RuleProblem]:
    reported: set[tuple[str, ...]] = set()
    for scope in ctx.ruleset.scopes.values():
        on_path = [r for p in scope.path for r in p.rules]
        by_target: dict[str, list[RuleDef]] = defaultdict(list)
        for rule in on_path:
            if rule.replaces:
                by_target[rule.replaces].append(rule)
        for target_id, replacements in by_target.items():
            if len(replacements) > 1:
                ids = tuple(r.id for r in replacements)
                if ids in reported:
                    continue
                reported.add(ids)
                yield finding(
                    "double_replacement",
                    f"在{scope.jurisdiction}，规则 {target_id} 同时被 {'、'.join(ids)} 替换，"
                    "这些替换规则都会生效",
                    ctx.where(replacements[-1]),
                    fix=f"下级规则包应替换上级的替换规则（replaces: {ids[0]}），而不是再次替换 {target_id}",
                    severity="error",
                    rule=ids[-1],
                    related_rules=[target_id, *ids[:-1]],
                    related=[ctx.where(r) for r in replacements[:-1]],
                )
            replaced = ctx.rule(target_id)
            for rule in replacements:
                gaps = _uncovered(replaced, rule)
                if not gaps or (rule.id,) in reported:
                    continue
                reported.add((rule.id,))
                yield finding(
                    "replacement_gap",
                    f"被替换的规则 {target_id} 的生效期间中，{'、'.join(gaps)} 本替换规则尚未（或不再）生效；"
                    f"在这段时间里，{scope.jurisdiction}及其下级既不适用 {target_id}，也不适用本规则",
                    ctx.where(rule),
                    fix="让替换规则的 effective_from / effective_to 覆盖被替换规则的生效期间，"
                    "或另写规则填补空档",
                    severity="warning",
                    rule=rule.id,
                    related_rules=[target_id],
                    related=[ctx.where(replaced)],
                )


def _uncovered(replaced: RuleDef, rule: RuleDef) -> list[str]:
    """The stretches of the replaced rule's period that the replacement does not cover, as text."""
    gaps: list[str] = []
    lo, hi = replaced.effective_from, replaced.effective_to
    if rule.effective_from and (lo is None or rule.effective_from > lo):
        gaps.append(f"{lo.isoformat() if lo else '最早'} 至 {(rule.effective_from - ONE_DAY).isoformat()}")
    if rule.effective_to and (hi is None or rule.effective_to < hi):
        gaps.append(f"{(rule.effective_to + ONE_DAY).isoformat()} 至 {hi.isoformat() if hi else '今后'}")
    return gaps
