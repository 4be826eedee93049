"""Chinese names of facts, derived facts, decisions and parameters within one jurisdiction."""

from __future__ import annotations

from dataclasses import dataclass

from .scope import Scope
from .vocabulary import Vocabulary


@dataclass(frozen=True)
class Namer:
    """Names as a case handler reads them (``engine.language.wording.Naming``)."""

    vocabulary: Vocabulary
    scope: Scope | None = None

    def fact_label(self, fact_id: str) -> str:
        if self.scope is not None and fact_id in self.scope.derived:
            return self.scope.derived[fact_id].label
        fact = self.vocabulary.get(fact_id)
        return fact.label if fact is not None else fact_id

    def unit(self, fact_id: str) -> str:
        fact = self.vocabulary.get(fact_id)
        if fact is None:
            return ""
        return " 元" if fact.type == "money" else (f" {fact.unit}" if fact.unit else "")

    def decision_label(self, decision_id: str) -> str:
        if self.scope is not None:
            for view in self.scope.decisions:
                if view.id == decision_id:
                    return view.label
        return decision_id

    def param_label(self, param_id: str) -> str:
        if self.scope is not None and param_id in self.scope.parameter_defs:
            return self.scope.parameter_defs[param_id].label
        return param_id
