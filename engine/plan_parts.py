"""What a plan makes of each rule on its own — its plan rule, effective condition and parameters, and
the closure deciding it — kept by the identity of the rule objects, across plans and rule sets.

Every plan of every date and jurisdiction that has a rule in force folds its exceptions in, reads its
parameters and compiles its condition again; a rule set re-read with one file changed (``lexgate
mutate``) keeps the other rules' objects (``rerun_pipeline``). Kept here, the folded condition is also
the same object in all those plans, so what is derived from it by identity (compiled and durable
programs) is shared too. Bounded: emptied when full; each entry holds the objects its key names.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from .language.closures import Check, compile_condition
from .language.nodes import AllOf, AnyOf, Condition, ExceptionCondition, FactTest, NotOf
from .language.semantics import Params
from .language.visitor import param_refs
from .model import RuleDef, detail_params

LIMIT = 16_384  # entries: a plan of the shipped packs makes about 250
_T = TypeVar("_T")
_kept: dict[tuple[Hashable, ...], tuple[tuple[object, ...], Any]] = {}
_lock = threading.Lock()


def kept(kind: str, objects: tuple[object, ...], extra: Hashable, make: Callable[[], _T]) -> _T:
    """``make()`` for ``objects`` (by identity) and ``extra``, made once while kept. An entry holds its
    objects: no other live object can have their ids, so a key found is theirs."""
    key = (kind, *map(id, objects), extra)
    found = _kept.get(key)
    if found is not None:
        value: _T = found[1]
        return value
    made = make()
    with _lock:
        if len(_kept) >= LIMIT:
            _kept.clear()
        _kept[key] = (objects, made)
    return made


def effective_condition(rule: RuleDef, exceptions: tuple[RuleDef, ...], given: str | None) -> Condition:
    """``rule``'s condition with its declared exceptions folded in; with ``given`` (a derived fact the
    handler may give), applying only when that fact is absent."""
    if not exceptions and given is None:
        return rule.when
    return kept("condition", (rule, *exceptions), given, lambda: _fold(rule, exceptions, given))


def _fold(rule: RuleDef, excs: tuple[RuleDef, ...], given: str | None) -> Condition:
    condition: Condition = rule.when
    if excs:
        folded = tuple(
            ExceptionCondition(exception_rule=e.id, title=e.title, basis=e.basis, when=e.when) for e in excs
        )
        unless: Condition = folded[0] if len(folded) == 1 else AnyOf(any=folded)
        condition = AllOf(all=(condition, NotOf(not_=unless)))
    if given is not None:
        # a value the handler gives wins: the derivation applies only when it is absent
        condition = AllOf(all=(FactTest(fact=given, absent=True), condition))
    return condition


def parameters(rule: RuleDef, condition: Condition) -> tuple[str, ...]:
    """The parameters the rule's effective condition and its detail use, in order (repeats possible)."""
    return kept(
        "parameters", (rule, condition), (), lambda: (*param_refs(condition), *detail_params(rule.detail))
    )


def compiled(condition: Condition, params: Params) -> Check:
    """The closure deciding ``condition`` with ``params`` (kept per condition object and the values of
    the parameters it reads: the closures hold those values)."""
    refs = kept("refs", (condition,), (), lambda: tuple(dict.fromkeys(param_refs(condition))))
    values = tuple((type(v), v) for v in (params[ref].value for ref in refs))  # 1 and 1.0 kept apart
    try:
        hash(values)
    except TypeError:  # a list value: made afresh
        return compile_condition(condition, params)
    return kept("compiled", (condition,), values, lambda: compile_condition(condition, params))
