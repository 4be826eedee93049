"""The triage result: what CLI, REST and records return (docs/CONTRACT.md §5).

Every model is frozen, its sequences are tuples and its mappings read-only: parts of a result (a
rule's reason, a condition's line) are shared by the triages that agree on the facts they read
(``engine.caches``), so no caller may change one in place. ``model_copy(update=…)`` makes a changed
copy. The JSON is the same as with lists and dicts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self, TypeVar

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

Outcome = Literal["required", "not_required", "undetermined"]
OUTCOME_LABELS: Mapping[str, str] = {"required": "需要", "not_required": "不需要", "undetermined": "无法确定"}
LABEL_OUTCOMES: Mapping[str, str] = {v: k for k, v in OUTCOME_LABELS.items()}

_K = TypeVar("_K")
_V = TypeVar("_V")


class FrozenDict(dict[_K, _V]):
    """A dict that refuses changes (pydantic serialises it as the dict it is)."""

    __slots__ = ()

    def _refuse(self, *args: object, **kwargs: object) -> Any:
        raise TypeError("决定结果不可修改（请用 model_copy(update=…) 生成修改后的副本）")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse


_ATOMS = frozenset({str, int, float, bool, type(None)})


def freeze(value: Any) -> Any:
    """A JSON-like value made immutable all the way down: lists become tuples, dicts FrozenDicts."""
    kind = type(value)
    if kind in _ATOMS or kind is FrozenDict:
        return value
    if kind is list or kind is tuple:
        return tuple([v if type(v) in _ATOMS else freeze(v) for v in value])
    if isinstance(value, dict):
        return FrozenDict({k: v if type(v) in _ATOMS else freeze(v) for k, v in value.items()})
    return value


Frozen = Annotated[Any, AfterValidator(freeze)]
FrozenMap = Annotated[dict[str, Any], AfterValidator(freeze)]


_set = object.__setattr__


class Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @classmethod
    def trusted(cls, **values: Any) -> Self:
        """The model of values the engine made itself, already of the types validation would give
        (tuples, FrozenDicts, models): every field given, nothing validated or frozen again.

        A triage builds some forty result models, and validating them (each condition line, reason,
        parameter and decision, frozen all the way down) was a sixth of its cost. This is what
        ``model_construct`` does, without its per-field Python loop over defaults and aliases;
        ``tests/engine/test_result_trusted.py`` checks that every model of generated triages equals
        and serialises as its validated copy.
        """
        model = cls.__new__(cls)
        _set(model, "__dict__", values)
        _set(model, "__pydantic_fields_set__", set(values))
        _set(model, "__pydantic_extra__", None)
        _set(model, "__pydantic_private__", None)
        return model


class ParamUse(Out):
    """A parameter a condition compared with, as in force for this jurisdiction on ``as_of``."""

    id: str
    label: str
    value: int | float
    source: str
    verification: str
    pack: str


class ConditionResult(Out):
    kind: Literal["fact", "derived", "decision", "sum", "exception"]
    fact: str | None = Field(description="fact, derived fact or decision id")
    label: str
    test: str
    value: Frozen = None
    value_text: str
    result: bool | None = Field(description="true: holds in the rule's favour; null: unknown")
    negated: bool = False
    params: tuple[ParamUse, ...] = Field(default_factory=tuple)


class Reason(Out):
    rule: str
    concludes: str = Field(description="the decision, derived fact or exception this rule is about")
    title: str
    basis: tuple[str, ...]
    pack: str
    result: bool | None
    expression: str
    conditions: tuple[ConditionResult, ...]
    because: tuple[Reason, ...] = Field(default_factory=tuple)
    detail: FrozenMap = Field(default_factory=FrozenDict)
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None


class MissingFact(Out):
    fact: str
    label: str
    question: str
    affects: tuple[str, ...] = Field(default_factory=tuple)


class DecisionResult(Out):
    label: str
    outcome: Outcome
    outcome_label: str
    detail: FrozenMap | None = None
    detail_labels: Annotated[dict[str, str], AfterValidator(freeze)] = Field(default_factory=FrozenDict)
    reasons: tuple[Reason, ...] = Field(default_factory=tuple)
    missing_facts: tuple[MissingFact, ...] = Field(default_factory=tuple)


class WarningFact(Out):
    fact: str
    label: str
    value: Frozen = None
    value_text: str


class WarningResult(Out):
    rule: str
    message: str
    basis: tuple[str, ...]
    facts: tuple[WarningFact, ...]


class RulesetRef(Out):
    packs: tuple[str, ...]
    digest: str


class TimeOfAct(Out):
    """Which date's rules and parameters the result applies, and the limitation period (engine/timing)."""

    act_date: dt.date | None = Field(
        description="违法行为发生日期（连续或继续状态的，为终了之日）; null: not given"
    )
    evaluated_on: dt.date = Field(description="the date whose rules and parameters the decisions apply")
    applied: Literal["act_date", "as_of"] = Field(description="行为时的规定, or those in force on as_of")
    reason: str = Field(description="which law was applied and why (从旧兼从轻), in Chinese")
    limitation: Literal["within", "expired", "undetermined", "not_checked"] = "not_checked"
    limitation_note: str = ""


class TriageResult(Out):
    case_id: str | None = None
    jurisdiction: str
    as_of: dt.date
    ruleset: RulesetRef
    executor: str
    decisions: Annotated[dict[str, DecisionResult], AfterValidator(freeze)]
    missing_facts: tuple[MissingFact, ...] = Field(default_factory=tuple)
    warnings: tuple[WarningResult, ...] = Field(default_factory=tuple)
    facts: FrozenMap = Field(default_factory=FrozenDict, description="the facts as understood, by id")
    decision_id: str | None = None
    time_of_act: TimeOfAct | None = Field(
        default=None, description="the time of the act (从旧兼从轻, 追责时效)"
    )

    def outcome(self, decision_id: str) -> str | None:
        found = self.decisions.get(decision_id)
        return found.outcome if found else None


Reason.model_rebuild()
