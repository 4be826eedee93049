"""Compact decision records (issue 14): store what makes an answer reproducible, not the answer.

A full answer is ~70 KB of JSON for a 宜春 case, nearly all of it the explanation (every decision's
reasons, conditions and values, in Chinese). The explanation follows from the request and the rule set,
both already kept (the request in the record, the rule set by its digest in ``rulesets``), so a record
made since migration 0006 keeps, besides them, only what the store itself reads — each decision's
outcome and label, the details the store reads (:data:`STORE_DETAILS`), the missing facts, the warnings'
rules, the facts when they differ from the request's — and the SHA-256 of the full answer's JSON as it
was sent. Reading the record rebuilds the answer under the stored rule set and proves it equal to that
hash (api/services/replay.py).

Older records (``result_form`` NULL) hold the full answer and are read as before; :func:`view` gives
both kinds the same shape for the store's own readers (reports, retention, cases, the register).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from engine import OUTCOME_LABELS, TriageResult

from .chain import canonical_json

COMPACT_FORM = "compact/1"
# The decisions whose detail the store reads without re-evaluating (store/register.py: 公示's limit,
# store/retention.py: the retention period, store/statistics.py: 移送's offences). Every other detail follows
# from the request and the rule set and is in the rebuilt answer; keeping them would double a record's size.
STORE_DETAILS = frozenset({"publicity", "record_retention", "judicial_transfer"})

# The parts of a result the compact form keeps (pydantic ``include``): never the reasons.
_KEPT: Any = {
    "facts": True,
    "missing_facts": {"__all__": {"fact", "label"}},
    "warnings": {"__all__": {"rule"}},
    "decisions": {"__all__": {"label", "outcome", "detail"}},
}


def answer_sha256(answer_json: str) -> str:
    """The hash a compact record keeps of the full answer: SHA-256 of its JSON text (UTF-8)."""
    return "sha256:" + hashlib.sha256(answer_json.encode()).hexdigest()


def compact_result(result: TriageResult, answer_json: str, request_facts: Mapping[str, Any]) -> str:
    """The canonical JSON stored in a compact record's ``result`` column for ``result`` (sent as
    ``answer_json``) answering a request with ``request_facts``."""
    kept = result.model_dump(mode="json", include=_KEPT)
    decisions = {}
    for key, decision in kept["decisions"].items():
        if decision.get("detail") is None or key not in STORE_DETAILS:
            decision.pop("detail", None)
        decisions[key] = decision
    body: dict[str, Any] = {
        "decisions": decisions,
        "missing_facts": kept["missing_facts"],
        "warnings": [w["rule"] for w in kept["warnings"]],
        "result_sha256": answer_sha256(answer_json),
    }
    if kept["facts"] != dict(request_facts):
        body["facts"] = kept["facts"]
    return canonical_json(body)


def is_compact(row: Mapping[str, Any]) -> bool:
    return row.get("result_form") == COMPACT_FORM


def view(row: Mapping[str, Any]) -> dict[str, Any]:
    """A record's result as the store's readers use it, whichever form it was stored in: the full
    answer of an older record; for a compact one, its decisions (outcome, outcome_label, label; the detail
    of :data:`STORE_DETAILS` only),
    facts, missing facts and warnings in the full answer's shape, without reasons. A purged record
    (store/retention.py) gives its tombstone."""
    stored: dict[str, Any] = json.loads(row["result"])
    if not is_compact(row) or "purged" in stored:
        return stored
    request: dict[str, Any] = json.loads(row["request"])
    decisions = {
        key: {
            "label": d["label"],
            "outcome": d["outcome"],
            "outcome_label": OUTCOME_LABELS[d["outcome"]],
            "detail": d.get("detail"),
        }
        for key, d in stored["decisions"].items()
    }
    return {
        "case_id": request.get("case_id"),
        "jurisdiction": request.get("jurisdiction"),
        "as_of": request.get("as_of"),
        "decisions": decisions,
        "missing_facts": stored["missing_facts"],
        "warnings": [{"rule": rule} for rule in stored["warnings"]],
        "facts": stored.get("facts", request.get("facts", {})),
        "result_sha256": stored["result_sha256"],
    }
