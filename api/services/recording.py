"""Triage through the API, recorded: evaluate under the active rule set, record, and only then answer.

``decision_id``: the engine's id is a hash of rule set and request (the CLI's, unchanged), so two
triages of the same case would share it. The API gives each triage its own id (UUID version 7:
unique, ordered by time, like the decision ids of OPA's decision logs) and keeps the engine's
hash as the record's ``fingerprint``: equal fingerprints mean the same request under the same rule
set, i.e. the same result.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from engine import (
    EXPLAIN_LEVELS,
    Executor,
    Explain,
    InputInvalid,
    ParsedRequest,
    TriageResult,
    triage_request,
)
from store.chain import canonical_json
from store.compact import COMPACT_FORM, compact_result
from store.keys import KeyHolder
from store.records import Draft, Receipt, RecordStore, StaleRuleSet, new_decision_id
from store.units import UnitStore

from ..errors import ApiError
from .appender import GroupAppender
from .gcpolicy import FreezePolicy
from .rules import ActiveRules

RETRIES = 3  # re-evaluations when another worker activates a rule set meanwhile


@dataclass(frozen=True)
class Recorded:
    result: TriageResult
    receipt: Receipt
    result_json: str  # the result as answered (its SHA-256 is in the record; store/compact.py)


def stored_request(
    raw: Mapping[str, Any], request: ParsedRequest, explain: Explain = "full"
) -> dict[str, Any]:
    """The request as received, with the ``as_of`` it was evaluated on (replay needs no clock) and,
    when the caller asked for less than the full explanation, the ``explain`` level it was answered
    with (replay answers at that level; see :func:`split_stored_request`)."""
    stored = {**raw, "as_of": request.as_of.isoformat()}
    if explain != "full":
        stored["explain"] = explain
    return stored


def as_stored(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The request with its keys in the order the record stores them (canonical JSON: sorted), so that
    the answer — whose ``facts`` follow the request's order — is the one a replay of the record gives,
    byte for byte (a compact record keeps only the answer's hash; store/compact.py)."""
    ordered: dict[str, Any] = json.loads(canonical_json(raw))
    return ordered


def split_stored_request(stored: Mapping[str, Any]) -> tuple[dict[str, Any], Explain]:
    """A stored request and the explanation level it was answered with (``full`` when absent)."""
    raw = dict(stored)
    level = raw.pop("explain", "full")
    for known in EXPLAIN_LEVELS:
        if level == known:
            return raw, known
    raise ValueError(f"记录中的 explain 取值 {level!r} 无效，应为 {'、'.join(EXPLAIN_LEVELS)} 之一")


class TriageService:
    def __init__(
        self, rules: ActiveRules, records: RecordStore, single: Executor, batch: Executor, units: UnitStore
    ) -> None:
        self.rules = rules
        self.records = records
        self.units = units  # a record carries its holder's 执法单位 (a case's triages are found by it)
        self.appender = GroupAppender(records)
        self.gc = FreezePolicy()
        self.single_executor = single
        self.batch_executor = batch

    def _draft(
        self,
        raw: Mapping[str, Any],
        request: ParsedRequest,
        result: TriageResult,
        holder: KeyHolder,
        explain: Explain = "full",
    ) -> tuple[TriageResult, str, Draft]:
        """The result with its own decision id, its JSON as answered, and the compact record of it."""
        final = result.model_copy(update={"decision_id": new_decision_id()})
        answer = final.model_dump_json()  # deterministic field order; the record keeps its SHA-256
        draft = Draft(
            decision_id=final.decision_id or "",
            actor=holder.name,
            key_id=holder.key_id,
            role=holder.role.value,
            case_id=request.case_id,
            jurisdiction=request.jurisdiction,
            as_of=request.as_of.isoformat(),
            ruleset_digest=result.ruleset.digest,
            executor=result.executor,
            fingerprint=result.decision_id or "",
            request=canonical_json(stored_request(raw, request, explain)),
            result=compact_result(final, answer, raw.get("facts") or {}),
            unit_id=self.units.unit_of(holder.key_id),
            result_form=COMPACT_FORM,
        )
        return final, answer, draft

    async def single(
        self, raw: Mapping[str, Any], holder: KeyHolder, today: dt.date, explain: Explain = "full"
    ) -> Recorded:
        """Evaluated on the caller's thread (the event loop), recorded by the group commit."""
        active = self.rules.cached()
        raw = as_stored(raw)
        for _ in range(RETRIES):
            request, result = triage_request(active.ruleset, raw, today, self.single_executor, explain)
            final, answer, draft = self._draft(raw, request, result, holder, explain)
            try:
                (receipt,) = await self.appender.append([draft], active.generation)
            except StaleRuleSet:
                active = self.rules.refresh()
                continue
            self.gc.tick()
            return Recorded(final, receipt, answer)
        raise _busy()

    def batch(
        self, raws: Sequence[Mapping[str, Any]], holder: KeyHolder, today: dt.date, explain: Explain = "full"
    ) -> list[Recorded | InputInvalid]:
        """Every case evaluated; the valid ones recorded in one append, in input order."""
        active = self.rules.cached()
        for _ in range(RETRIES):
            outcomes: list[tuple[TriageResult, str, Draft] | InputInvalid] = []
            for raw in map(as_stored, raws):
                try:
                    request, result = triage_request(active.ruleset, raw, today, self.batch_executor, explain)
                except InputInvalid as exc:
                    outcomes.append(exc)
                    continue
                outcomes.append(self._draft(raw, request, result, holder, explain))
            drafts = [o[2] for o in outcomes if isinstance(o, tuple)]
            try:
                receipts = iter(self.records.append(drafts, generation=active.generation))
            except StaleRuleSet:
                active = self.rules.refresh()
                continue
            self.gc.tick(len(raws))
            return [
                o if isinstance(o, InputInvalid) else Recorded(o[0], next(receipts), o[1]) for o in outcomes
            ]
        raise _busy()


def _busy() -> ApiError:
    return ApiError(
        503,
        "ruleset_changing",
        "规则集在分流期间连续被重新加载，本次未能记录",
        suggestion="请稍后重新提交",
    )
