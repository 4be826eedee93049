"""案卷评查 (pure): the seeded, stratified sample of closed cases, the checklist, and the results.

**Sampling.** The candidates are the cases of the round's units that reached 结案 within the period
(the date of the stage change). Per unit, every 重大 case (one of its triages says 法制审核 or 集体讨论
需要: a 重大执法决定) and every transferred case (移送司法机关 需要) is always in the sample; of the
others, ``per_unit`` are drawn at random with Python's ``random.Random`` seeded by the text
``lexgate-review|{seed}|{unit_id}`` from the candidates sorted by case reference. The same seed,
period and cases therefore give the same files, on any machine, and adding cases to one unit does
not change the draw of another.

**Checklist.** The 宿迁 审核内容 (主体、人员、程序、事实、证据、法律适用、裁量基准、文书、移送) scored out of
100; a reviewer who takes points off an item must say what is wrong (the defect). 初审 by one reviewer,
复审 by another (as 衡阳's 法规科: 审核人员初审, 负责人复审); the 复审's scores are the file's result.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

FIRST, SECOND = "初审", "复审"
STAGES = (FIRST, SECOND)
MAJOR, TRANSFERRED, RANDOM = "重大", "移送", "随机"
MAJOR_DECISIONS = ("legal_review", "collective_discussion")
TRANSFER = "judicial_transfer"


@dataclass(frozen=True)
class Item:
    item_id: str
    label: str
    points: int
    question: str


CHECKLIST = (
    Item("subject", "主体", 10, "执法主体是否合法，执法人员是否具有执法资格"),
    Item("procedure", "程序", 20, "立案、调查、告知、听证、审核、决定、送达等程序是否合法"),
    Item("facts", "事实", 15, "案件事实是否清楚"),
    Item("evidence", "证据", 15, "证据是否合法、充分，与事实相互印证"),
    Item("law", "法律适用", 15, "适用法律、法规、规章是否准确"),
    Item("discretion", "裁量", 10, "是否按裁量基准裁量，处罚是否适当"),
    Item("documents", "文书", 10, "执法文书是否完备、规范"),
    Item("transfer", "移送", 5, "涉嫌犯罪的是否依法移送司法机关"),
)
ITEMS = {item.item_id: item for item in CHECKLIST}
EXCELLENT, PASS = 90, 60


def grade(total: int) -> str:
    return "优秀" if total >= EXCELLENT else "合格" if total >= PASS else "不合格"


@dataclass(frozen=True)
class Candidate:
    case_ref: str
    unit_id: str
    major: bool
    transferred: bool


@dataclass(frozen=True)
class Picked:
    case_ref: str
    unit_id: str
    reason: str
    position: int


def classify(case_ref: str, unit_id: str, results: Iterable[Mapping[str, Any]]) -> Candidate:
    """A candidate from its triages' results: 重大 or transferred when any triage says so."""
    major = transferred = False
    for result in results:
        decisions = result.get("decisions") or {}
        outcome = {k: (v or {}).get("outcome") for k, v in decisions.items()}
        major |= any(outcome.get(d) == "required" for d in MAJOR_DECISIONS)
        transferred |= outcome.get(TRANSFER) == "required"
    return Candidate(case_ref, unit_id, major, transferred)


def sample(candidates: Iterable[Candidate], seed: str, per_unit: int) -> list[Picked]:
    """The round's files: per unit (sorted), the 移送 and 重大 cases, then ``per_unit`` drawn at random."""
    by_unit: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        by_unit.setdefault(candidate.unit_id, []).append(candidate)
    picked: list[Picked] = []
    for unit in sorted(by_unit):
        ordered = sorted(by_unit[unit], key=lambda c: c.case_ref)
        always = [c for c in ordered if c.transferred or c.major]
        rest = [c for c in ordered if not (c.transferred or c.major)]
        drawn = random.Random(f"lexgate-review|{seed}|{unit}").sample(rest, min(per_unit, len(rest)))
        for candidate in always:
            reason = TRANSFERRED if candidate.transferred else MAJOR
            picked.append(Picked(candidate.case_ref, unit, reason, len(picked) + 1))
        for candidate in drawn:
            picked.append(Picked(candidate.case_ref, unit, RANDOM, len(picked) + 1))
    return picked


class ScoreProblem(ValueError):
    def __init__(self, message: str, location: str) -> None:
        super().__init__(message)
        self.message = message
        self.location = location


def check_scores(scores: Mapping[str, Mapping[str, Any]]) -> tuple[dict[str, dict[str, Any]], int]:
    """Every checklist item scored within its points, a note wherever points were taken off; the total."""
    unknown = sorted(set(scores) - set(ITEMS))
    if unknown:
        raise ScoreProblem(f"评查表没有这些项目：{'、'.join(unknown)}", "scores")
    clean: dict[str, dict[str, Any]] = {}
    for item in CHECKLIST:
        given = scores.get(item.item_id)
        if given is None:
            raise ScoreProblem(f"缺少“{item.label}”的评分（满分 {item.points}）", f"scores.{item.item_id}")
        score, note = given.get("score"), str(given.get("note") or "").strip()
        if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= item.points:
            raise ScoreProblem(
                f"“{item.label}”的评分应为 0 至 {item.points} 的整数", f"scores.{item.item_id}"
            )
        if score < item.points and not note:
            raise ScoreProblem(f"“{item.label}”扣了分，请写明存在的问题", f"scores.{item.item_id}.note")
        clean[item.item_id] = {"score": score, "note": note}
    return clean, sum(v["score"] for v in clean.values())


@dataclass(frozen=True)
class FileResult:
    case_ref: str
    unit_id: str
    reason: str
    first: Mapping[str, Any] | None  # {"reviewer", "scores", "total"}
    second: Mapping[str, Any] | None


def unit_results(files: Sequence[FileResult], unit_names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Per unit: files, reviewed (复审 done), average, grades and the common defects (most frequent first)."""
    out = []
    for unit in sorted({f.unit_id for f in files}):
        mine = [f for f in files if f.unit_id == unit]
        final = [f.second for f in mine if f.second is not None]
        defects: Counter[str] = Counter()
        notes: dict[str, list[str]] = {}
        for scored in final:
            for item_id, given in scored["scores"].items():
                if given["score"] < ITEMS[item_id].points:
                    defects[item_id] += 1
                    notes.setdefault(item_id, []).append(given["note"])
        totals = [int(s["total"]) for s in final]
        out.append(
            {
                "unit_id": unit,
                "unit": unit_names.get(unit, unit),
                "files": len(mine),
                "reviewed": len(final),
                "average": round(sum(totals) / len(totals), 1) if totals else None,
                "grades": dict(Counter(grade(t) for t in totals)),
                "defects": [
                    {"item": k, "label": ITEMS[k].label, "files": n, "notes": notes[k]}
                    for k, n in sorted(defects.items(), key=lambda kv: (-kv[1], kv[0]))
                ],
            }
        )
    return out
