"""One chunk of cases under the current and the candidate rule set: what changed, and why.

The comparison runs the compiled executor without tracing (fast); only a case whose outcome of
some decision differs is triaged again with full explanations, and only the changed decisions'
reasons are kept. Plans are looked up per jurisdiction and stretch of dates (rules and parameter
values are constant within one), so a corpus spread over many dates builds few plans.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from engine import (
    OUTCOME_LABELS,
    DecisionResult,
    Executor,
    InputInvalid,
    ParameterNotInForce,
    ParsedRequest,
    RuleSet,
    TriageResult,
    get_executor,
    parse_request,
    triage,
)
from engine.toolkit import Program

from .delta import Delta
from .sources import Case

ABSENT = "absent"  # the jurisdiction has no such decision under that rule set
ERROR = "error"  # the case cannot be evaluated on that date (a parameter without a value)
STATE_LABELS = {**OUTCOME_LABELS, ABSENT: "（无此决定）", ERROR: "（无法评估）"}
_EPOCH = dt.date(1970, 1, 1)  # requests must name as_of; this only keeps parsing total


@dataclass
class ChunkResult:
    """What a worker sends back for one chunk; small unless many cases changed."""

    first_key: int
    cases: int = 0
    changed_cases: int = 0
    by_jurisdiction: Counter[str] = field(default_factory=Counter)
    changed_by_jurisdiction: Counter[str] = field(default_factory=Counter)
    transitions: Counter[tuple[str, str, str, str]] = field(
        default_factory=Counter
    )  # j, decision, before, after
    invalid: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    pid: int = 0
    max_rss_kb: int = 0


class _Side:
    """One rule set, with its plans and compiled programs per jurisdiction and stretch of dates."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.executor: Executor = get_executor("compiled")
        self.programs: dict[tuple[str, int], tuple[Program, tuple[tuple[str, str], ...]] | str] = {}

    def outcomes(self, request: ParsedRequest) -> dict[str, str] | str:
        """Outcome per decision id, or the reason the case cannot be evaluated."""
        scope = self.ruleset.scopes.get(request.jurisdiction)
        if scope is None:
            return f"未知的管辖地 '{request.jurisdiction}'"
        key = (request.jurisdiction, scope.stretch(request.as_of))
        entry = self.programs.get(key)
        if entry is None:
            try:
                plan = self.ruleset.plan(request.jurisdiction, request.as_of)
                decisions = tuple((c.key, c.id) for c in plan.decisions())
                entry = (self.ruleset.prepared(plan).program, decisions)
            except ParameterNotInForce as exc:
                entry = str(exc)
            self.programs[key] = entry
        if isinstance(entry, str):
            return entry
        program, decisions = entry
        values = program(request.facts).values
        return {d: _outcome(values.get(k)) for k, d in decisions}

    def explain(self, request: ParsedRequest) -> TriageResult:
        return triage(self.ruleset, request, self.executor)


def _outcome(value: bool | None) -> str:
    return "required" if value is True else ("undetermined" if value is None else "not_required")


