"""What one explanation reads: the plan, the case's facts, the recorded trace, the names."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..caches import PreparedPlan
from ..compact_trace import CompactTrace
from ..model import FactDef
from ..naming import Namer
from ..plan import Plan
from .texts import Texts


@dataclass(frozen=True)
class Context:
    prepared: PreparedPlan
    plan: Plan  # the prepared plan on the case's own ``as_of``
    facts: Mapping[str, Any]
    trace: CompactTrace
    namer: Namer
    texts: Texts

    @classmethod
    def of(
        cls,
        prepared: PreparedPlan,
        plan: Plan,
        facts: Mapping[str, Any],
        trace: CompactTrace,
        namer: Namer,
    ) -> Context:
        return cls(prepared, plan, facts, trace, namer, Texts(prepared, namer))

    def fact_def(self, fact_id: str) -> FactDef | None:
        return self.namer.vocabulary.get(fact_id)
