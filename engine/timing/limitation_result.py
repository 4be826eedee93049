"""A result changed by the limitation period: the penalty-related decisions not required, and why.

移送 is still assessed (a crime has its own periods), and so are 音像记录 and decisions about other kinds
of enforcement: only the steps that lead to a 行政处罚 fall away.
"""

from __future__ import annotations

from ..result import OUTCOME_LABELS, DecisionResult, Reason, TriageResult, WarningFact, WarningResult
from .periods import Limitation

KEPT = frozenset({"judicial_transfer", "av_recording", "record_retention"})
BASIS = ("《中华人民共和国行政处罚法》第三十六条", "《市场监督管理行政处罚程序规定》第十九条第（四）项")
LIMITATION_RULE = "engine.time_of_act.limitation"
HARM_FACT = "life_health_or_financial_harm"


def _not_required(decision_id: str, decision: DecisionResult, limitation: Limitation) -> DecisionResult:
    reason = Reason(
        rule=LIMITATION_RULE,
        concludes=decision_id,
        title="违法行为已过追责时效，不再给予行政处罚",
        basis=BASIS,
        pack="engine",
        result=True,
        expression=limitation.note,
        conditions=(),
    )
    return decision.model_copy(
        update={
            "outcome": "not_required",
            "outcome_label": OUTCOME_LABELS["not_required"],
            "detail": None,
            "detail_labels": {},
            "reasons": (reason,),
            "missing_facts": (),
        }
    )


def apply_limitation(result: TriageResult, limitation: Limitation, penalty_case: bool) -> TriageResult:
    """The result with the limitation period's consequences and its warning, if any."""
    if limitation.status == "expired" and penalty_case:
        decisions = {
            k: d if k in KEPT else _not_required(k, d, limitation) for k, d in result.decisions.items()
        }
        affected = {k for k in decisions if k not in KEPT}
        missing = []
        for fact in result.missing_facts:
            left = tuple(a for a in fact.affects if a not in affected)
            if left:
                missing.append(fact.model_copy(update={"affects": left}))
        warning = _warning(result, f"{limitation.note}；移送司法机关仍须判断")
        return result.model_copy(
            update={
                "decisions": decisions,
                "missing_facts": tuple(missing),
                "warnings": (*result.warnings, warning),
            }
        )
    if limitation.status == "undetermined" and penalty_case:
        message = f"{limitation.note}；请确认是否涉及公民生命健康安全、金融安全且有危害后果"
        return result.model_copy(update={"warnings": (*result.warnings, _warning(result, message))})
    return result


def _warning(result: TriageResult, message: str) -> WarningResult:
    facts = []
    for fact_id, label in (
        ("act_date", "违法行为发生日期"),
        ("discovery_date", "违法行为被发现日期"),
        (HARM_FACT, ""),
    ):
        if fact_id in result.facts:
            value = result.facts[fact_id]
            text = ("是" if value else "否") if isinstance(value, bool) else str(value)
            shown = label or "涉及生命健康安全或金融安全且有危害后果"
            facts.append(WarningFact(fact=fact_id, label=shown, value=value, value_text=text))
    return WarningResult(rule=LIMITATION_RULE, message=message, basis=BASIS, facts=tuple(facts))
