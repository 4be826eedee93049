"""The Chinese texts of an explanation that depend on the plan alone, each made once per plan."""

from __future__ import annotations

from collections.abc import Iterable

from ..caches import PreparedPlan
from ..language.nodes import Condition, DecisionTest, FactTest, SumTest
from ..language.wording import condition_text, sum_text, test_text
from ..naming import Namer


class Texts:
    def __init__(self, prepared: PreparedPlan, namer: Namer) -> None:
        self.memo = prepared.memo
        self.params = prepared.plan.params
        self.namer = namer
        self._facts: dict[str, str] = prepared.memo.get("fact-labels", dict)
        self._decisions: dict[str, str] = prepared.memo.get("decision-labels", dict)

    def expression(self, condition: Condition) -> str:
        return self.memo.of_node(
            "expr", condition, lambda: condition_text(condition, self.params, self.namer)
        )

    def test(self, cond: FactTest | DecisionTest | SumTest, negated: bool) -> str:
        kind = "not-test" if negated else "test"
        return self.memo.of_node(kind, cond, lambda: test_text(cond, self.params, self.namer, negated))

    def sum(self, cond: SumTest) -> str:
        return self.memo.of_node("sum", cond, lambda: sum_text(cond, self.params, self.namer))

    def fact_label(self, name: str) -> str:
        found = self._facts.get(name)
        if found is None:
            found = self._facts[name] = self.namer.fact_label(name)
        return found

    def decision_label(self, name: str) -> str:
        found = self._decisions.get(name)
        if found is None:
            found = self._decisions[name] = self.namer.decision_label(name)
        return found

    def ordered(self, fact_ids: Iterable[str]) -> list[str]:
        """Facts in vocabulary order, as the form and the questions list them."""
        vocabulary = self.namer.vocabulary
        order = self.memo.get("fact-order", lambda: {f.id: i for i, f in enumerate(vocabulary.facts)})
        return sorted(fact_ids, key=lambda f: (order.get(f, 10_000), f))
