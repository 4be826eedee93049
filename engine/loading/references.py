"""Stage ``resolve``: what each pack refers to — the decision or derived fact a rule concludes, the rules
it makes exceptions to or replaces, the decisions it amends and the parameters it overrides — must
exist and be visible from the pack (its own or an ancestor's). Conditions and details are resolved
by ``condition_checks``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from ..errors import Location, ProblemList
from ..model import RuleDef
from ..plan import conclusion_of
from ..scope import Pack
from ..vocabulary import Vocabulary
from .condition_checks import Names, resolve_condition
from .definitions import Definitions, collect
from .report import suggest, where_of


def resolve(
    vocabulary: Vocabulary,
    packs: dict[str, Pack],
    problems: ProblemList,
    shared: Mapping[str, RuleDef] | None = None,
) -> Definitions:
    """Every definition collected, every reference checked; the packs' rules with facts named by id
    (a rule equal to ``shared``'s of its id is that object)."""
    found = collect(vocabulary, packs, problems)
    names = Names(found, problems)
    found.packs = {pid: _resolve_pack(pack, names, shared or {}) for pid, pack in packs.items()}
    return found


def _resolve_pack(pack: Pack, names: Names, shared: Mapping[str, RuleDef]) -> Pack:
    found, problems = names.found, names.problems
    fallback = Location(pack.files[0])
    for amend in pack.amendments:
        target = found.decisions.get(amend.amend)
        if target is None or not found.strict_ancestor(pack.id, target[1]):
            problems.add(
                "unknown_decision",
                f"amend 的目标决定 '{amend.amend}' 不是上级规则包定义的决定",
                where_of(amend, fallback),
                fix=suggest(amend.amend, found.decisions, "决定标识"),
            )
        names.detail(amend.detail, pack.id, None, amend, fallback)
    for override in pack.overrides:
        target_param = found.params.get(override.override)
        if target_param is None or not found.strict_ancestor(pack.id, target_param[1]):
            problems.add(
                "unknown_parameter",
                f"override 的目标参数 '{override.override}' 不是上级规则包定义的参数",
                where_of(override, fallback),
                fix=suggest(override.override, found.params, "参数标识"),
            )
    for dec in pack.decisions:
        names.detail(dec.detail, pack.id, None, dec, fallback)
    rules = tuple(_same(_resolve_rule(rule, pack, names, fallback), shared) for rule in pack.rules)
    for rule in rules:
        found.rules[rule.id] = (rule, pack.id)
    return dataclasses.replace(pack, rules=rules)


def _resolve_rule(rule: RuleDef, pack: Pack, names: Names, fallback: Location) -> RuleDef:
    found, problems = names.found, names.problems
    where = where_of(rule, fallback)
    if rule.decision is not None:
        target = found.decisions.get(rule.decision)
        if target is None or not found.visible(pack.id, target[1]):
            problems.add(
                "unknown_decision",
                f"规则所属的决定 '{rule.decision}' 未定义（或不是本包及上级包的决定）",
                where,
                fix=suggest(rule.decision, found.decisions, "决定标识"),
                rule=rule.id,
            )
    if rule.derive is not None:
        target_d = found.derived.get(rule.derive)
        if target_d is None or not found.visible(pack.id, target_d[1]):
            problems.add(
                "unknown_derived",
                f"规则推定的中间结论 '{rule.derive}' 未在 derived: 中定义",
                where,
                fix=suggest(rule.derive, found.derived, "中间结论标识"),
                rule=rule.id,
            )
    for target_id in rule.exception_to or ():
        _exception_target(rule, target_id, pack, found, problems, where)
    if rule.replaces is not None:
        _replaced(rule, rule.replaces, pack, found, problems, where)
    when = resolve_condition(rule.when, names, pack.id, rule.id, fallback)
    names.detail(rule.detail, pack.id, rule.id, rule, fallback)
    return rule.model_copy(update={"when": when})


def _same(rule: RuleDef, shared: Mapping[str, RuleDef]) -> RuleDef:
    earlier = shared.get(rule.id)
    return earlier if earlier is not None and earlier == rule else rule


def _exception_target(
    rule: RuleDef, target_id: str, pack: Pack, found: Definitions, problems: ProblemList, where: Location
) -> None:
    target_r = found.rules.get(target_id)
    if target_r is not None and not found.visible(pack.id, target_r[1]):
        problems.add(
            "not_an_ancestor",
            f"exception_to 指向的规则 '{target_id}' 属于规则包 {target_r[1]}，不在本包及上级包中",
            where,
            fix="例外只能针对本包及上级规则包中的规则",
            rule=rule.id,
        )
    elif target_r is None:
        problems.add(
            "unknown_rule",
            f"exception_to 指向的规则 '{target_id}' 不存在",
            where,
            fix=suggest(target_id, found.rules, "规则标识"),
            rule=rule.id,
        )
    elif target_r[0].kind == "exception":
        problems.add(
            "exception_of_exception", f"'{target_id}' 本身是例外规则，不能再为它设例外", where, rule=rule.id
        )


def _replaced(
    rule: RuleDef, replaces: str, pack: Pack, found: Definitions, problems: ProblemList, where: Location
) -> None:
    replaced = found.rules.get(replaces)
    if replaced is not None and not found.strict_ancestor(pack.id, replaced[1]):
        problems.add(
            "not_an_ancestor",
            f"replaces 指向的规则 '{replaces}' 属于规则包 {replaced[1]}，不是本包的上级规则包",
            where,
            fix="只能替换上级（全国、省）规则包中的规则；要改变下级规则，请在下级规则包中修改",
            rule=rule.id,
        )
    elif replaced is None:
        problems.add(
            "unknown_rule",
            f"replaces 指向的规则 '{replaces}' 不存在",
            where,
            fix=suggest(replaces, found.rules, "规则标识"),
            rule=rule.id,
        )
    elif (
        replaced[0].kind in ("exception", "warning")
        or rule.kind != replaced[0].kind
        or (conclusion_of(replaced[0]) != conclusion_of(rule))
    ):
        problems.add(
            "replace_mismatch", f"替换规则必须与被替换的规则 '{replaces}' 得出同一个结论", where, rule=rule.id
        )
