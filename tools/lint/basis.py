"""``basis_without_article`` (warning): a rule none of whose citations names a provision.

The schema requires at least one non-empty citation; a reviewer still cannot check "《行政处罚法》"
or "有关规定" against the law. A rule passes when one citation names a document (《…》 or a
document number) and a provision (第…条、款、项、部分, or a numbered section such as 一、（三）).
"""

from __future__ import annotations

from collections.abc import Iterator

from engine import RuleProblem

from .citations import cites_article
from .context import Context, finding

_FIX = "写明文件名（书名号或文号）和条、款、项，例如 《中华人民共和国行政处罚法》第五十八条第一款"


def check(ctx: Context) -> Iterator[RuleProblem]:
    for rule_id, (rule, _) in ctx.ruleset.rules.items():
        if any(cites_article(b) for b in rule.basis):
            continue
        yield finding(
            "basis_without_article",
            "法律依据没有写明具体条款: " + "；".join(f"「{b}」" for b in rule.basis),
            ctx.where(rule),
            fix=_FIX,
            severity="warning",
            rule=rule_id,
        )
