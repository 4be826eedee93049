"""Differential test: the durable and compiled executors agree on random cases over the real packs.

Random fact sets over the whole vocabulary, every jurisdiction, dates on both sides of every
effective date, amounts on and around every threshold, and a large share of missing facts.
Compared: every rule's verdict and every conclusion of each executor's own program (durable-rules'
Rete network, the compiled closures), and the whole explained result (outcomes, details, reasons,
missing facts, warnings) of a full triage — where each executor again decides with its own program
and the recording pass must agree with it (``engine/executors/base.py``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine import FactDef, ParsedRequest, RuleSet, get_executor, parse_request, triage
from engine.caches import Caches
from engine.trace import NO_TRACE
from tests.conftest import AS_OF
from tools.corpus.generate import CorpusSpec, date_range, generate, thresholds


def _dates(ruleset: RuleSet) -> list[dt.date]:
    """Every effective date of a rule or parameter, the day before it, and the product's default date."""
    start, _ = date_range(ruleset, CorpusSpec(n=0))
    changes = {d for r, _ in ruleset.rules.values() for d in (r.effective_from, r.effective_to) if d}
    for scope in ruleset.scopes.values():
        for layers in scope.parameters.values():
            changes.update(v.start for layer in layers for v in layer.values)
    days = {AS_OF} | {d + dt.timedelta(days=k) for d in changes for k in (-1, 0, 1)}
    return sorted(d for d in days if d >= start)


def _value(fact: FactDef, limits: dict[str, list[float]]) -> st.SearchStrategy[Any]:
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "enum":
        return st.sampled_from(fact.values)
    if fact.type == "set":
        return st.frozensets(st.sampled_from(fact.values), max_size=4)
    if fact.type == "date":
        return st.dates(dt.date(2021, 1, 1), dt.date(2027, 12, 31))
    near = limits.get(fact.id, [])
    around = [max(0.0, x + d) for x in near for d in (-1, 0, 1)]
    numbers = st.sampled_from(sorted({0.0, *around})) if around else st.just(0.0)
    if fact.type == "int":
        return st.one_of(numbers.map(int), st.integers(0, 6))
    return st.one_of(numbers, st.integers(0, 2_000_000).map(float))


@st.composite
def _requests(draw: st.DrawFn, ruleset: RuleSet, dates: list[dt.date]) -> ParsedRequest:
    limits = thresholds(ruleset)
    facts: dict[str, Any] = {}
    for fact in ruleset.vocabulary.facts:
        if draw(st.integers(0, 9)) < 3:  # three in ten facts missing
            continue
        facts[fact.id] = draw(_value(fact, limits))
    return ParsedRequest(
        "差异测试", draw(st.sampled_from(ruleset.jurisdictions)), draw(st.sampled_from(dates)), facts
    )


@pytest.fixture(scope="module")
def dates(ruleset: RuleSet) -> list[dt.date]:
    return _dates(ruleset)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_durable_and_compiled_give_identical_results(
    ruleset: RuleSet, dates: list[dt.date], data: Any
) -> None:
    request = data.draw(_requests(ruleset, dates))
    durable, compiled = get_executor("durable"), get_executor("compiled")
    plan = ruleset.plan(request.jurisdiction, request.as_of)
    prepared = ruleset.prepared(plan)
    fast_durable = durable.run(prepared, request.facts, NO_TRACE)
    fast_compiled = compiled.run(prepared, request.facts, NO_TRACE)
    assert list(fast_durable.rules) == list(fast_compiled.rules)
    keys = [c.key for c in plan.conclusions]
    assert [fast_durable.values[k] for k in keys] == [fast_compiled.values[k] for k in keys]

    explained = {
        name: triage(ruleset, request, executor).model_dump(mode="json", exclude={"executor"})
        for name, executor in (("durable", durable), ("compiled", compiled))
    }
    assert explained["durable"] == explained["compiled"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_reasons_shared_across_triages_equal_reasons_built_afresh(
    ruleset: RuleSet, dates: list[dt.date], data: Any
) -> None:
    """The explanation caches key a rule's reason by the input facts it reads, and a condition's line
    by the value it tested: warm caches (shared by every earlier example of this run) must give
    exactly what empty ones give — the rule set's reasons and everything its prepared plans keep."""
    request = data.draw(_requests(ruleset, dates))
    compiled = get_executor("compiled")
    warm = triage(ruleset, request, compiled).model_dump(mode="json")
    cold_ruleset = dataclasses.replace(ruleset, caches=Caches())
    cold = triage(cold_ruleset, request, compiled).model_dump(mode="json")
    assert warm == cold


def test_agreement_on_a_generated_corpus(ruleset: RuleSet) -> None:
    """The corpus generator's realistic cases (the whatif and benchmark workload), 5,000 of them."""
    durable, compiled = get_executor("durable"), get_executor("compiled")
    disagreements = []
    for raw in generate(ruleset, CorpusSpec(n=5000, seed=11, missing=0.2)):
        request = parse_request(ruleset, raw, AS_OF)
        plan = ruleset.prepared(ruleset.plan(request.jurisdiction, request.as_of))
        a = durable.run(plan, request.facts, NO_TRACE)
        b = compiled.run(plan, request.facts, NO_TRACE)
        if list(a.rules) != list(b.rules):
            disagreements.append(raw["case_id"])
    assert disagreements == []
