"""Rules that can never hold, and rules whose every firing another rule of the same conclusion already covers.

* ``rule_never_fires`` (error): in no jurisdiction and on no date can the rule's condition hold
  (decided exactly, see ``logic``), e.g. 适用程序为简易程序 and 为普通程序 at once, or
  拟罚款金额 ≥ 参数A and ≤ 参数B where A > B in every jurisdiction;
* ``rule_always_excepted`` (error): the condition can hold, but wherever it does a declared
  exception in force also holds, so the rule never applies;
* ``rule_shadowed`` (warning): wherever rule A is in force, rule B of the same conclusion is too
  and every case satisfying A satisfies B; A adds no detail, so it changes no outcome.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import partial

from engine import RuleProblem
from engine.toolkit import AllOf, PlanRule

from .context import Context, finding, jurisdictions_text
from .logic import conj, negate
from .plans import Stretch


def check(ctx: Context) -> Iterator[RuleProblem]:
    when_sat: dict[str, list[bool]] = defaultdict(list)
    cond_sat: dict[str, list[bool]] = defaultdict(list)
    where_in_force: dict[str, list[Stretch]] = defaultdict(list)
    implies: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for stretch in ctx.stretches:
        rules, covers = ctx.per_plan("firing", stretch, partial(_on_plan, ctx, stretch))
        for rule_id, holds, condition_holds in rules:
            when_sat[rule_id].append(holds)
            cond_sat[rule_id].append(condition_holds)
            where_in_force[rule_id].append(stretch)
        for pair, covered in covers:
            implies[pair].append(covered)
    yield from _dead(ctx, when_sat, cond_sat, where_in_force)
    yield from _shadowed(ctx, implies, where_in_force)


OnPlan = tuple[list[tuple[str, bool, bool]], list[tuple[tuple[str, str], bool]]]


def _on_plan(ctx: Context, stretch: Stretch) -> OnPlan:
    """Per rule of the plan: can its ``when`` hold, can its condition (exceptions included) hold; per
    pair of rules with one conclusion: does the first's condition imply the second's."""
    tr = ctx.translator(stretch)
    rules: list[tuple[str, bool, bool]] = []
    cond_sat: dict[str, bool] = {}
    by_conclusion: dict[str, list[PlanRule]] = defaultdict(list)
    for prule in stretch.plan.rules:
        holds = ctx.satisfiable(tr.when(prule)) is not False
        cond_sat[prule.id] = holds and ctx.satisfiable(tr.condition(prule)) is not False
        rules.append((prule.id, holds, cond_sat[prule.id]))
        by_conclusion[prule.conclusion].append(prule)
    covers: list[tuple[tuple[str, str], bool]] = []
    for key, prules in by_conclusion.items():
        if key.startswith("warning:"):
            continue
        for a in prules:
            if a.rule.detail or not cond_sat[a.id]:
                continue
            fa = tr.condition(a)
            for b in prules:
                if b is not a:
                    covered = ctx.satisfiable(conj((fa, negate(tr.condition(b))))) is False
                    covers.append(((a.id, b.id), covered))
    return rules, covers


def _dead(
    ctx: Context,
    when_sat: dict[str, list[bool]],
    cond_sat: dict[str, list[bool]],
    where: dict[str, list[Stretch]],
) -> Iterator[RuleProblem]:
    for rule_id, results in when_sat.items():
        rule = ctx.rule(rule_id)
        stretches = where[rule_id]
        if not any(results):
            yield finding(
                "rule_never_fires",
                f"条件自相矛盾，任何案件都不能使其成立（{_clash(ctx, rule_id, stretches[0])}；"
                f"已按 {jurisdictions_text(stretches)} 在各生效期间的参数取值检查）",
                ctx.where(rule),
                fix="改正 when 中互相排斥的条件（常见原因：all 应为 any、取值写错、门槛参数上下颠倒）",
                severity="error",
                rule=rule_id,
            )
        elif not any(cond_sat[rule_id]):
            excepted = sorted(
                {e.id for s in stretches for r in s.plan.rules if r.id == rule_id for e in r.exceptions}
            )
            yield finding(
                "rule_always_excepted",
                "规则的条件可以成立，但凡成立时总有声明的例外同时成立，规则永远不会适用"
                f"（例外: {'、'.join(excepted)}；管辖地: {jurisdictions_text(stretches)}）",
                ctx.where(rule),
                fix="收窄例外规则的条件，或删除本规则（如确实已被例外完全取代）",
                severity="error",
                rule=rule_id,
                related_rules=excepted,
                related=[ctx.where(ctx.rule(e)) for e in excepted],
            )


def _clash(ctx: Context, rule_id: str, stretch: Stretch) -> str:
    """The smallest part of the condition that cannot hold: one conjunct, or a pair of them."""
    prule = next(r for r in stretch.plan.rules if r.id == rule_id)
    tr = ctx.translator(stretch)
    when = prule.rule.when
    parts = when.all if isinstance(when, AllOf) else (when,)
    formulas = [tr.formula(p) for p in parts]
    for part, f in zip(parts, formulas, strict=True):
        if ctx.satisfiable(f) is False:
            return f"「{ctx.text(part, stretch)}」不可能成立"
    for i in range(len(parts)):
        for j in range(i + 1, len(parts)):
            if ctx.satisfiable(conj((formulas[i], formulas[j]))) is False:
                return f"「{ctx.text(parts[i], stretch)}」与「{ctx.text(parts[j], stretch)}」不能同时成立"
    return f"「{ctx.text(when, stretch)}」的各项不能同时成立"


def _shadowed(
    ctx: Context, implies: dict[tuple[str, str], list[bool]], where: dict[str, list[Stretch]]
) -> Iterator[RuleProblem]:
    reported: set[frozenset[str]] = set()
    for (a_id, b_id), results in sorted(implies.items()):
        # covered in every stretch where A is in force (B absent from a stretch leaves no entry there)
        if len(results) != len(where[a_id]) or not all(results):
            continue
        pair = frozenset({a_id, b_id})
        mutual = implies.get((b_id, a_id), [])
        if pair in reported:
            continue
        equivalent = bool(mutual) and len(mutual) == len(where[b_id]) and all(mutual)
        if equivalent and _declared_after(ctx, b_id, a_id):
            continue  # equivalent rules: report only the one declared later
        reported.add(pair)
        a, b = ctx.rule(a_id), ctx.rule(b_id)
        yield finding(
            "rule_shadowed",
            f"凡满足本规则的案件都满足规则 {b_id}（「{b.title}」，结论相同、条件更宽），"
            "本规则不会改变任何结论",
            ctx.where(a),
            fix=f"删除本规则，或把其依据并入 {b_id}；若有意保留以便在理由中引用不同依据，可不改动",
            severity="warning",
            rule=a_id,
            related_rules=[b_id],
            related=[ctx.where(b)],
        )


def _declared_after(ctx: Context, first: str, second: str) -> bool:
    a, b = ctx.where(ctx.rule(first)), ctx.where(ctx.rule(second))
    return (a.file, a.line, a.column) > (b.file, b.line, b.column)
