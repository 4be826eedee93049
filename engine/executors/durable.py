"""The durable executor: durable-rules (a Rete engine in C) matches the rules and chains the conclusions.

This is the only module that calls durable-rules. It owns its sharp edges:

* **Rulesets.** One per plan signature, created from ``durable_program.translate``, cached (bounded)
  and deleted from the engine when evicted or when their executor is collected; names are unique in
  the process, so two executors never share one.
* **Sessions.** Every case runs in durable-rules' default session; the case fact and the conclusion
  facts are retracted afterwards (the whole session is deleted if that fails), so nothing accumulates.
  durable-rules keeps per-session state in C and fails with MemoryError after ~1,024 sessions that
  are never deleted; one reused, emptied session never gets near that.
* **Threads.** The C engine is not thread-safe: one process-wide lock serialises every call. durable's
  own Python ``Host`` is not used, because it starts timer threads that dispatch actions on every
  ruleset concurrently with the caller's.
* **Errors.** A failing engine call or action becomes :class:`ExecutorError` naming the rule set;
  durable's Python layer would catch an action's exception and leave it in session state.
* **Facts, not events.** Every matching rule fires for a fact; a disjunction fires once per matching
  branch, so each plan rule's verdict is recorded once and a contradictory second verdict is an error.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import weakref
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import durable_rules_engine as engine

from ..caches import PreparedPlan
from ..errors import ExecutorError
from ..language.semantics import Tri
from ..plan import Plan
from ..settle import Verdicts
from ..trace import Tracer
from .base import interpret
from .durable_formula import UNKNOWN, Settled
from .durable_program import GROUP_SIZE, ConclusionSlot, DurableProgram, translate

_LOCK = threading.RLock()  # durable-rules' C engine is not thread-safe
_SERIAL = itertools.count(1)  # ruleset names are unique in the process, across executors
_CACHE_LIMIT = 64  # rulesets kept in the engine; a plan is cheap to translate again
_ASSERTED, _NOT_HANDLED, _OBSERVED = 0, 1, 2  # durable-rules' result codes of assert_fact
_STACK_FULL = 303  # ERR_MAX_STACK_SIZE: a fact's alpha walk exceeded 64 pending nodes
_TOO_MANY_EXPRESSIONS = 113  # ERR_EXPRESSION_LIMIT: more than 32 expressions in one pattern


@dataclass(frozen=True)
class LoadedRuleset:
    name: str
    handle: int | None  # None: the plan has no rules, there is nothing to match
    program: DurableProgram
    group_size: int
    strict: bool = False  # translated with every junction within durable-rules' pattern limit


class _Case:
    """One case's run: rule verdicts and conclusions as the engine's actions and the strata settle them."""

    def __init__(self, ruleset: LoadedRuleset, plan: Plan, facts: Mapping[str, Any]) -> None:
        self.ruleset = ruleset
        self.program = ruleset.program
        self.plan = plan
        self.facts = facts
        self.matched: list[bool | None] = [False] * len(plan.rules)  # True holds, None unknown
        self.aux_matched: dict[int, bool | None] = {}
        self.values: dict[str, Settled] = {}
        self.stored: list[str] = []  # facts held by the session, retracted afterwards
        self.pending = False  # a conclusion fact was asserted since the agenda last ran dry
        self.state: int | None = None

    def run(self) -> Verdicts:
        program = self.program
        for slot in program.conclusions:  # given directly by the handler, or without rules in force
            given = self.facts.get(slot.given) if slot.given is not None else None
            if given is not None:
                self.settle(slot, bool(given))
            elif not slot.rules and not slot.auxiliary:
                self.settle(slot, False)
        if self.ruleset.handle is not None:
            self.state = self.assert_fact(program.encoding.encode(self.facts))
            self.pending = True
        # Strata: once the agenda is dry and all a conclusion depends on is settled, a rule that
        # matched neither "holds" nor "unknown" is false.
        verdicts: list[Tri] = [False] * len(self.plan.rules)
        for index in program.settle_order:
            if self.pending:
                self.drain()
            slot = program.conclusions[index]
            if slot.auxiliary:
                found = self.aux_matched.get(index, False)
                value: Settled = UNKNOWN if found is None else found
            else:
                unknown = False
                for rule in slot.rules:
                    verdicts[rule] = self.matched[rule]
                    unknown = unknown or self.matched[rule] is None
                value = UNKNOWN if unknown else False
            if slot.key not in self.values:  # not yet true (or given)
                self.settle(slot, value)
        if self.pending:  # leave no scheduled action behind for the next case
            self.drain()
        values: dict[str, Any] = dict(self.facts)
        for conclusion in self.plan.conclusions:
            settled = self.values[conclusion.key]
            values[conclusion.key] = None if settled == UNKNOWN else settled
        return Verdicts(tuple(verdicts), values)

    def drain(self) -> None:
        """Run every action durable-rules schedules, including those that conclusion facts trigger."""
        self.pending = False
        handle, state = self.ruleset.handle, self.state
        if handle is None or state is None:
            return
        started = engine.start_action_for_state(handle, state)  # (state JSON, message) or None
        message: str | None = started[1] if started else None
        failure: BaseException | None = None
        # No action changes the session state: it is never written back (update_state).
        while message:
            if failure is None:
                try:
                    self.fire(message[2 : message.index('"', 2)])  # the message is {"<rule name>": {…}}
                except BaseException as exc:
                    # Finish the engine's protocol before raising: abandon_action leaves the ruleset
                    # corrupt (later calls return garbage or crash), so the remaining actions are
                    # completed without running them.
                    failure = exc
            message = engine.complete_and_start_action(handle, state)
        if failure is not None:
            raise failure
        self.pending = False  # conclusion facts asserted by the actions were matched in this run

    def fire(self, name: str) -> None:
        meaning = self.program.rules.get(name)
        if meaning is None:
            raise ExecutorError(f"durable-rules 触发了规则集 {self.ruleset.name} 中不存在的规则 {name}")
        index, holds = meaning.index, meaning.holds
        prior = self.aux_matched.get(meaning.slot, False) if index is None else self.matched[index]
        if prior is not False:  # matched before: another branch, which must say the same
            if prior is not holds:
                what = (
                    self.program.conclusions[meaning.slot].key if index is None else self.plan.rules[index].id
                )
                raise ExecutorError(
                    f"durable-rules 对 {what} 同时判断为成立和无法确定（规则集 {self.ruleset.name}）"
                )
            return
        if index is None:
            self.aux_matched[meaning.slot] = holds
        else:
            self.matched[index] = holds
        slot = self.program.conclusions[meaning.slot]
        if holds and slot.key not in self.values:  # true as soon as one rule holds
            self.settle(slot, True)

    def settle(self, slot: ConclusionSlot, value: Settled) -> None:
        self.values[slot.key] = value
        if value in slot.needed:  # some rule joins with it: tell the engine
            self.assert_fact(self.program.facts[slot.key, value])
            self.pending = True

    def assert_fact(self, fact: str) -> int | None:
        assert self.ruleset.handle is not None
        code, state = engine.assert_fact(self.ruleset.handle, fact)
        if code == _ASSERTED:
            self.stored.append(fact)
            return int(state)
        if code == _NOT_HANDLED:  # no rule tests such a fact: nothing is stored
            return None
        what = "该事实已存在于会话中" if code == _OBSERVED else f"结果代码 {code}"
        raise ExecutorError(f"durable-rules 拒绝了事实（{what}，规则集 {self.ruleset.name}）: {fact}")

    def clean(self) -> None:
        """Leave the session empty for the next case."""
        handle = self.ruleset.handle
        if handle is None:
            return
        try:
            if self.stored:  # one call: the C engine parses the batch and retracts in order
                engine.retract_facts(handle, "[" + ",".join(reversed(self.stored)) + "]")
        except Exception:
            engine.delete_state(handle, None)  # drops every fact of the session at once
        self.stored.clear()


class DurableExecutor:
    """Runs plans in durable-rules; with a recording tracer, the explanation pass checks its verdicts."""

    name = "durable"

    def __init__(self, cache_limit: int = _CACHE_LIMIT, group_size: int = GROUP_SIZE) -> None:
        self._rulesets: OrderedDict[str, LoadedRuleset] = OrderedDict()
        self._cache_limit = cache_limit
        self._group_size = group_size
        # An executor that goes away deletes its rulesets from the C engine (tests make many executors).
        weakref.finalize(self, _delete_all, self._rulesets)

    def run(self, prepared: PreparedPlan, facts: Mapping[str, Any], tracer: Tracer) -> Verdicts:
        plan = prepared.plan
        with _LOCK:
            ruleset = self.ruleset(plan)
            while True:
                case = _Case(ruleset, plan, facts)
                try:
                    verdicts = case.run()
                    break
                except ExecutorError:
                    raise
                except Exception as exc:
                    if _error_code(exc) == _STACK_FULL and ruleset.group_size > 1:
                        # the case's facts match more of the alpha network than one walk can hold:
                        # rebuild with smaller marker groups and run the case again
                        case.clean()
                        ruleset = self.build(plan, ruleset.group_size // 2, ruleset.strict)
                        continue
                    raise ExecutorError(f"durable-rules 执行失败（规则集 {ruleset.name}）: {exc}") from exc
                finally:
                    case.clean()
        if tracer.enabled:
            return interpret(prepared, facts, tracer, expected=verdicts)
        return verdicts

    def ruleset(self, plan: Plan) -> LoadedRuleset:
        """The engine's ruleset for ``plan``, created on first use."""
        with _LOCK:
            found = self._rulesets.get(plan.signature)
            if found is not None:
                self._rulesets.move_to_end(plan.signature)
                return found
            return self.build(plan, self._group_size)

    def build(self, plan: Plan, group_size: int, strict: bool = False) -> LoadedRuleset:
        """Create (or re-create) the engine's ruleset for ``plan`` with marker groups of ``group_size``.

        A pattern with more expressions than durable-rules takes (error 113) makes it translate again
        ``strict``ly: every junction whose pattern could exceed the limit is split and lifted.
        """
        program = translate(plan, group_size, strict)
        name = f"lexgate_{plan.signature}_{next(_SERIAL)}"
        handle: int | None = None
        if program.definition:
            try:
                handle = engine.create_ruleset(name, json.dumps(program.definition, ensure_ascii=False))
            except Exception as exc:
                if _error_code(exc) == _TOO_MANY_EXPRESSIONS and not strict:
                    return self.build(plan, group_size, strict=True)
                raise ExecutorError(
                    f"durable-rules 无法创建规则集 {name}（{plan.jurisdiction}，{plan.as_of}）: {exc}"
                ) from exc
        loaded = LoadedRuleset(name, handle, program, group_size, strict)
        replaced = self._rulesets.pop(plan.signature, None)
        if replaced is not None and replaced.handle is not None:
            engine.delete_ruleset(replaced.handle)
        self._rulesets[plan.signature] = loaded
        while len(self._rulesets) > self._cache_limit:
            _, evicted = self._rulesets.popitem(last=False)
            if evicted.handle is not None:
                engine.delete_ruleset(evicted.handle)
        return loaded

    def leftover_facts(self) -> list[Any]:
        """Facts still held by any cached ruleset's session (empty between cases; for tests)."""
        with _LOCK:
            left: list[Any] = []
            for loaded in self._rulesets.values():
                if loaded.handle is not None:
                    left.extend(json.loads(engine.get_facts(loaded.handle, None)))
            return left


def _delete_all(rulesets: OrderedDict[str, LoadedRuleset]) -> None:
    with _LOCK:
        for loaded in rulesets.values():
            if loaded.handle is not None:
                engine.delete_ruleset(loaded.handle)
        rulesets.clear()


def _error_code(exc: Exception) -> int | None:
    """The C core's error code in a durable-rules exception ("…, error code: 303")."""
    found = re.search(r"error code: (\d+)", str(exc))
    return int(found[1]) if found else None
