"""Replaying a record: the stored request, re-evaluated under the rule set that produced it.

A compact record (store/compact.py) keeps the SHA-256 of its answer instead of the answer: reading it
is a replay too — :func:`rebuild` re-evaluates and proves the answer equal to that hash, and refuses
(:class:`NotReproducible`) when it is not.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from engine import EXECUTORS, TriageResult, get_executor, triage_request
from store import Store
from store.compact import answer_sha256, compact_result, is_compact, view

from .recording import split_stored_request


class NotReproducible(Exception):
    """A compact record's rebuilt answer does not hash to the hash it keeps."""

    def __init__(self, decision_id: str, stored: str, rebuilt: str) -> None:
        super().__init__(
            f"决定记录 {decision_id} 无法复现：按其规则集重建的结果哈希为 {rebuilt}，记录中为 {stored}"
        )
        self.decision_id = decision_id


@dataclass(frozen=True)
class Replay:
    decision_id: str
    ruleset_digest: str
    executor: str
    identical: bool
    fingerprint_matches: bool
    differences: list[str]  # JSON paths where stored and replayed results differ
    stored: dict[str, Any]
    replayed: dict[str, Any]


def evaluate(store: Store, record: dict[str, Any]) -> tuple[TriageResult, str, str, bool]:
    """``(result, its answer JSON, executor used, fingerprint matches)``: the record's request evaluated
    again under its stored rule set, with the record's decision id and executor name, as it was answered."""
    ruleset = store.rulesets.load(record["ruleset_digest"])
    name = record["executor"] if record["executor"] in EXECUTORS else "compiled"
    try:
        executor = get_executor(name)
    except (ImportError, RuntimeError):  # e.g. durable-rules missing here: executors agree by contract
        executor = get_executor("compiled")
    raw, explain = split_stored_request(json.loads(record["request"]))
    as_of = dt.date.fromisoformat(record["as_of"])
    _, result = triage_request(ruleset, raw, as_of, executor, explain)
    fingerprint_matches = result.decision_id == record["fingerprint"]
    update: dict[str, Any] = {"decision_id": record["decision_id"]}
    if executor.name != record["executor"]:  # compare the evaluation, not the executor's name
        update["executor"] = record["executor"]
    replayed: TriageResult = result.model_copy(update=update)
    return replayed, replayed.model_dump_json(), executor.name, fingerprint_matches


def rebuild(store: Store, record: dict[str, Any]) -> dict[str, Any]:
    """The record's result as answered: stored in full (an older record), or rebuilt and proved equal
    to the hash a compact record keeps (raises :class:`NotReproducible` otherwise)."""
    if not is_compact(record):
        stored: dict[str, Any] = json.loads(record["result"])
        return stored
    kept = view(record)
    if "purged" in kept:
        return kept
    _, answer, _, _ = evaluate(store, record)
    if answer_sha256(answer) != kept["result_sha256"]:
        raise NotReproducible(record["decision_id"], kept["result_sha256"], answer_sha256(answer))
    rebuilt: dict[str, Any] = json.loads(answer)
    return rebuilt


def replay(store: Store, record: dict[str, Any]) -> Replay:
    result, answer, executor, fingerprint_matches = evaluate(store, record)
    replayed = json.loads(answer)
    if is_compact(record) and "purged" not in view(record):
        # What the record keeps is compared part by part (the paths say which decision or fact
        # differs), the explanation through the answer's hash ($.result_sha256).
        # ``stored`` is then the answer the hash proves (the replayed one), else what the record keeps.
        facts = json.loads(record["request"]).get("facts") or {}
        kept = json.loads(record["result"])
        differences = list(diff_paths(kept, json.loads(compact_result(result, answer, facts))))
        stored = replayed if answer_sha256(answer) == kept.get("result_sha256") else kept
    else:
        stored = json.loads(record["result"])
        differences = list(diff_paths(stored, replayed))
    return Replay(
        record["decision_id"],
        record["ruleset_digest"],
        executor,
        not differences and fingerprint_matches,
        fingerprint_matches,
        differences,
        stored,
        replayed,
    )


def diff_paths(a: Any, b: Any, path: str = "$") -> list[str]:
    """Paths (``$.decisions.legal_review.outcome``) at which two JSON values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out: list[str] = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(f"{path}.{key}")
            else:
                out.extend(diff_paths(a[key], b[key], f"{path}.{key}"))
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [
            p for i, (x, y) in enumerate(zip(a, b, strict=True)) for p in diff_paths(x, y, f"{path}[{i}]")
        ]
    return [] if a == b else [path]
