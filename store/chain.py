"""The hash chain of decision records: canonical form, hashes, and verification (pure functions).

Each record's ``hash`` is SHA-256 over the canonical JSON of every other stored column, including
``seq`` and ``prev_hash`` (the hash of the record before; the first record links to ``GENESIS``).
Altering any column, deleting, inserting or reordering records therefore breaks either a record's
own hash or a link, and the ledger's head (last seq and hash) catches a truncated tail.
What no chain can catch alone is a rewrite of the whole tail *and* the head: keep the head that
``verify`` reports somewhere else (a signed report, a ticket) to anchor it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

GENESIS = "sha256:" + "0" * 64
HASHED_FIELDS = (
    "seq",
    "decision_id",
    "created_at",
    "actor",
    "key_id",
    "role",
    "case_id",
    "jurisdiction",
    "as_of",
    "ruleset_digest",
    "executor",
    "fingerprint",
    "request",
    "result",
    "prev_hash",
)
# Columns added after records existed: hashed only when set, so every earlier record keeps its hash.
OPTIONAL_HASHED_FIELDS = ("unit_id", "result_form")
STORED_FIELDS = (*HASHED_FIELDS, *OPTIONAL_HASHED_FIELDS, "hash")
MAX_PROBLEMS = 50

ProblemKind = Literal["altered", "missing", "reordered", "head_mismatch"]


def canonical_json(value: Any) -> str:
    """The one serialization of JSON values that lexgate hashes and stores."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def record_hash(row: Mapping[str, Any]) -> str:
    fields = {name: row[name] for name in HASHED_FIELDS}
    fields.update({name: row[name] for name in OPTIONAL_HASHED_FIELDS if row.get(name) is not None})
    body = canonical_json(fields)
    return "sha256:" + hashlib.sha256(body.encode()).hexdigest()


@dataclass(frozen=True)
class ChainProblem:
    kind: ProblemKind
    seq: int
    message: str
    decision_id: str | None = None


@dataclass(frozen=True)
class VerifyReport:
    records: int
    head_seq: int
    head_hash: str
    problems: tuple[ChainProblem, ...] = field(default_factory=tuple)
    truncated: bool = False  # more problems than MAX_PROBLEMS

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> ChainProblem | None:
        return self.problems[0] if self.problems else None


def verify(rows: Iterable[Mapping[str, Any]], head_seq: int, head_hash: str) -> VerifyReport:
    """Check rows given in ``seq`` order against their hashes, their links and the ledger head.

    Problems come in chain order; after one, checking resumes from the row found, so one altered
    record is reported once (as itself), not as a cascade."""
    problems: list[ChainProblem] = []
    truncated = False

    def report(problem: ChainProblem) -> None:
        nonlocal truncated
        if len(problems) < MAX_PROBLEMS:
            problems.append(problem)
        else:
            truncated = True

    expected_seq, prev_hash, count = 1, GENESIS, 0
    last_seq, last_hash = 0, GENESIS
    for row in rows:
        count += 1
        seq, decision_id = int(row["seq"]), str(row["decision_id"])
        # a record purged at the end of its retention (store/retention.py) is verified by its links only
        purged = bool(row.get("purged")) and row["request"] == "{}"
        intact = purged or record_hash(row) == row["hash"]
        if seq > expected_seq:
            gap = f"第 {expected_seq} 条" if seq == expected_seq + 1 else f"第 {expected_seq}–{seq - 1} 条"
            report(
                ChainProblem(
                    "missing", expected_seq, f"{gap}记录缺失（序号从 {expected_seq - 1} 跳到 {seq}）"
                )
            )
        if not intact:
            report(
                ChainProblem(
                    "altered",
                    seq,
                    f"第 {seq} 条记录（{decision_id}）的内容与其哈希不符：该记录存储后被修改",
                    decision_id,
                )
            )
        elif row["prev_hash"] != prev_hash and seq <= expected_seq:
            report(
                ChainProblem(
                    "reordered",
                    seq,
                    f"第 {seq} 条记录（{decision_id}）未链接到前一条记录：记录被调换、插入或前一条被替换",
                    decision_id,
                )
            )
        expected_seq, prev_hash = seq + 1, str(row["hash"])
        last_seq, last_hash = seq, str(row["hash"])
    if (last_seq, last_hash) != (head_seq, head_hash):
        if head_seq > last_seq:
            message = f"记录链头为第 {head_seq} 条，但最后一条记录是第 {last_seq} 条：末尾的记录缺失"
        else:
            message = f"最后一条记录（第 {last_seq} 条）与记录链头（第 {head_seq} 条）不一致"
        report(ChainProblem("head_mismatch", last_seq + 1 if head_seq > last_seq else last_seq, message))
    return VerifyReport(count, head_seq, head_hash, tuple(problems), truncated)
