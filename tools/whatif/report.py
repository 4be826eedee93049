"""The impact report: summary counts per decision and per jurisdiction, and the changed cases.

Writers stream: changed cases are written as chunks arrive, so a large corpus never sits in
memory. JSON is one object (``changes`` first, then ``summary``); text ends with the summary;
CSV has one row per changed (case, decision) and leaves the summary to the caller (stderr).
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TextIO

from engine import Reason
from engine.toolkit import reason_lines

from .compare import STATE_LABELS, ChunkResult
from .sources import KEY_TEXT

INVALID_SAMPLES = 20


@dataclass
class Summary:
    labels: dict[str, str]  # decision id -> Chinese label
    key_kind: str = "line"  # what the cases' keys are (sources.KEY_TEXT)
    cases: int = 0
    changed_cases: int = 0
    invalid: int = 0
    invalid_samples: list[dict[str, Any]] = field(default_factory=list)
    transitions: Counter[tuple[str, str, str, str]] = field(default_factory=Counter)
    by_jurisdiction: Counter[str] = field(default_factory=Counter)
    changed_by_jurisdiction: Counter[str] = field(default_factory=Counter)
    worker_rss_kb: dict[int, int] = field(default_factory=dict)

    def add(self, chunk: ChunkResult) -> None:
        self.cases += chunk.cases
        self.changed_cases += chunk.changed_cases
        self.invalid += len(chunk.invalid)
        room = INVALID_SAMPLES - len(self.invalid_samples)
        self.invalid_samples += chunk.invalid[: max(room, 0)]
        self.transitions.update(chunk.transitions)
        self.by_jurisdiction.update(chunk.by_jurisdiction)
        self.changed_by_jurisdiction.update(chunk.changed_by_jurisdiction)
        self.worker_rss_kb[chunk.pid] = max(chunk.max_rss_kb, self.worker_rss_kb.get(chunk.pid, 0))

    def as_json(self) -> dict[str, Any]:
        by_decision: dict[str, dict[str, Any]] = {}
        per_j: dict[str, Counter[str]] = {}
        for (jurisdiction, decision, before, after), n in sorted(self.transitions.items()):
            entry = by_decision.setdefault(
                decision, {"label": self.labels.get(decision, decision), "changed": 0, "transitions": {}}
            )
            entry["changed"] += n
            arrow = f"{before}→{after}"
            entry["transitions"][arrow] = entry["transitions"].get(arrow, 0) + n
            per_j.setdefault(jurisdiction, Counter())[decision] += n
        return {
            "cases": self.cases,
            "invalid": self.invalid,
            "changed_cases": self.changed_cases,
            "by_decision": by_decision,
            "by_jurisdiction": {
                j: {
                    "cases": n,
                    "changed_cases": self.changed_by_jurisdiction.get(j, 0),
                    "by_decision": dict(sorted(per_j.get(j, Counter()).items())),
                }
                for j, n in sorted(self.by_jurisdiction.items())
            },
            "invalid_samples": self.invalid_samples,
            "key_kind": self.key_kind,
        }

    def text(self) -> str:
        data = self.as_json()
        lines = [
            "汇总",
            f"  案件 {data['cases']} 件，其中结论有变化的 {data['changed_cases']} 件；"
            f"无效输入 {data['invalid']} {'条' if self.key_kind == 'record' else '行'}",
        ]
        if data["by_decision"]:
            lines.append("  按决定:")
            for decision, entry in data["by_decision"].items():
                moves = "，".join(
                    f"{_arrow(arrow)} {n} 件" for arrow, n in sorted(entry["transitions"].items())
                )
                lines.append(f"    {entry['label']}（{decision}）: {entry['changed']} 件 — {moves}")
        lines.append("  按管辖地:")
        for jurisdiction, entry in data["by_jurisdiction"].items():
            per = "，".join(f"{self.labels.get(d, d)} {n}" for d, n in entry["by_decision"].items())
            lines.append(
                f"    {jurisdiction}: {entry['cases']} 件，变化 {entry['changed_cases']} 件"
                + (f"（{per}）" if per else "")
            )
        for sample in data["invalid_samples"]:
            where = KEY_TEXT[self.key_kind].format(sample["key"])
            lines.append(f"  无效输入（{where}）: " + "；".join(sample["problems"]))
        return "\n".join(lines) + "\n"


def _arrow(arrow: str) -> str:
    before, after = arrow.split("→")
    return f"{STATE_LABELS[before]}→{STATE_LABELS[after]}"


class JsonWriter:
    def __init__(self, out: TextIO, header: dict[str, Any]) -> None:
        self.out = out
        self.first = True
        body = json.dumps(header, ensure_ascii=False)[:-1]
        out.write(body + (", " if header else "") + '"changes": [')

    def change(self, change: dict[str, Any]) -> None:
        self.out.write(("\n" if self.first else ",\n") + json.dumps(change, ensure_ascii=False))
        self.first = False

    def close(self, summary: Summary, run: dict[str, Any]) -> None:
        tail = {"summary": summary.as_json(), "run": run}
        self.out.write("\n], " + json.dumps(tail, ensure_ascii=False, indent=1)[1:] + "\n")


class TextWriter:
    def __init__(self, out: TextIO, header: dict[str, Any]) -> None:
        self.out = out
        self.key_kind = header.get("key_kind", "line")
        out.write(
            f"规则变更影响分析：现行 {header['current']['digest'][:19]}… → "
            f"候选 {header['candidate']['digest'][:19]}…（案件来源 {header['cases']}）\n"
        )

    def change(self, change: dict[str, Any]) -> None:
        lines = [
            "",
            f"{KEY_TEXT[self.key_kind].format(change['key'])} · {change['case_id'] or '（未编号）'} · "
            f"{change['jurisdiction']} · {change['as_of']}",
        ]
        for d in change["decisions"]:
            before, after = d["before"], d["after"]
            lines.append(f"  【{d['label']}】{before['outcome_label']} → {after['outcome_label']}")
            for title, side in (("变更前", before), ("变更后", after)):
                shown: set[tuple[str, str]] = set()  # each side's nested proofs are shown once
                lines.append(f"    {title}:")
                if "error" in side:
                    lines.append(f"      {side['error']}")
                for reason in side.get("reasons", []):
                    lines += reason_lines(Reason.model_validate(reason), 3, shown)
                for missing in side.get("missing_facts", []):
                    lines.append(f"      ？ 需补充「{missing['label']}」")
        self.out.write("\n".join(lines) + "\n")

    def close(self, summary: Summary, run: dict[str, Any]) -> None:
        self.out.write("\n" + summary.text())


CSV_COLUMNS = (
    "行号",
    "案件编号",
    "管辖地",
    "评估日期",
    "决定",
    "决定名称",
    "变更前",
    "变更后",
    "变更前规则",
    "变更后规则",
    "变更前理由",
    "变更后理由",
)


class CsvWriter:
    def __init__(self, out: TextIO, header: dict[str, Any]) -> None:
        self.writer = csv.writer(out)
        key_column = "记录序号" if header.get("key_kind") == "record" else CSV_COLUMNS[0]
        self.writer.writerow((key_column, *CSV_COLUMNS[1:]))

    def change(self, change: dict[str, Any]) -> None:
        for d in change["decisions"]:
            before, after = d["before"], d["after"]
            self.writer.writerow(
                (
                    change["key"],
                    change["case_id"] or "",
                    change["jurisdiction"],
                    change["as_of"],
                    d["decision"],
                    d["label"],
                    before["outcome_label"],
                    after["outcome_label"],
                    "；".join(r["rule"] for r in before.get("reasons", [])),
                    "；".join(r["rule"] for r in after.get("reasons", [])),
                    _reasons(before),
                    _reasons(after),
                )
            )

    def close(self, summary: Summary, run: dict[str, Any]) -> None:
        return None


def _reasons(side: dict[str, Any]) -> str:
    if "error" in side:
        return str(side["error"])
    parts = [f"{r['title']}（{'；'.join(r['basis'])}）" for r in side.get("reasons", [])]
    missing = [m["label"] for m in side.get("missing_facts", [])]
    if missing:
        parts.append("待补充: " + "、".join(missing))
    return " | ".join(parts)


Writer = JsonWriter | TextWriter | CsvWriter
WRITERS: dict[str, type[Writer]] = {"json": JsonWriter, "text": TextWriter, "csv": CsvWriter}
