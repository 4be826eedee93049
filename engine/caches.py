"""Everything the engine remembers between triages, in one object per rule set.

A :class:`~engine.ruleset.RuleSet`, its scopes, plans and results are immutable values. What is
*derived* from them on demand and kept for later triages lives in the rule set's :class:`Caches`
(what depends on one rule object alone is kept across rule sets by ``engine/plan_parts.py``):

* **plans** by (jurisdiction, ``as_of``): at most :data:`PLAN_LIMIT`, emptied when full (a plan is
  cheap to make from its stretch's). One plan is *built* per stretch of dates (``Scope.stretch``):
  the dates of a stretch share it, with their own ``as_of``;
* **prepared plans**, one per stretch: the closures that decide the plan, those that say what an
  unknown rule misses, the recording closures that explain it, and the texts and lines of
  explanations that depend on the plan alone (:class:`Memo`), and the lines of conditions that show a
  number or a date, once per value (bounded);
* **reasons**: explanations of rules, shared by triages that agree on what they show
  (``engine/explanation/shapes.py``; :class:`ReasonCache`, bounded);
* **per request**, what one triage computes from its request more than once (its decision id: once
  for each date of 从旧兼从轻 and again by the time of the act), by the request object's identity
  (:meth:`Caches.of_request`; the last few requests only).

Shared values are immutable (frozen result models), so sharing them cannot leak one request's edits
into another's answer. Concurrent requests may build the same entry twice; the results are equal
and the last one stays. The durable executor keeps its own durable-rules rulesets: those are
resources of its C engine that must be deleted when evicted (``engine/executors/durable.py``).
A reloaded rule set starts with empty caches.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from .errors import ParameterNotInForce
from .language.missing import Missing, MissingBuilder
from .language.tracing import Trace, TracerBuilder
from .language.visitor import visit
from .plan import Plan, build_plan
from .plan_parts import compiled
from .scope import Scope
from .settle import Check, Verdicts, settle

PLAN_LIMIT = 4096
REQUEST_LIMIT = 64  # requests in flight whose derived values are kept (concurrent triages)
REASON_LIMIT = 2048  # per generation: ~10 MB of reasons
LINE_LIMIT = 1024  # per generation and prepared plan: ~1 MB of condition lines
_T = TypeVar("_T")
Program = Callable[[Any], Verdicts]


class Memo:
    """Values computed from one plan alone, each once: keyed by a kind and either a plain key or a node
    of the plan. Nodes are keyed by identity (hashing a condition tree costs more than what it keys),
    and the node is kept with its value, so an id can never be mistaken for another object's."""

    def __init__(self) -> None:
        self._by_key: dict[Hashable, Any] = {}
        self._by_node: dict[tuple[str, int, Hashable], tuple[object, Any]] = {}

    def get(self, key: Hashable, make: Callable[..., _T], *args: Any) -> _T:
        """``make(*args)`` under ``key``, computed once."""
        found = self._by_key.get(key, _MISSING)
        if found is _MISSING:
            found = self._by_key.setdefault(key, make(*args))
        value: _T = found
        return value

    def of_node(self, kind: str, node: object, make: Callable[[], _T], extra: Hashable = ()) -> _T:
        """``make()`` for ``node`` (and ``extra``, what else the value depends on), computed once."""
        found = self.found(kind, node, extra)
        if found is not None:
            value: _T = found
            return value
        made = make()
        self.keep(kind, node, extra, made)
        return made

    def found(self, kind: str, node: object, extra: Hashable = ()) -> Any:
        """The value kept for ``node`` and ``extra``, or None (hot paths look up before making)."""
        found = self._by_node.get((kind, id(node), extra))
        return found[1] if found is not None and found[0] is node else None

    def keep(self, kind: str, node: object, extra: Hashable, value: Any) -> None:
        self._by_node[(kind, id(node), extra)] = (node, value)


_MISSING = object()


