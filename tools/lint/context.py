"""What every analysis reads: the compiled rule set, its resolved definitions, and per-plan formulas."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from engine import Location, RuleProblem, RuleSet
from engine.toolkit import Condition, Definitions, Namer, RuleDef, condition_text, describe_value

from .logic import Domain, Formula, Solver, Store, witness
from .plans import Stretch, all_stretches
from .translate import ABSENT_PREFIX, Translator, initial_domains, value_order

T = TypeVar("T")

# Search steps: per question, and for a whole lint run. Deterministic (never a clock), and far
# above what real packs need (seven packs with 66 rules took under 300 steps in all).
QUERY_STEPS = 20_000
TOTAL_STEPS = 2_000_000


@dataclass
class PlanMemo:
    """What checks found per plan, kept across rule sets analysed one after another with the same
    vocabulary (lexgate mutate's mutants, most of whose plans are the unchanged packs' own): ``key``
    names a stretch's plan by its contents (``None``: a plan not to keep), ``found`` is by check and key."""

    key: Callable[[Stretch], str | None]
    found: dict[tuple[str, str], Any] = field(default_factory=dict)


@dataclass
class Context:
    ruleset: RuleSet
    resolved: Definitions
    stretches: list[Stretch] = field(default_factory=list)
    initial: dict[str, Domain] = field(default_factory=dict)
    order: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    _translators: dict[int, Translator] = field(default_factory=dict)
    _sat: dict[Formula, bool | None] = field(default_factory=dict)
    steps_left: int = -1  # set from TOTAL_STEPS when the context is made
    memo: PlanMemo | None = None  # what checks found on plans of an earlier rule set, where equal

    @classmethod
    def of(
        cls,
        ruleset: RuleSet,
        resolved: Definitions,
        memo: PlanMemo | None = None,
        stretches: list[Stretch] | None = None,
    ) -> Context:
        """``stretches``: the rule set's :func:`all_stretches`, where the caller has them already."""
        vocab = ruleset.vocabulary
        found = all_stretches(ruleset) if stretches is None else list(stretches)
        ctx = cls(ruleset, resolved, found, initial_domains(vocab), value_order(vocab))
        ctx.steps_left = TOTAL_STEPS
        ctx.memo = memo
        return ctx

    def per_plan(self, check: str, stretch: Stretch, find: Callable[[], T]) -> T:
        """``find()`` on ``stretch``, or what it found on an equal plan before (never kept when the
        run's search budget ran out meanwhile: what it found then may be undecided)."""
        key = None if self.memo is None else self.memo.key(stretch)
        if self.memo is None or key is None:
            return find()
        if (check, key) in self.memo.found:
            return cast(T, self.memo.found[check, key])
        found = find()
        if not self.exhausted:
            self.memo.found[check, key] = found
        return found

    def translator(self, stretch: Stretch) -> Translator:
        key = id(stretch)
        found = self._translators.get(key)
        if found is None:
            found = self._translators[key] = Translator(stretch.plan, self.ruleset.vocabulary)
        return found

    def satisfiable(self, f: Formula) -> bool | None:
        """Memoised: the same national rule recurs in every jurisdiction that keeps its parameters."""
        if f not in self._sat:
            if self.steps_left <= 0:
                return None  # the run's budget is spent: undecided, hence no finding
            solver = Solver(self.initial, budget=min(QUERY_STEPS, self.steps_left))
            self._sat[f] = solver.satisfiable(f)
            self.steps_left -= solver.steps
        return self._sat[f]

    @property
    def exhausted(self) -> bool:
        return self.steps_left <= 0

    def example(self, f: Formula) -> dict[str, Any] | None:
        """A complete-enough case satisfying ``f`` (facts it leaves open are omitted)."""
        found = Solver(self.initial).model(f)
        if not isinstance(found, Store):
            return None
        case = witness(found, self.initial, self.order)
        for key in [k for k in case if k.startswith(ABSENT_PREFIX)]:
            given = not case.pop(key)
            fact = key.removeprefix(ABSENT_PREFIX)
            if not given:
                case.pop(fact, None)
        return case

    # ---- wording

    def namer(self, stretch: Stretch | None = None) -> Namer:
        return Namer(self.ruleset.vocabulary, stretch.scope if stretch else None)

    def text(self, condition: Condition, stretch: Stretch) -> str:
        return condition_text(condition, stretch.plan.params, self.namer(stretch))

    def case_text(self, case: Mapping[str, Any]) -> str:
        vocab = self.ruleset.vocabulary
        parts = []
        for fact_id in sorted(case, key=lambda f: [x.id for x in vocab.facts].index(f) if f in vocab else 99):
            fact = vocab.get(fact_id)
            label = fact.label if fact is not None else fact_id
            parts.append(f"{label}={describe_value(fact, case[fact_id])}")
        return "，".join(parts)

    def rule(self, rule_id: str) -> RuleDef:
        return self.ruleset.rules[rule_id][0]

    def where(self, node: Any) -> Location:
        at = getattr(node, "at", None)
        return at if isinstance(at, Location) else Location(self.ruleset.root)


def finding(
    code: str,
    message: str,
    at: Location,
    *,
    fix: str,
    severity: str,
    rule: str | None = None,
    related_rules: Iterable[str] = (),
    related: Iterable[Location] = (),
) -> RuleProblem:
    return RuleProblem(
        code,
        message,
        at,
        fix,
        rule,
        severity,
        tuple(related),
        tuple(related_rules),
    )


def jurisdictions_text(stretches: Iterable[Stretch]) -> str:
    names = list(dict.fromkeys(s.scope.jurisdiction for s in stretches))
    return "、".join(names)
