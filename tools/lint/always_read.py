"""The facts some decision reads in every case: the form's 「必答」 questions, proven from the rules.

A fact is *read* by a decision in a case when a rule of the decision that can still hold on that case
reads it — in its condition or its detail (a due date) — directly or through a 中间结论 that such a rule
reads (this is what ``engine.relevance`` counts, per case). A fact is read by the decision *in every
case* when no case exists, with the fact itself unanswered and every other fact anything at all
(given or unknown), on which all those rules have failed. That is a satisfiability question over
Kleene's three values (:mod:`.kleene`), answered exactly by :mod:`.logic`; an unsatisfiable query is
the proof. A search that runs out of steps proves nothing, and the fact is not marked: the page
never calls a question 必答 that some case could do without.

The answer depends on the plan only (jurisdiction and the stretch of dates with its rules and
parameter values), so it is cached per rule set (its digest), jurisdiction and stretch of dates.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from engine import RuleSet
from engine.toolkit import Plan, Vocabulary, decision_key, detail_facts, reads

from .kleene import Kleene, initial_domains
from .logic import FALSE, TRUE, Formula, Solver, conj, disj, negate

_CACHE: dict[tuple[str, str, int], Mapping[str, tuple[str, ...]]] = {}
_CACHE_SIZE = 256  # plans: a few per jurisdiction and rule set
_LOCK = threading.Lock()  # the API answers from several threads


def always_read(ruleset: RuleSet, plan: Plan) -> Mapping[str, tuple[str, ...]]:
    """Input fact id → the ids of the decisions that read it in every case under ``plan``."""
    key = (ruleset.digest, plan.jurisdiction, plan.stretch)  # every date of the stretch has this plan
    with _LOCK:
        found = _CACHE.get(key)
    if found is None:
        found = compute(plan, ruleset.vocabulary)
        with _LOCK:
            if len(_CACHE) >= _CACHE_SIZE:
                del _CACHE[next(iter(_CACHE))]  # the oldest
            _CACHE[key] = found
    return found


def compute(plan: Plan, vocabulary: Vocabulary) -> dict[str, tuple[str, ...]]:
    """``always_read`` without the cache."""
    details = {decision_key(view.id): view.detail for view in plan.scope.decisions}
    kleene = Kleene(plan, vocabulary)
    live = [negate(kleene.of(rule.condition).f) for rule in plan.rules]  # the rule has not failed
    initial = initial_domains(vocabulary)
    out: dict[str, list[str]] = {}
    for conclusion in plan.decisions():
        read = _reads_via(plan, conclusion.key, live, details.get(conclusion.key, {}))
        side = kleene.side_conditions()  # after every formula is built: the sums they read are known
        for fact in vocabulary.facts:
            reading = read.get(fact.id, FALSE)
            if reading is FALSE:
                continue
            case = conj((negate(kleene.known(fact.id)), negate(reading), side))
            if Solver(initial).model(case) is None:  # no case without it: proven
                out.setdefault(fact.id, []).append(conclusion.id)
    return {fact: tuple(ids) for fact, ids in out.items()}


def _reads_via(plan: Plan, key: str, live: list[Formula], detail: Mapping[str, Any]) -> dict[str, Formula]:
    """Fact id → when the decision ``key`` reads it: a rule of the decision, or of a 中间结论 that a rule
    the decision reads still needs, has not failed and reads the fact."""
    needed: dict[str, Formula] = {key: TRUE}  # conclusion → when the decision still needs it
    read: dict[str, list[Formula]] = {}
    for conclusion in reversed(plan.conclusions):  # dependents first: readers before what they read
        wanted = needed.get(conclusion.key)
        if wanted is None or (conclusion.kind != "derived" and conclusion.key != key):
            continue
        if conclusion.also_input:  # a 中间结论 the handler may give: asked whenever it is needed
            read.setdefault(conclusion.id, []).append(wanted)
        for index in conclusion.rules:
            rule = plan.rules[index]
            holds = conj((live[index], wanted))
            for item in reads(rule.condition):
                if item.kind == "decision":
                    continue  # another decision reads what it reads for itself
                read.setdefault(item.id, []).append(holds)
                if item.id in plan.scope.derived:  # a 中间结论 (its key is its id)
                    needed[item.id] = disj((needed.get(item.id, FALSE), holds))
            for fact_id in detail_facts(rule.rule.detail):
                read.setdefault(fact_id, []).append(holds)
    if detail:  # the decision's own detail (a due date) is read when one of its rules has not failed
        any_live = disj(live[i] for i in plan.by_key[key].rules)
        for fact_id in detail_facts(detail):
            read.setdefault(fact_id, []).append(any_live)
    return {fact: disj(forms) for fact, forms in read.items()}
