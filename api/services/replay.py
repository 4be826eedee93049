"""Replaying a record: the stored request, re-evaluated under the rule set that produced it."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from engine import EXECUTORS, get_executor, triage_request
from store import Store

from .recording import split_stored_request


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


def replay(store: Store, record: dict[str, Any]) -> Replay:
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
    replayed_model = result.model_copy(update={"decision_id": record["decision_id"]})
    if executor.name != record["executor"]:  # compare the evaluation, not the executor's name
        replayed_model = replayed_model.model_copy(update={"executor": record["executor"]})
    replayed = json.loads(replayed_model.model_dump_json())
    stored = json.loads(record["result"])
    differences = list(diff_paths(stored, replayed))
    return Replay(
        record["decision_id"],
        record["ruleset_digest"],
        executor.name,
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