class Comparer:
    """Compares chunks of cases; lives once per worker process."""

    def __init__(self, current: RuleSet, candidate: RuleSet) -> None:
        self.current = _Side(current)
        self.candidate = _Side(candidate)
        same_facts = current.bundle.get("facts.yaml") == candidate.bundle.get("facts.yaml")
        self.shared_vocabulary = same_facts
        # A jurisdiction decides only by the packs on its path: where each of them is byte for byte
        # the same in both rule sets, no outcome can change, so its cases are parsed and counted only.
        self.unchanged = {
            j
            for j, scope in current.scopes.items()
            if same_facts
            and j in candidate.scopes
            and [p.digest for p in scope.path] == [p.digest for p in candidate.scopes[j].path]
        }
        # Elsewhere, per jurisdiction and pair of stretches of dates: the decisions that can change.
        self.deltas: dict[tuple[str, int, int], Delta | None] = {}

    def chunk(self, cases: Sequence[Case]) -> ChunkResult:
        result = ChunkResult(first_key=cases[0][0] if cases else 0, pid=os.getpid())
        for key, text in cases:
            self._one(key, text, result)
        result.max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return result

    def _parse(self, side: _Side, raw: Any) -> ParsedRequest:
        return parse_request(side.ruleset, raw, _EPOCH)

    def _one(self, key: int, text: str | bytes, result: ChunkResult) -> None:
        try:
            raw = json.loads(text if isinstance(text, str) else text.decode("utf-8"))
            if not isinstance(raw, dict) or "as_of" not in raw:
                raise ValueError("每个案件须为 JSON 对象，并写明 as_of（评估日期）")
            raw.pop("explain", None)  # a record's request answered with less than the full explanation
            before_req = self._parse(self.current, raw)
            after_req = before_req if self.shared_vocabulary else self._parse(self.candidate, raw)
        except (ValueError, InputInvalid) as exc:
            problems = [str(p) for p in exc.problems] if isinstance(exc, InputInvalid) else [str(exc)]
            result.invalid.append({"key": key, "problems": problems})
            return
        jurisdiction = before_req.jurisdiction
        result.cases += 1
        result.by_jurisdiction[jurisdiction] += 1
        if jurisdiction in self.unchanged:
            return
        delta = self._delta(before_req) if self.shared_vocabulary else None
        if delta is not None and (delta.none or not delta.may_change(before_req.facts)):
            return  # the decisions that could change did not
        before = self.current.outcomes(before_req)
        after = self.candidate.outcomes(after_req)
        changed = _changed(before, after)
        if not changed:
            return
        result.changed_cases += 1
        result.changed_by_jurisdiction[jurisdiction] += 1
        for decision, b, a in changed:
            result.transitions[(jurisdiction, decision, b, a)] += 1
        result.changes.append(self._explain(key, before_req, after_req, before, after, changed))

    def _delta(self, request: ParsedRequest) -> Delta | None:
        """What can change for the request's jurisdiction on its date, or None: evaluate in full (a
        side has no such jurisdiction, or no plan on that date)."""
        j, as_of = request.jurisdiction, request.as_of
        before, after = self.current.ruleset.scopes.get(j), self.candidate.ruleset.scopes.get(j)
        if before is None or after is None:
            return None
        key = (j, before.stretch(as_of), after.stretch(as_of))
        if key not in self.deltas:
            try:
                plans = self.current.ruleset.plan(j, as_of), self.candidate.ruleset.plan(j, as_of)
            except ParameterNotInForce:
                self.deltas[key] = None
            else:
                self.deltas[key] = Delta(*plans)
        return self.deltas[key]

    def _explain(
        self,
        key: int,
        before_req: ParsedRequest,
        after_req: ParsedRequest,
        before: dict[str, str] | str,
        after: dict[str, str] | str,
        changed: list[tuple[str, str, str]],
    ) -> dict[str, Any]:
        old = self.current.explain(before_req) if isinstance(before, dict) else None
        new = self.candidate.explain(after_req) if isinstance(after, dict) else None
        decisions = []
        for decision, b, a in changed:
            label = _label(old, decision) or _label(new, decision) or decision
            decisions.append(
                {
                    "decision": decision,
                    "label": label,
                    "before": _side(old, decision, b, before),
                    "after": _side(new, decision, a, after),
                }
            )
        return {
            "key": key,
            "case_id": before_req.case_id,
            "jurisdiction": before_req.jurisdiction,
            "as_of": before_req.as_of.isoformat(),
            "decisions": decisions,
        }


def _changed(before: dict[str, str] | str, after: dict[str, str] | str) -> list[tuple[str, str, str]]:
    if isinstance(before, str) and isinstance(after, str):
        return []
    names = list(before) if isinstance(before, dict) else []
    names += [d for d in after if d not in names] if isinstance(after, dict) else []
    out = []
    for decision in names:
        b = ERROR if isinstance(before, str) else before.get(decision, ABSENT)
        a = ERROR if isinstance(after, str) else after.get(decision, ABSENT)
        if b != a:
            out.append((decision, b, a))
    return out


def _label(result: TriageResult | None, decision: str) -> str | None:
    found = result.decisions.get(decision) if result else None
    return found.label if found else None


def _side(
    result: TriageResult | None, decision: str, state: str, raw: dict[str, str] | str
) -> dict[str, Any]:
    out: dict[str, Any] = {"outcome": state, "outcome_label": STATE_LABELS[state]}
    if isinstance(raw, str):
        out["error"] = raw
        return out
    found: DecisionResult | None = result.decisions.get(decision) if result else None
    if found is not None:
        dumped = found.model_dump(mode="json", include={"detail", "reasons", "missing_facts"})
        out.update({k: v for k, v in dumped.items() if v})
    return out
