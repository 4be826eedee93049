"""Definitions nothing uses, and conclusions nothing can reach.

* ``fact_unused`` (warning): an input fact no rule condition, sum or detail refers to: handlers
  are asked for nothing by it (or a rule refers to the wrong fact);
* ``parameter_unused`` (warning): a parameter no rule or decision detail refers to;
* ``derived_unused`` (warning): a 中间结论 no condition refers to: it is computed and never shown;
* ``derived_without_rules`` / ``decision_without_rules`` (warning): nothing concludes it, so it
  is always 否 / 不需要.
"""

from __future__ import annotations

from collections.abc import Iterator

from engine import RuleProblem
from engine.toolkit import ENGINE_FACTS, detail_facts, detail_params, param_refs, reads

from .context import Context, finding


def check(ctx: Context) -> Iterator[RuleProblem]:
    facts: set[str] = set(ENGINE_FACTS)  # read by the engine around the rules (the time of the act)
    params: set[str] = set()
    derived_rules: set[str] = set()
    decision_rules: set[str] = set()
    for rule, _ in ctx.ruleset.rules.values():
        facts.update(read.id for read in reads(rule.when) if read.kind == "fact")
        facts.update(detail_facts(rule.detail))
        params.update(param_refs(rule.when))
        params.update(detail_params(rule.detail))
        if rule.derive:
            derived_rules.add(rule.derive)
        if rule.decision:
            decision_rules.add(rule.decision)
    for pack in ctx.ruleset.packs.values():
        for decision in pack.decisions:
            facts.update(detail_facts(decision.detail))
            params.update(detail_params(decision.detail))
        for amend in pack.amendments:
            facts.update(detail_facts(amend.detail))
            params.update(detail_params(amend.detail))

    for fact in ctx.ruleset.vocabulary.facts:
        if fact.id not in facts:
            yield finding(
                "fact_unused",
                f"输入事实「{fact.label}」（{fact.id}）没有被任何规则使用",
                ctx.where(fact),
                fix="为它编写规则，或从 facts.yaml 删除；若规则本应使用它，检查规则中的事实名称",
                severity="warning",
            )
    for param_id, (definition, _) in ctx.resolved.params.items():
        if param_id not in params:
            yield finding(
                "parameter_unused",
                f"参数 {param_id}（{definition.label}）没有被任何规则或决定说明使用",
                ctx.where(definition),
                fix="在规则中用 {param: " + param_id + "} 引用它，或删除该参数",
                severity="warning",
            )
    for derived_id, (derived, _) in ctx.resolved.derived.items():
        if derived_id not in derived_rules and not derived.also_input:
            yield finding(
                "derived_without_rules",
                f"没有任何规则推定中间结论 {derived_id}，它永远为“否”",
                ctx.where(derived),
                fix=f"编写 derive: {derived_id} 的规则，或删除该中间结论及引用它的条件",
                severity="warning",
            )
        elif derived_id not in facts:
            yield finding(
                "derived_unused",
                f"中间结论 {derived_id} 没有被任何规则的条件使用",
                ctx.where(derived),
                fix="在需要它的规则条件中引用它，或删除该中间结论及其推定规则",
                severity="warning",
            )
    for decision_id, (decision, _) in ctx.resolved.decisions.items():
        if decision_id not in decision_rules:
            yield finding(
                "decision_without_rules",
                f"决定「{decision.label}」（{decision_id}）没有任何规则，在所有案件中都是“不需要”",
                ctx.where(decision),
                fix=f"编写 decision: {decision_id} 的规则，或删除该决定",
                severity="warning",
            )
