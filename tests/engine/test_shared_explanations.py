"""What triages share (reasons, condition lines, why-not counts, a request's decision id) never changes
an answer: every result made with warm caches, after other cases and in another order, is the same
JSON as the one made with caches that have seen nothing else."""

from __future__ import annotations

import dataclasses
import random

import pytest

from engine import EXPLAIN_LEVELS, RuleSet, get_executor, parse_request, triage
from engine.caches import Caches
from tests.conftest import AS_OF
from tools.corpus.generate import CorpusSpec, generate


def _cases(ruleset: RuleSet) -> list[dict[str, object]]:
    mixed = list(generate(ruleset, CorpusSpec(n=30, seed=5, missing=0.2)))
    yichun = list(generate(ruleset, CorpusSpec(n=30, seed=6)))
    for raw in yichun:  # the deepest packs: the most derived facts under a reason
        raw["jurisdiction"] = "江西省宜春市"
    return mixed + yichun


@pytest.mark.parametrize("executor", ["compiled", "durable"])
def test_warm_caches_give_the_answers_of_cold_ones(ruleset: RuleSet, executor: str) -> None:
    run = get_executor(executor)
    cases = _cases(ruleset)
    requests = [parse_request(ruleset, raw, AS_OF) for raw in cases]
    warm = dataclasses.replace(ruleset, caches=Caches())
    order = [(i, level) for i in range(len(requests)) for level in EXPLAIN_LEVELS] * 2
    random.Random(14).shuffle(order)
    answers = [(i, level, triage(warm, requests[i], run, level).model_dump_json()) for i, level in order]
    cold_answers: dict[tuple[int, str], str] = {}
    for i, level, answer in answers:
        if (i, level) not in cold_answers:
            cold = dataclasses.replace(ruleset, caches=Caches())
            cold_answers[i, level] = triage(cold, requests[i], run, level).model_dump_json()
        assert answer == cold_answers[i, level], (i, level)
