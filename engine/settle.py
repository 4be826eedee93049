"""The one evaluation loop: a plan's conclusions settled in dependency order.

Each conclusion (a decision, a derived fact, a warning) is the Kleene OR of its rules: true if one
of them holds, unknown if none holds but one is unknown, else false. A derived fact declared
``also_input`` takes the handler's value when one is given. Every way of deciding a plan goes
through :func:`settle` — the compiled executor with its closures, the explanation pass with its
recording closures, and relevance (which facts can still matter) with ``open_inputs``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .language.semantics import Env, Tri
from .plan import Plan, Step

Check = Callable[[Env], Tri]
Concluded = Callable[[int, Tri], None]  # (position of the conclusion in the plan, its value)


@dataclass(frozen=True)
class Verdicts:
    """Three-valued results: one per rule of the plan (by index) and one per conclusion key."""

    rules: Sequence[Tri]
    values: Mapping[str, Tri]

    def fired(self, plan: Plan) -> list[str]:
        """Ids of the rules that definitely hold, in plan order."""
        return [r.id for r in plan.rules if self.rules[r.index] is True]


def settle(
    steps: Sequence[Step],
    checks: Sequence[Check],
    facts: Mapping[str, Any],
    *,
    open_inputs: bool = False,
    concluded: Concluded | None = None,
) -> Verdicts:
    """Decide every rule (``checks[index]``) and conclusion (``steps``, dependencies first).

    ``open_inputs``: a conclusion the handler may give directly but did not stays unknown instead of
    following its rules (relevance asks what the handler could still change). ``concluded`` is told
    each conclusion's value as it is settled.
    """
    env: dict[str, Any] = dict(facts)
    verdicts: list[Tri] = [None] * len(checks)
    for position, (key, given_id, indexes) in enumerate(steps):
        holds = unknown = False
        for index in indexes:
            v = checks[index](env)
            verdicts[index] = v
            if v is True:
                holds = True
            elif v is None:
                unknown = True
        value: Tri = True if holds else (None if unknown else False)
        if given_id is not None:
            given = facts.get(given_id)
            if given is not None:
                value = bool(given)
            elif open_inputs:
                value = None
        env[key] = value
        if concluded is not None:
            concluded(position, value)
    return Verdicts(verdicts, env)
