"""The rows of a 结论单, in Chinese, from a recorded triage result (no layout here)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

OUTCOME_WORDS = {"required": "需要", "not_required": "不需要", "undetermined": "无法确定"}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
# what neither a Word document (XML 1.0) nor a PDF text can hold, shown as U+FFFD: a case number or a key
# holder's name is any JSON string, and "\u0001" is one (the docx was a 500 for it)
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub("\ufffd", text)


def cn_date(value: str | dt.date | dt.datetime | None) -> str:
    """2026-12-06 (or a date) as 2026年12月6日; other text unchanged."""
    if value is None or value == "":
        return ""
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    found = _ISO_DATE.match(str(value))
    if not found:
        return str(value)
    year, month, day = (int(x) for x in found.groups())
    return f"{year}年{month}月{day}日"


@dataclass(frozen=True)
class DecisionRow:
    decision: str  # its Chinese name
    outcome: str  # 需要 / 不需要 / 无法确定
    reason: str  # what it requires (detail), or why it is not required or still open
    basis: tuple[str, ...]


@dataclass(frozen=True)
class Sheet:
    unit: str  # 单位名称, e.g. 宜春市市场监督管理局
    title: str
    meta: tuple[tuple[str, str], ...]
    decisions: tuple[DecisionRow, ...]
    warnings: tuple[str, ...]
    missing: tuple[str, ...]
    facts: tuple[tuple[str, str], ...]
    foot: str
    made_on: str  # 年月日 the sheet was made
    qr_png: bytes | None = field(default=None, repr=False)


_MARKS = {"V1": "已核对正式文本", "V2": "仅经二手来源核对", "UNVERIFIED": "未核实"}
_READINGS = re.compile(r"(见\s*)?docs/READINGS\.md(#[\w-]+)?")
_TEST_CASE = re.compile(r"[，,]?\s*测试案例\s*T\d+")
_BRACKETED_MARK = re.compile(r"\s*\[(V1|V2|UNVERIFIED)\]")
_UNVERIFIED = re.compile(r"\bUNVERIFIED\b")


def plain_marks(text: str) -> str:
    """The packs' marks and citations inside their texts in words (as format.js plainMarks on the page):
    「（UNVERIFIED：…」 → 「（未核实：…」, 「[V2]」 → 「（仅经二手来源核对）」, docs/READINGS.md → 依据说明.
    """
    text = _READINGS.sub("见 lexgate 依据说明", text)
    text = _TEST_CASE.sub("", text)
    text = _BRACKETED_MARK.sub(lambda m: f"（{_MARKS[m.group(1)]}）", text)
    return _UNVERIFIED.sub(_MARKS["UNVERIFIED"], text)


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return f"{value:,}".rstrip("0").rstrip(".") if isinstance(value, float) else f"{value:,}"
    if isinstance(value, str):
        return cn_date(value) if _ISO_DATE.match(value) and len(value) == 10 else plain_marks(value)
    if isinstance(value, list):
        if all(not isinstance(v, dict) for v in value):
            return "、".join(_scalar(v) for v in value)
        return "；".join("，".join(_scalar(v) for k, v in item.items() if k != "rule") for item in value)
    if isinstance(value, dict):
        return "；".join(_scalar(v) for v in value.values())
    return str(value)


def _detail(decision: Mapping[str, Any]) -> str:
    labels = decision.get("detail_labels") or {}
    parts = [
        f"{labels.get(key, '说明')}：{_scalar(value)}"
        for key, value in (decision.get("detail") or {}).items()
        if value is not None
    ]
    return "；".join(parts)


def _why_not(decision: Mapping[str, Any]) -> str:
    """Why a decision is not required or still open: each rule examined, with the tests that failed."""
    open_ = decision["outcome"] == "undetermined"
    lines = []
    if open_ and decision.get("missing_facts"):
        lines.append("待补充：" + "、".join(m["label"] for m in decision["missing_facts"]))
    for reason in decision.get("reasons", []):
        failed = [c for c in reason.get("conditions", []) if c["result"] is (None if open_ else False)]
        why = "；".join(
            f"{c['label']}未知"
            if c["result"] is None
            else f"{c['label']}为{c['value_text']}（须{c['test']}）"
            for c in failed
        )
        verdict = "尚无法判断" if open_ else "不适用"
        lines.append(f"「{reason['title']}」{verdict}" + (f"：{why}" if why else ""))
    return "。".join(lines) if lines else "没有适用于本案的规则"


def _basis(decision: Mapping[str, Any]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    required = decision["outcome"] == "required"
    for reason in decision.get("reasons", []):
        if not required or reason.get("result") is True:
            for b in reason.get("basis", []):
                seen.setdefault(b, None)
    return tuple(seen)


def _fact_value(value: Any, kind: str | None) -> str:
    if value is None:
        return "未知"
    if isinstance(value, list) and not value:
        return "（无）"
    if kind == "money" and isinstance(value, int | float):
        return f"{_scalar(value)} 元"
    return _scalar(value)


def build_sheet(
    result: Mapping[str, Any],
    *,
    unit: str,
    facts: Mapping[str, tuple[str, str]],  # fact id → (label, type)
    packs: Mapping[str, str],  # pack id → title
    handler: str | None = None,
    record: Mapping[str, Any] | None = None,  # seq, created_at, hash
    today: dt.date | None = None,
    qr_png: bytes | None = None,
) -> Sheet:
    def pack_title(ref: str) -> str:
        return packs.get(ref.split("@", maxsplit=1)[0], "规则包")

    meta: list[tuple[str, str]] = [
        ("案件编号", result.get("case_id") or "（未填写）"),
        ("管辖地", result["jurisdiction"]),
        ("评估日期", cn_date(result["as_of"])),
        ("决定编号", result["decision_id"]),
        ("适用规则", "、".join(pack_title(p) for p in result["ruleset"]["packs"])),
        ("规则集摘要", result["ruleset"]["digest"]),
    ]
    if record:
        meta.append(("决定记录", f"第 {record['seq']} 条，{cn_date(str(record['created_at']))}"))
    if handler:
        meta.append(("经办人", handler))
    rows = tuple(
        DecisionRow(
            decision=d["label"],
            outcome=OUTCOME_WORDS.get(d["outcome"], d["outcome"]),
            reason=_detail(d) if d["outcome"] == "required" else _why_not(d),
            basis=_basis(d),
        )
        for d in result["decisions"].values()
    )
    return Sheet(
        unit=printable(unit),
        title="执法案件分流结论单",
        meta=tuple((name, printable(value)) for name, value in meta),
        decisions=rows,
        warnings=tuple(w["message"] for w in result.get("warnings", [])),
        missing=tuple(f"{m['label']}：{m['question']}" for m in result.get("missing_facts", [])),
        facts=tuple(
            (facts.get(fid, (fid, ""))[0], _fact_value(value, facts.get(fid, ("", ""))[1]))
            for fid, value in (result.get("facts") or {}).items()
        ),
        foot="未列出的事实按“未知”处理，不视为“否”。凭决定编号可查询该决定记录，并用同一规则集重放核对。",
        made_on=cn_date(today or dt.date.today()),
        qr_png=qr_png,
    )


def signature_lines() -> Sequence[str]:
    return ("经办人（签名）：", "审核人（签名）：")
