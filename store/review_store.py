"""案卷评查 rounds in the database: draw the sample (``review.py``), record 初审 and 复审, read results."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Engine, insert, select

from .case_events import EventStore
from .cases import CaseError, CaseStore
from .db import write_transaction
from .ledger import utc_now
from .review import (
    FIRST,
    SECOND,
    STAGES,
    FileResult,
    ScoreProblem,
    check_scores,
    classify,
    sample,
    unit_results,
)
from .schema import review_files, review_rounds, review_scores

CLOSED = "结案"


def _error(status: int, code: str, message: str, suggestion: str, location: str | None = None) -> CaseError:
    return CaseError(status, code, message, suggestion, location)


class ReviewStore:
    def __init__(self, engine: Engine, cases: CaseStore, events: EventStore) -> None:
        self.engine = engine
        self.cases = cases
        self.events = events

    def closed(self, unit_ids: Iterable[str] | None, first: str, last: str) -> dict[str, str]:
        """case_ref → the date it reached 结案 (the last time), for cases closed within [first, last]."""
        found: dict[str, str] = {}
        for event in self.events.of_units(unit_ids, ["stage"]):
            if event.body.get("to") == CLOSED:
                found[event.case_ref] = event.created_at[:10]
        return {ref: day for ref, day in found.items() if first <= day <= last}

    def start(
        self,
        *,
        title: str,
        unit_id: str | None,
        unit_ids: Iterable[str] | None,
        period: tuple[str, str],
        seed: str,
        per_unit: int,
        actor: str,
    ) -> dict[str, Any]:
        """A new round over the cases closed in ``period`` in ``unit_ids`` (None: every unit)."""
        if period[0] > period[1]:
            raise _error(422, "invalid_period", "评查期间的起始日期晚于结束日期", "核对期间", "period_from")
        candidates = []
        for case_ref in sorted(self.closed(unit_ids, *period)):
            case = self.cases.get(case_ref)
            if case is not None:
                triages = self.cases.triages(case)
                candidates.append(classify(case.case_ref, case.unit_id, (t["result"] for t in triages)))
        picked = sample(candidates, seed, per_unit)
        if not picked:
            raise _error(
                422,
                "nothing_to_review",
                f"{period[0]} 至 {period[1]} 没有已结案的案件",
                "换一个期间或单位；案件进入“结案”阶段后才能抽取",
                "period_from",
            )
        round_id = "r-" + secrets.token_hex(6)
        row = {
            "round_id": round_id,
            "title": title,
            "unit_id": unit_id,
            "period_from": period[0],
            "period_to": period[1],
            "seed": seed,
            "per_unit": per_unit,
            "actor": actor,
            "created_at": utc_now(),
        }
        with write_transaction(self.engine) as conn:
            conn.execute(insert(review_rounds).values(**row))
            conn.execute(insert(review_files), [{"round_id": round_id, **p.__dict__} for p in picked])
        found = self.get(round_id)
        assert found is not None
        return found

    def rounds(self, unit_ids: Iterable[str] | None) -> list[dict[str, Any]]:
        query = select(review_rounds).order_by(review_rounds.c.created_at.desc())
        with self.engine.connect() as conn:
            rows = [dict(r._mapping) for r in conn.execute(query)]
        if unit_ids is None:
            return rows
        allowed = set(unit_ids)
        return [r for r in rows if r["unit_id"] in allowed]

    def get(self, round_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(review_rounds).where(review_rounds.c.round_id == round_id)).first()
            if row is None:
                return None
            files = conn.execute(
                select(review_files)
                .where(review_files.c.round_id == round_id)
                .order_by(review_files.c.position)
            ).all()
            scores = conn.execute(select(review_scores).where(review_scores.c.round_id == round_id)).all()
        by_file: dict[str, dict[str, Any]] = {}
        for score in scores:
            by_file.setdefault(score.case_ref, {})[score.stage] = {
                "reviewer": score.reviewer,
                "reviewer_id": score.reviewer_id,
                "scores": json.loads(score.scores),
                "total": score.total,
                "created_at": score.created_at,
            }
        result = dict(row._mapping)
        result["files"] = [
            {
                "case_ref": f.case_ref,
                "unit_id": f.unit_id,
                "reason": f.reason,
                "position": f.position,
                FIRST: by_file.get(f.case_ref, {}).get(FIRST),
                SECOND: by_file.get(f.case_ref, {}).get(SECOND),
            }
            for f in files
        ]
        return result

    def score(
        self,
        round_id: str,
        case_ref: str,
        stage: str,
        reviewer: tuple[str, str],
        scores: Mapping[str, Mapping[str, Any]],
    ) -> dict[str, Any]:
        """Record the 初审 or 复审 of one file: 复审 after 初审, by another reviewer; each once."""
        if stage not in STAGES:
            raise _error(422, "invalid_stage", f"「{stage}」不是评查环节", "可选：初审、复审", "stage")
        try:
            clean, total = check_scores(scores)
        except ScoreProblem as problem:
            raise _error(
                422, "invalid_scores", problem.message, "按评查表逐项评分", problem.location
            ) from None
        name, holder_id = reviewer
        with write_transaction(self.engine) as conn:
            listed = conn.execute(
                select(review_files.c.case_ref).where(
                    review_files.c.round_id == round_id, review_files.c.case_ref == case_ref
                )
            ).first()
            if listed is None:
                raise _error(
                    404, "file_not_in_round", f"评查 {round_id} 没有抽到案件 {case_ref}", "见评查的案卷列表"
                )
            done = {
                r.stage: r.reviewer_id
                for r in conn.execute(
                    select(review_scores).where(
                        review_scores.c.round_id == round_id, review_scores.c.case_ref == case_ref
                    )
                )
            }
            if stage in done:
                raise _error(409, "already_scored", f"本案卷的{stage}已经完成", "评分是记录，不能修改")
            if stage == SECOND and FIRST not in done:
                raise _error(409, "first_review_missing", "本案卷还没有初审", "先由一名评查人员初审")
            if stage == SECOND and done[FIRST] == holder_id:
                raise _error(409, "same_reviewer", "复审须由初审以外的人员进行", "请另一名评查人员复审")
            row = {
                "round_id": round_id,
                "case_ref": case_ref,
                "stage": stage,
                "reviewer": name,
                "reviewer_id": holder_id,
                "scores": json.dumps(clean, ensure_ascii=False, sort_keys=True),
                "total": total,
                "created_at": utc_now(),
            }
            conn.execute(insert(review_scores).values(**row))
        return {**row, "scores": clean}

    def results(self, found: Mapping[str, Any], unit_names: Mapping[str, str]) -> list[dict[str, Any]]:
        files = [
            FileResult(f["case_ref"], f["unit_id"], f["reason"], f[FIRST], f[SECOND]) for f in found["files"]
        ]
        return unit_results(files, unit_names)
