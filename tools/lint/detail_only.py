"""Rules marked ``detail_only`` must never change an outcome.

* ``detail_only_changes_outcome`` (error): a ``detail_only`` rule can hold on a case where no other
  rule of its decision holds, so it would turn the decision to 需要 by itself — and the engine leaves
  its facts out of the missing facts, which would hide a question that decides the outcome. Its
  condition must include a case where another rule of the same decision holds (as the 公示 涉密 rule
  repeats the conditions of the 公示 rules).
"""

from __future__ import annotations

from collections.abc import Iterator

from engine import RuleProblem

from .context import Context, finding
from .logic import conj, disj, negate


def check(ctx: Context) -> Iterator[RuleProblem]:
    reported: set[str] = set()
    for stretch in ctx.stretches:
        tr = ctx.translator(stretch)
        for prule in stretch.plan.rules:
            if not prule.rule.detail_only or prule.id in reported:
                continue
            others = [
                r for r in stretch.plan.rules if r.conclusion == prule.conclusion and not r.rule.detail_only
            ]
            alone = conj((tr.condition(prule), negate(disj(tr.condition(o) for o in others))))
            if ctx.satisfiable(alone) is not True:
                continue
            reported.add(prule.id)
            example = ctx.example(alone)
            case = f"（例如 {ctx.case_text(example)}）" if example else ""
            yield finding(
                "detail_only_changes_outcome",
                f"标为 detail_only 的规则在 {stretch.text()} 可以单独使决定成立{case}，会改变结论",
                ctx.where(prule.rule),
                fix="在条件中加入同一决定另一条规则成立的情形，或去掉 detail_only",
                severity="error",
                rule=prule.id,
            )
