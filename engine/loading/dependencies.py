"""The conclusions of one jurisdiction and what each depends on: its rules' conditions read derived facts
and decisions. The ``check`` stage reports cycles; the ``build`` stage orders conclusions so that
dependencies come first."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from ..language.nodes import Condition
from ..language.semantics import decision_key, warning_key
from ..language.visitor import reads
from ..model import RuleDef
from ..plan import conclusion_of
from ..plan_parts import kept
from .definitions import Definitions


def scope_rules(found: Definitions, path: tuple[str, ...]) -> list[tuple[RuleDef, str]]:
    """The rules of the packs on ``path``, replaced rules left out."""
    on_path = [(rule, pid) for pid in path for rule in found.packs[pid].rules]
    replaced = {rule.replaces for rule, _ in on_path if rule.replaces}
    return [(rule, pid) for rule, pid in on_path if rule.id not in replaced]


def referenced_conclusions(condition: Condition, derived: Mapping[str, object]) -> Iterator[str]:
    """Keys of the derived facts and decisions a condition depends on."""
    for read in kept("reads", (condition,), (), lambda: tuple(reads(condition))):
        if read.kind == "decision":
            yield decision_key(read.id)
        elif read.id in derived:
            yield read.id


def dependency_graph(
    found: Definitions, path: tuple[str, ...]
) -> tuple[list[str], dict[str, list[tuple[str, RuleDef]]]]:
    """Conclusion keys in declaration order, and for each the conclusions its rules depend on (made
    once per path: the ``check`` and ``build`` stages both read it)."""
    made = found.graphs.get(path)
    if made is None:
        made = found.graphs[path] = _dependency_graph(found, path)
    return made


def _dependency_graph(
    found: Definitions, path: tuple[str, ...]
) -> tuple[list[str], dict[str, list[tuple[str, RuleDef]]]]:
    derived_ids = dict.fromkeys(d for d, (_, owner) in found.derived.items() if owner in path)
    keys: list[str] = []
    for pid in path:
        pack = found.packs[pid]
        keys += [decision_key(d.id) for d in pack.decisions]
        keys += [d.id for d in pack.derived]
    rules = scope_rules(found, path)
    keys += [warning_key(r.id) for r, _ in rules if r.kind == "warning"]
    edges: dict[str, list[tuple[str, RuleDef]]] = {k: [] for k in keys}
    for rule, _ in rules:
        if rule.kind == "exception":
            targets = [found.rules[t][0] for t in rule.exception_to or () if t in found.rules]
            owners = [conclusion_of(t) for t in targets if t.kind != "exception"]
        else:
            owners = [conclusion_of(rule)]
        for owner in owners:
            for dep in referenced_conclusions(rule.when, derived_ids):
                edges.setdefault(owner, []).append((dep, rule))
    return keys, edges


def find_cycles(
    keys: list[str], edges: Mapping[str, list[tuple[str, RuleDef]]]
) -> list[tuple[list[str], RuleDef]]:
    """Each cycle of the dependency graph, with a rule that closes it (depth-first search)."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []
    cycles: list[tuple[list[str], RuleDef]] = []

    def visit(key: str) -> None:
        state[key] = 1
        stack.append(key)
        for dep, rule in edges.get(key, ()):
            if state.get(dep) == 1:
                cycles.append(([*stack[stack.index(dep) :], dep], rule))
            elif state.get(dep) is None:
                visit(dep)
        stack.pop()
        state[key] = 2

    for key in keys:
        if state.get(key) is None:
            visit(key)
    return cycles


def topological(keys: list[str], edges: Mapping[str, list[tuple[str, RuleDef]]]) -> tuple[str, ...]:
    order: list[str] = []
    done: set[str] = set()

    def place(key: str, trail: frozenset[str]) -> None:
        if key in done or key in trail:
            return
        for dep, _ in edges.get(key, ()):
            place(dep, trail | {key})
        done.add(key)
        order.append(key)

    for key in keys:
        place(key, frozenset())
    return tuple(order)
