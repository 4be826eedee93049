"""lexgate as an engine of ../shared/bench: the shared 20-rule decision written as a lexgate pack.

``bench/pack`` is ``peers/spec.py`` in lexgate's rule language (parameters for every threshold,
derived facts for *normal*, *heavy sanction*, *large fine* and *large confiscation*, decisions
chained through ``decision:`` tests). Each case goes through the boundary a real request goes
through — the vocabulary validates and types every fact — and then through an executor:

* ``build_compiled``: the compiled executor (closures), outcomes and the rules that hold;
* ``build_durable``: the durable executor (durable-rules matches and chains), the same outputs;
* ``build_explained``: a full triage with explanations (proof trees, why-not, missing facts).

The bench's semantics ("a missing fact makes an atomic test false", no negation) and lexgate's
(a missing fact is unknown) give the same outputs here: with no negation an unknown test can
never make a rule hold, so "required" is exactly "fired"; undetermined counts as not fired.

    PYTHONPATH=bench python ../shared/bench/run_peers.py \\
        --plugin 'lexgate compiled=lexgate_peer:build_compiled' \\
        --plugin 'lexgate durable=lexgate_peer:build_durable'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from engine import InputInvalid, ParsedRequest, RuleSet, load_ruleset, triage
from engine.caches import PreparedPlan
from engine.executors import Verdicts, get_executor
from engine.plan import Plan
from engine.trace import NO_TRACE

PACK = Path(__file__).resolve().parent / "pack"
JURISDICTION = "全国"
AS_OF = dt.date(2026, 11, 1)

Result = dict[str, Any]
Evaluate = Callable[[dict[str, Any]], Result]


def _code(rule_id: str) -> str:
    """``bench.lr_public_interest`` → ``LR_PUBLIC_INTEREST`` (the reason codes of spec.py)."""
    return rule_id.rsplit(".", 1)[1].upper()


def _load() -> tuple[RuleSet, PreparedPlan]:
    ruleset = load_ruleset(PACK)
    return ruleset, ruleset.prepared(ruleset.plan(JURISDICTION, AS_OF))


def _facts(ruleset: RuleSet) -> Callable[[dict[str, Any]], dict[str, Any]]:
    parse = ruleset.vocabulary.parse

    def facts(case: dict[str, Any]) -> dict[str, Any]:
        raw = dict(case)
        raw.pop("case_id", None)
        typed, problems = parse(raw)
        if problems:
            raise InputInvalid(problems)
        return typed

    return facts


def _from_verdicts(plan: Plan) -> Callable[[Verdicts], Result]:
    decisions = [(c.key, c.id) for c in plan.decisions()]
    reasons = [(r.index, _code(r.id)) for r in plan.rules if r.rule.kind == "decision"]

    def result(verdicts: Verdicts) -> Result:
        values, rules = verdicts.values, verdicts.rules
        out: Result = {output: values[key] is True for key, output in decisions}
        out["reasons"] = [code for index, code in reasons if rules[index] is True]
        return out

    return result


def _fast(executor_name: str) -> tuple[Evaluate, None]:
    ruleset, plan = _load()
    facts, result = _facts(ruleset), _from_verdicts(plan.plan)
    executor = get_executor(executor_name)
    run = executor.run

    def evaluate(case: dict[str, Any]) -> Result:
        return result(run(plan, facts(case), NO_TRACE))

    return evaluate, None


def build_compiled() -> tuple[Evaluate, None]:
    return _fast("compiled")


def build_durable() -> tuple[Evaluate, None]:
    return _fast("durable")


def build_explained() -> tuple[Evaluate, None]:
    ruleset, _ = _load()
    facts = _facts(ruleset)
    executor = get_executor("compiled")

    def evaluate(case: dict[str, Any]) -> Result:
        request = ParsedRequest(case.get("case_id"), JURISDICTION, AS_OF, facts(case))
        explained = triage(ruleset, request, executor)
        out: Result = {d: r.outcome == "required" for d, r in explained.decisions.items()}
        out["reasons"] = [
            _code(reason.rule)
            for decision in explained.decisions.values()
            if decision.outcome == "required"
            for reason in decision.reasons
        ]
        return out

    return evaluate, None
