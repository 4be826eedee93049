"""The 那么 steps of a scenario checked against a triage, as tests/bdd/support.py checks them (the
helpers that read a result as a scenario writes it are shared with it).

:func:`first_failure` answers the first check that does not hold (its text and why), or ``None``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from engine import DecisionResult, Reason, RuleSet, TriageResult
from engine.toolkit import detail_text

VERIFICATION_LABELS = {"V1": "已核对原文", "V2": "经二手来源核对", "UNVERIFIED": "未核实"}


class UnknownStep(ValueError):
    """A 那么 step that is none of the forms of features/README.md."""

    def __init__(self, text: str) -> None:
        super().__init__(f"未知的检查步骤「{text}」；可用的写法见 features/README.md")


def _decision(result: TriageResult, label: str) -> DecisionResult | None:
    return next((d for d in result.decisions.values() if d.label == label), None)


def param_uses(reasons: Iterable[Reason]) -> Iterable[Any]:
    """The parameters the reasons compared with (their nested reasons' too), as in force on the date."""
    for reason in reasons:
        for condition in reason.conditions:
            yield from condition.params
        yield from param_uses(reason.because)


def number_text(value: float) -> str:
    """A number as a scenario writes it (10000, not 10000.0)."""
    return str(int(value)) if float(value).is_integer() else str(value)


def split_labels(text: str) -> list[str]:
    """A list of names as a scenario writes it: separated by 、 or ，."""
    return [p.strip() for p in text.replace("，", "、").split("、") if p.strip()]


def _fact_label(ruleset: RuleSet, label: str) -> str:
    fact = ruleset.vocabulary.get(label)
    return fact.label if fact is not None else label


def _missing(result: TriageResult, decision: str | None) -> list[str] | None:
    if not decision:
        return [m.label for m in result.missing_facts]
    found = _decision(result, decision)
    return None if found is None else [m.label for m in found.missing_facts]


def detail_value(value: Any) -> str:
    """A detail's value as a scenario writes it (无 for none, a list joined by 、)."""
    if value is None:
        return "无"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value)
    return str(value)


def _on_decision(
    label: str, result: TriageResult, test: Callable[[DecisionResult], bool], what: str
) -> str | None:
    found = _decision(result, label)
    if found is None:
        return f"没有「{label}」这一决定"
    return None if test(found) else what


def check(text: str, result: TriageResult, ruleset: RuleSet) -> str | None:
    """Why the check ``text`` fails on ``result`` (``None``: it holds); :class:`UnknownStep` if the
    step is none of the forms of features/README.md."""
    q = r'"([^"]*)"'
    if m := re.fullmatch(q + r"的结论应为" + q, text):
        d, want = m.groups()
        return _on_decision(d, result, lambda x: x.outcome_label == want, f"「{d}」的结论不是「{want}」")
    if m := re.fullmatch(r"不应有" + q + r"的结论", text):
        return f"出现了「{m.group(1)}」" if _decision(result, m.group(1)) else None
    if m := re.fullmatch(q + r"的理由应引用" + q, text):
        d, want = m.groups()
        return _on_decision(
            d,
            result,
            lambda x: any(want in b for r in x.reasons for b in r.basis),
            f"「{d}」未引用「{want}」",
        )
    if m := re.fullmatch(q + r"的理由应包括规则" + q, text):
        d, rule = m.groups()
        return _on_decision(
            d, result, lambda x: rule in [r.rule for r in x.reasons], f"「{d}」的理由无 {rule}"
        )
    if m := re.fullmatch(q + r"的理由不应包括规则" + q, text):
        d, rule = m.groups()
        return _on_decision(
            d, result, lambda x: rule not in [r.rule for r in x.reasons], f"「{d}」的理由有 {rule}"
        )
    if m := re.fullmatch(q + r"的说明应包括" + q, text):
        d, want = m.groups()
        return _on_decision(d, result, lambda x: want in detail_text(x), f"「{d}」的说明无「{want}」")
    if m := re.fullmatch(q + r"的说明" + q + r"应为" + q, text):
        d, item, want = m.groups()

        def detail_is(x: DecisionResult) -> bool:
            detail = x.detail or {}
            names = {x.detail_labels.get(k, k): k for k in detail if not k.endswith("_note")}
            return item in names and detail_value(detail[names[item]]) == want

        return _on_decision(d, result, detail_is, f"「{d}」的说明「{item}」不是「{want}」")
    if m := re.fullmatch(q + r"依据的参数" + q + r"(应为|的核实程度应为|的出处应包括)" + q, text):
        d, param, form, want = m.groups()

        def param_is(x: DecisionResult) -> bool:
            use = {p.label: p for p in param_uses(x.reasons)}.get(param)
            if use is None:
                return False
            if form == "应为":
                return number_text(use.value) == want
            if form == "的核实程度应为":
                return bool(VERIFICATION_LABELS.get(use.verification, use.verification) == want)
            return bool(want in use.source)

        return _on_decision(d, result, param_is, f"「{d}」依据的参数「{param}」不符")
    if m := re.fullmatch(r'(?:"([^"]+)")?缺少的事实(应包括|不应包括|应恰为)' + q, text):
        d, form, want = m.groups()
        missing = _missing(result, d)
        if missing is None:
            return f"没有「{d}」这一决定"
        if form == "应恰为":
            ok = sorted(_fact_label(ruleset, x) for x in split_labels(want)) == sorted(missing)
        else:
            ok = (_fact_label(ruleset, want) in missing) == (form == "应包括")
        return None if ok else f"缺少的事实{form}「{want}」不成立"
    warnings = [w.message for w in result.warnings]
    if m := re.fullmatch(r"(应有|不应有)提示" + q, text):
        form, want = m.groups()
        ok = any(want in w for w in warnings) == (form == "应有")
        return None if ok else f"{form}提示「{want}」不成立"
    if text == "没有提示":
        return "有提示" if warnings else None
    time = result.time_of_act
    if m := re.fullmatch(r"行为时的说明应包括" + q, text):
        shown = f"{time.reason}；{time.limitation_note}" if time else ""
        return None if m.group(1) in shown else f"行为时的说明无「{m.group(1)}」"
    if m := re.fullmatch(r"适用的规定日期应为" + q, text):
        got = time.evaluated_on.isoformat() if time else "（无）"
        return None if got == m.group(1) else f"适用的规定日期不是 {m.group(1)}"
    raise UnknownStep(text)


def first_failure(checks: Iterable[str], result: TriageResult, ruleset: RuleSet) -> str | None:
    for text in checks:
        why = check(text, result, ruleset)
        if why is not None:
            return f"{text}（{why}）"
    return None
