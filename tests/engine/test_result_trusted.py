"""Result models built without validation (``Out.trusted``) are what validation would have made: every
model of generated triages, at every explain level, equals its validated copy field by field with the
same types all the way down, has every field set, and serialises to the same JSON."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from engine import EXPLAIN_LEVELS, RuleSet, get_executor, parse_request, triage
from engine.result import FrozenDict
from tests.conftest import AS_OF
from tools.corpus.generate import CorpusSpec, generate


def _same(ours: Any, validated: Any, where: str) -> None:
    assert type(ours) is type(validated), where
    if isinstance(ours, BaseModel):
        assert list(ours.__dict__) == list(type(ours).model_fields), where  # every field, in order
        for name in type(ours).model_fields:
            _same(getattr(ours, name), getattr(validated, name), f"{where}.{name}")
    elif isinstance(ours, dict):
        assert list(ours) == list(validated), where
        for key in ours:
            _same(ours[key], validated[key], f"{where}[{key}]")
    elif isinstance(ours, tuple):
        assert len(ours) == len(validated), where
        for i, (a, b) in enumerate(zip(ours, validated, strict=True)):
            _same(a, b, f"{where}[{i}]")
    else:
        assert ours == validated, where


def _validated(model: BaseModel) -> BaseModel:
    """The model validated afresh from its fields, each nested model validated the same way."""
    return type(model).model_validate({k: _revalidate(v) for k, v in model.__dict__.items()})


def _revalidate(value: Any) -> Any:
    if isinstance(value, BaseModel):
        return _validated(value)
    if isinstance(value, dict):
        return {k: _revalidate(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_revalidate(v) for v in value]
    return value


@pytest.mark.parametrize("level", EXPLAIN_LEVELS)
def test_trusted_models_are_the_validated_ones(ruleset: RuleSet, level: str) -> None:
    run = get_executor("compiled")
    checked = 0
    for raw in generate(ruleset, CorpusSpec(n=25, seed=8, missing=0.2)):
        result = triage(ruleset, parse_request(ruleset, raw, AS_OF), run, level)  # type: ignore[arg-type]
        validated = _validated(result)
        _same(result, validated, "result")
        assert result.model_dump_json() == validated.model_dump_json()
        assert isinstance(result.facts, FrozenDict) and isinstance(result.decisions, FrozenDict)
        checked += len(result.decisions)
    assert checked > 0
