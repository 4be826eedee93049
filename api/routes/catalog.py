"""Facts, decisions, jurisdictions and rules of the active rule set."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from engine import InputInvalid, RuleSet, describe_rule, did_you_mean, home_scope, relevance
from tools.lint.always_read import always_read

from ..deps import CatalogReader, RuleSetDep
from ..errors import ApiError
from ..schemas.catalog import (
    DecisionsOut,
    FactsOut,
    JurisdictionsOut,
    RelevanceIn,
    RelevanceOut,
    RuleOut,
    RulesOut,
)
from ..services import catalog_answers as catalog
from ..settings import unit_name
from .common import errors

router = APIRouter(prefix="/v1", tags=["词表与规则"])

JurisdictionQuery = Annotated[
    str | None, Query(description="管辖地；给出时按该管辖地的规则包（含地方参数）显示")
]
FieldQuery = Annotated[
    str | None, Query(description="案件领域（事实 field 的取值）；不给出时只按管辖地和日期判断")
]
AsOfQuery = Annotated[
    dt.date | None, Query(description="评估日期 YYYY-MM-DD（参数取值和有效性）；缺省为今天")
]


@router.get(
    "/facts",
    operation_id="listFacts",
    summary="输入事实词表",
    description="每个事实的 id、中文名称、类型、允许的取值、缺失时的提问和分组。",
    response_model=FactsOut,
    responses=errors(401, 403),
)
def facts(_: CatalogReader, ruleset: RuleSetDep) -> FactsOut:
    return catalog.facts(ruleset)


@router.get(
    "/decisions-catalog",
    operation_id="listDecisions",
    summary="决定目录",
    description="各项决定的 id、中文名称和所在管辖地；某管辖地没有的决定不出现在其结果中。",
    response_model=DecisionsOut,
    responses=errors(401, 403, 422),
)
def decisions(_: CatalogReader, ruleset: RuleSetDep, jurisdiction: JurisdictionQuery = None) -> DecisionsOut:
    return catalog.decisions(ruleset, jurisdiction)


@router.get(
    "/jurisdictions",
    operation_id="listJurisdictions",
    summary="管辖地",
    response_model=JurisdictionsOut,
    responses=errors(401, 403),
)
def jurisdictions(_: CatalogReader, ruleset: RuleSetDep) -> JurisdictionsOut:
    out = catalog.jurisdictions(ruleset)
    for place in out.jurisdictions:  # what the 结论单 of its cases is headed with (the page prints it too)
        place.sheet_unit = unit_name(place.name)
    return out


@router.get(
    "/rules",
    operation_id="listRules",
    summary="规则列表",
    description="条件的中文表述、法律依据、有效期、参数取值和源文件位置。",
    response_model=RulesOut,
    responses=errors(401, 403, 422),
)
def rules(
    _: CatalogReader, ruleset: RuleSetDep, jurisdiction: JurisdictionQuery = None, as_of: AsOfQuery = None
) -> RulesOut:
    day = as_of or dt.date.today()
    return RulesOut(ruleset=ruleset.digest, as_of=day, rules=catalog.rules(ruleset, jurisdiction, day))


@router.get(
    "/rules/{rule_id}",
    operation_id="getRule",
    summary="一条规则",
    response_model=RuleOut,
    responses=errors(401, 403, 404, 422),
)
def rule(
    rule_id: str,
    _: CatalogReader,
    ruleset: RuleSetDep,
    jurisdiction: JurisdictionQuery = None,
    as_of: AsOfQuery = None,
) -> RuleOut:
    day = as_of or dt.date.today()
    found = ruleset.rules.get(rule_id)
    if found is None:
        hint = did_you_mean(rule_id, ruleset.rules)
        raise ApiError(
            404,
            "unknown_rule",
            f"没有 id 为 '{rule_id}' 的规则",
            location="rule_id",
            suggestion=f"您是否想查: {hint}" if hint else "规则 id 见 GET /v1/rules",
        )
    rule_def, pack = found
    if jurisdiction is None:
        return catalog.rule_out(describe_rule(ruleset, rule_def, pack, home_scope(ruleset, pack), day))
    scope = ruleset.scope(jurisdiction)
    if not any(r.id == rule_id for r, _ in scope.rules):
        raise ApiError(
            404,
            "rule_not_in_jurisdiction",
            f"规则 '{rule_id}'（{pack}）不适用于{jurisdiction}（不在其规则包路径上，或被地方规则替换）",
            location="jurisdiction",
            suggestion="不带 jurisdiction 参数查询，可看到该规则在其所属规则包中的内容",
        )
    return catalog.rule_out(describe_rule(ruleset, rule_def, pack, scope, day))


@router.get(
    "/relevance",
    operation_id="factRelevance",
    summary="哪些事实与本案有关",
    description="按管辖地、评估日期和案件领域，从生效的规则推出每个事实是否还可能影响某项决定或提示"
    "（网页据此折叠无关的事实）。条件在已知事实下已不成立的规则不再计入；中间结论沿规则追溯到输入事实。"
    "always_read_by：任何案件中都会读取该事实的决定（网页标为「必答」）。",
    response_model=RelevanceOut,
    responses=errors(401, 403, 422),
)
def fact_relevance(
    _: CatalogReader,
    ruleset: RuleSetDep,
    jurisdiction: Annotated[str, Query(description="管辖地")],
    as_of: AsOfQuery = None,
    field: FieldQuery = None,
) -> RelevanceOut:
    ruleset.scope(jurisdiction)  # unknown jurisdiction: the usual 422 listing the known ones
    known, problems = ruleset.vocabulary.parse({"field": field} if field else {})
    if problems:
        raise InputInvalid(problems)
    day = as_of or dt.date.today()
    return _marked(catalog.relevance_out(relevance(ruleset, jurisdiction, day, known)), ruleset)


@router.post(
    "/relevance",
    operation_id="factRelevanceForFacts",
    summary="按已知事实：其余事实还能确定哪些决定",
    description="与 GET /v1/relevance 相同，但按请求中的全部已知事实判断；每个事实另给出 settles："
    "仍无法确定、且会读取该事实的决定。网页的引导式提问按其数量排列问题。不写决定记录。",
    response_model=RelevanceOut,
    responses=errors(400, 401, 403, 422),
)
def fact_relevance_for_facts(_: CatalogReader, ruleset: RuleSetDep, body: RelevanceIn) -> RelevanceOut:
    ruleset.scope(body.jurisdiction)
    known, problems = ruleset.vocabulary.parse(body.facts)
    if problems:
        raise InputInvalid(problems)
    found = relevance(ruleset, body.jurisdiction, body.as_of or dt.date.today(), known)
    return _marked(catalog.relevance_out(found), ruleset)


def _marked(out: RelevanceOut, ruleset: RuleSet) -> RelevanceOut:
    """Each fact with the decisions that read it in every case (the form's 「必答」), from the rules."""
    always = always_read(ruleset, ruleset.plan(out.jurisdiction, out.as_of))
    for fact in out.facts:
        fact.always_read_by = list(always.get(fact.fact, ()))
    return out
