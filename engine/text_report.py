"""The triage as Chinese text for a case handler (CLI ``--format text`` and failing scenarios)."""

from __future__ import annotations

from typing import Any

from .result import ConditionResult, DecisionResult, Reason, TriageResult

_MARK = {True: "✔", False: "✘", None: "？"}


def _value(value: Any) -> str:
    if isinstance(value, list | tuple):
        # items that contain 、 themselves (e.g. a checklist) are separated unambiguously
        joiner = "；" if any("、" in str(v) for v in value) else "、"
        return joiner.join(str(v) for v in value) or "（无）"
    if isinstance(value, dict):
        return "；".join(f"{k}: {_value(v)}" for k, v in value.items())
    if value is None:
        return "—"
    return str(value)


def detail_text(decision: DecisionResult) -> str:
    if not decision.detail:
        return ""
    parts = []
    for key, value in decision.detail.items():
        if key.endswith("_note"):
            continue
        label = decision.detail_labels.get(key, key)
        if isinstance(value, list | tuple) and value and isinstance(value[0], dict):
            items = ["，".join(str(v) for k, v in item.items() if k != "rule") for item in value]
            parts.append(f"{label}: " + "；".join(items))
        else:
            parts.append(f"{label}: {_value(value)}")
        note = decision.detail.get(key + "_note")
        if note:
            parts.append(f"（{note}）")
    return "；".join(parts)


def condition_line(cond: ConditionResult) -> str:
    if cond.kind == "decision":
        return f"{_MARK[cond.result]} 「{cond.label}」应为{cond.test}（结论: {cond.value_text}）"
    if cond.kind == "exception":
        return f"{_MARK[cond.result]} {cond.label}: {cond.value_text}"
    if cond.test in ("是", "否"):
        expected = "" if cond.result is True else f"（应为{cond.test}）"
        return f"{_MARK[cond.result]} {cond.label}: {cond.value_text}{expected}"
    return f"{_MARK[cond.result]} {cond.label} {cond.test}（实际: {cond.value_text}）"


def reason_lines(reason: Reason, indent: int, shown: set[tuple[str, str]]) -> list[str]:
    """A reason and, under each derived fact or decision it relies on, that conclusion's reasons.

    ``shown`` holds the nested conclusions already explained in this output: they are
    referred to, not repeated, so a case handler reads each proof once.
    """
    pad = "  " * indent
    lines = [f"{pad}{_MARK[reason.result]} {reason.title}〔{reason.rule}〕"]
    lines.append(f"{pad}   依据: " + "；".join(reason.basis))
    if reason.effective_from or reason.effective_to:
        lines.append(f"{pad}   施行期间: {reason.effective_from or '—'} 至 {reason.effective_to or '今'}")
    for cond in reason.conditions:
        lines.append(f"{pad}   · {condition_line(cond)}")
        if cond.kind not in ("derived", "decision", "exception"):
            continue
        key = (cond.fact or "", str(cond.value))  # a conclusion and its value, whatever the test
        nested = [n for n in reason.because if _explains(n, cond)]
        if nested and key in shown:
            lines.append(f"{pad}      （理由见上）")
            continue
        shown.add(key)
        for item in nested:
            lines += reason_lines(item, indent + 3, shown)
    return lines


def _explains(nested: Reason, cond: ConditionResult) -> bool:
    return cond.fact is not None and nested.concludes == cond.fact


def render_text(result: TriageResult) -> str:
    case = result.case_id or "（未编号）"
    packs = "，".join(result.ruleset.packs)
    lines = [
        f"案件 {case} · {result.jurisdiction} · 评估日期 {result.as_of.isoformat()}",
        f"规则集 {result.ruleset.digest[:19]}…（{packs}）· 执行器 {result.executor}",
    ]
    if result.decision_id:
        lines.append(f"决定编号 {result.decision_id}")
    shown: set[tuple[str, str]] = set()
    if result.warnings:
        lines.append("")
        lines.append("⚠ 提示")
        for warning in result.warnings:
            facts = "，".join(f"{f.label}: {f.value_text}" for f in warning.facts)
            lines.append(f"  ⚠ {warning.message}")
            lines.append(f"     涉及: {facts}；依据: {'；'.join(warning.basis)}")
    for decision_id, decision in result.decisions.items():
        lines.append("")
        head = f"【{decision.label}】{decision.outcome_label}"
        detail = detail_text(decision)
        lines.append(head + (f" — {detail}" if detail else ""))
        if decision.outcome == "not_required" and decision.reasons:
            lines.append("  最接近的规则及未满足的条件:")
        elif decision.outcome == "undetermined":
            lines.append("  以下规则取决于尚未填写的事实:")
        for reason in decision.reasons:
            lines += reason_lines(reason, 1, shown)
        shown.add((decision_id, decision.outcome))
        if decision.outcome == "not_required" and not decision.reasons:
            lines.append("  （该评估日期没有生效的相关规则）")
        for missing in decision.missing_facts:
            lines.append(f"  ？ 需补充「{missing.label}」: {missing.question}")
    if result.missing_facts:
        lines.append("")
        lines.append("待补充的事实")
        for missing in result.missing_facts:
            affects = "、".join(result.decisions[d].label for d in missing.affects if d in result.decisions)
            lines.append(f"  - {missing.label}: {missing.question}（影响: {affects}）")
    return "\n".join(lines) + "\n"
