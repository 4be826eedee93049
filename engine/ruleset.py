"""The compiled rule set: every pack of a rules directory, checked and combined; identified by a digest.

A :class:`RuleSet` is immutable. For a jurisdiction it has a :class:`~engine.scope.Scope` (the packs
on the path 全国 → 省 → 市); for an ``as_of`` date that scope's :class:`~engine.plan.Plan` is what
executors run. Plans and what is derived from them are kept in the rule set's ``caches``
(``engine.caches``), the one place the engine remembers anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .caches import Caches, PreparedPlan
from .errors import FactProblem, InputInvalid, did_you_mean
from .model import RuleDef
from .plan import Plan
from .scope import Pack, Scope
from .vocabulary import Vocabulary


@dataclass(frozen=True, repr=False)
class RuleSet:
    """Every pack of a rules directory, checked and combined; identified by ``digest``."""

    root: str
    digest: str
    bundle: Mapping[str, str]  # relative path -> file text: what the digest covers
    vocabulary: Vocabulary
    packs: Mapping[str, Pack]
    scopes: Mapping[str, Scope]
    rules: Mapping[str, tuple[RuleDef, str]]  # every rule of every pack, with its pack id
    caches: Caches = field(default_factory=Caches, compare=False)

    def __repr__(self) -> str:  # the whole tree is megabytes: a failing test's report shows this
        return f"RuleSet({self.digest[:19]}…, {len(self.packs)} packs)"

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """What hypothesis and IPython print: they walk a dataclass's fields instead of calling ``repr``."""
        printer.text(repr(self))

    @property
    def jurisdictions(self) -> list[str]:
        return list(self.scopes)

    def scope(self, jurisdiction: str) -> Scope:
        try:
            return self.scopes[jurisdiction]
        except KeyError:
            known = "、".join(self.scopes)
            raise InputInvalid(
                [
                    FactProblem(
                        "unknown_jurisdiction",
                        "jurisdiction",
                        f"未知的管辖地 '{jurisdiction}'",
                        value=jurisdiction,
                        allowed=known,
                        suggestion=did_you_mean(jurisdiction, self.scopes),
                    )
                ]
            ) from None

    def plan(self, jurisdiction: str, as_of: dt.date) -> Plan:
        """The plan of ``jurisdiction`` on ``as_of`` (raises ``ParameterNotInForce`` when a rule in force
        needs a parameter without a value on that date)."""
        return self.caches.plan(self.scope(jurisdiction), as_of)

    def prepared(self, plan: Plan) -> PreparedPlan:
        """The executable forms of ``plan`` (made once per stretch of dates)."""
        return self.caches.prepared(plan)