class PreparedPlan:
    """A plan's executable forms, made on first use and kept for every later triage of its stretch."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.memo = Memo()
        self.lines = ReasonCache(LINE_LIMIT)  # condition lines of numbers and dates, by node and value

    @functools.cached_property
    def checks(self) -> tuple[Check, ...]:
        """One closure per plan rule (by index), deciding it from ``env``."""
        return tuple(compiled(rule.condition, self.plan.params) for rule in self.plan.rules)

    @functools.cached_property
    def program(self) -> Program:
        """The plan decided by the compiled closures: facts in, verdicts out."""
        return functools.partial(settle, self.plan.steps, self.checks)

    @functools.cached_property
    def missing(self) -> tuple[Missing, ...]:
        """One closure per plan rule (by index) giving the input facts an unknown rule misses."""
        builder = MissingBuilder(self.plan.params)
        return tuple(visit(rule.condition, builder) for rule in self.plan.rules)

    @functools.cached_property
    def tracers(self) -> tuple[Trace, ...]:
        """One recording closure per plan rule (by index)."""
        builder = TracerBuilder(self.plan.params)
        return tuple(builder.of(rule.condition) for rule in self.plan.rules)


class ReasonCache:
    """Explanation fragments by key, bounded by two generations of ``limit`` entries: when the current
    one is full it becomes the old one, and an old entry that is used again moves back. A lock guards
    the swap (requests are concurrent)."""

    def __init__(self, limit: int = REASON_LIMIT) -> None:
        self.limit = limit
        self._current: dict[Hashable, Any] = {}
        self._old: dict[Hashable, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any:
        found = self._current.get(key)
        if found is None:
            found = self._old.get(key)
            if found is not None:
                self.put(key, found)
        return found

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            if len(self._current) >= self.limit:
                self._old, self._current = self._current, {}
            self._current[key] = value


class Caches:
    """See the module's docstring."""

    def __init__(self) -> None:
        self._plans: dict[tuple[str, dt.date], Plan] = {}
        self._unbuildable: dict[tuple[str, dt.date], str] = {}  # why no plan there (ParameterNotInForce)
        self._stretch_plans: dict[tuple[str, int], Plan] = {}
        self._prepared: dict[tuple[str, int], PreparedPlan] = {}
        self._lock = threading.Lock()
        self.reasons = ReasonCache()
        self._requests: dict[tuple[str, int], tuple[object, Any]] = {}

    def of_request(self, kind: str, request: object, make: Callable[[], _T]) -> _T:
        """``make()`` for ``request`` (any object a triage holds while it runs, e.g. its facts), computed
        once while it is among the last :data:`REQUEST_LIMIT` asked about. The object is kept with its
        value, so its id cannot be mistaken for a later object's."""
        key = (kind, id(request))
        found = self._requests.get(key)
        if found is not None and found[0] is request:
            value: _T = found[1]
            return value
        made = make()
        with self._lock:
            if len(self._requests) >= REQUEST_LIMIT:
                self._requests.clear()
            self._requests[key] = (request, made)
        return made

    def plan(self, scope: Scope, as_of: dt.date) -> Plan:
        """``scope``'s plan on ``as_of`` (raises ``ParameterNotInForce`` as ``build_plan`` does)."""
        key = (scope.jurisdiction, as_of)
        plan = self._plans.get(key)
        if plan is None:
            failed = self._unbuildable.get(key)
            if failed is not None:  # asked again and again (every scenario's date, every stretch)
                raise ParameterNotInForce(failed)
            stretch = (scope.jurisdiction, scope.stretch(as_of))
            built = self._stretch_plans.get(stretch)
            if built is None:
                try:
                    made = build_plan(scope, as_of)
                except ParameterNotInForce as exc:
                    with self._lock:
                        if len(self._unbuildable) >= PLAN_LIMIT:
                            self._unbuildable.clear()
                        self._unbuildable[key] = str(exc)
                    raise
                built = self._stretch_plans.setdefault(stretch, made)
            plan = built.dated(as_of)
            with self._lock:
                if len(self._plans) >= PLAN_LIMIT:
                    self._plans.clear()
                self._plans[key] = plan
        return plan

    def prepared(self, plan: Plan) -> PreparedPlan:
        key = (plan.jurisdiction, plan.stretch)
        found = self._prepared.get(key)
        if found is None:
            found = self._prepared.setdefault(key, PreparedPlan(plan))
        return found
