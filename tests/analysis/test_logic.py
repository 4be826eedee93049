"""The satisfiability search agrees with brute force on random formulas over small domains."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tools.lint.logic import (
    And,
    Bound,
    Choice,
    Const,
    Formula,
    Interval,
    Linear,
    Member,
    Or,
    Solver,
    SomeOf,
    Store,
    choice,
    linear,
    negate,
    witness,
)

BOOL = frozenset({True, False})
ENUM = frozenset({"x", "y", "z"})
SET = ("p", "q", "r")
LIMITS = (0.0, 5.0, 10.0)
INITIAL: dict[str, Any] = {"m": Interval(lo=0.0), "n": Interval(lo=0.0, integer=True)}
# every region between and at the limits, for the money fact m and the integer fact n
M_POINTS = (0.0, 2.5, 5.0, 7.5, 10.0, 12.5)
N_POINTS = tuple(float(i) for i in range(12))
OPS = ("ge", "gt", "le", "lt", "eq", "ne")

atoms = st.one_of(
    st.builds(lambda v: choice("b", {v}, BOOL), st.booleans()),
    st.builds(lambda vs: choice("e", vs, ENUM), st.sets(st.sampled_from(sorted(ENUM)))),
    st.builds(lambda i, p: Member("s", i, p), st.sampled_from(SET), st.booleans()),
    st.builds(lambda items: SomeOf("s", frozenset(items)), st.sets(st.sampled_from(SET), min_size=1)),
    st.builds(Bound, st.sampled_from(("m", "n")), st.sampled_from(OPS), st.sampled_from(LIMITS)),
)


def _tree(children: st.SearchStrategy[Formula]) -> st.SearchStrategy[Formula]:
    parts = st.lists(children, min_size=1, max_size=3).map(tuple)
    return st.one_of(parts.map(And), parts.map(Or), children.map(negate))


formulas = st.recursive(atoms, _tree, max_leaves=10)


def holds(f: Formula, case: dict[str, Any]) -> bool:
    if isinstance(f, Const):
        return f.value
    if isinstance(f, And):
        return all(holds(p, case) for p in f.parts)
    if isinstance(f, Or):
        return any(holds(p, case) for p in f.parts)
    if isinstance(f, Choice):
        return case[f.var] in f.allowed
    if isinstance(f, Member):
        return (f.item in case[f.var]) is f.present
    if isinstance(f, SomeOf):
        return bool(f.items & case[f.var])
    if isinstance(f, Bound):
        return _cmp(case[f.var], f.op, f.limit)
    assert isinstance(f, Linear)
    return _cmp(sum(c * case[v] for v, c in f.terms), f.op, f.limit)


def _cmp(a: float, op: str, b: float) -> bool:
    return {"ge": a >= b, "gt": a > b, "le": a <= b, "lt": a < b, "eq": a == b, "ne": a != b}[op]


def cases() -> list[dict[str, Any]]:
    sets = [frozenset(c) for r in range(4) for c in itertools.combinations(SET, r)]
    return [
        {"b": b, "e": e, "s": s, "m": m, "n": n}
        for b, e, s, m, n in itertools.product(sorted(BOOL), sorted(ENUM), sets, M_POINTS, N_POINTS)
    ]


ALL_CASES = cases()


@settings(max_examples=300, deadline=None)
@given(formulas)
def test_search_is_exact_without_sums(f: Formula) -> None:
    found = Solver(INITIAL).model(f)
    assert found is not False  # small formulas never exhaust the budget
    brute = any(holds(f, c) for c in ALL_CASES)
    assert (found is not None) == brute
    if isinstance(found, Store):
        example = {"b": True, "e": "x", "s": frozenset(), "m": 0.0, "n": 0.0}
        example.update(witness(found, INITIAL, {}))
        assert holds(f, example), example


@settings(max_examples=200, deadline=None)
@given(formulas, st.sampled_from(("ge", "gt", "le", "lt")), st.sampled_from((4.0, 15.0, 30.0)))
def test_sums_never_make_a_satisfiable_formula_unsatisfiable(f: Formula, op: str, limit: float) -> None:
    g = And((f, linear((("m", 1.0), ("n", 2.0)), op, limit)))  # type: ignore[arg-type]
    if any(holds(g, c) for c in ALL_CASES):
        assert Solver(INITIAL).satisfiable(g) is not False


def test_single_term_sum_is_an_exact_bound() -> None:
    assert linear((("m", 3.0),), "ge", 150.0) == Bound("m", "ge", 50.0)
    assert (
        Solver(INITIAL).satisfiable(And((Bound("m", "lt", 50.0), linear((("m", 3.0),), "ge", 150.0))))
        is False
    )


def test_a_sum_and_its_negation_cannot_hold_together() -> None:
    """Sums of the same terms are one number between bounds: exact, though each alone is checked only
    against its terms' bounds (``lexgate mutate`` asks "holds on one side, fails on the other")."""
    total = linear((("m", 1.0), ("n", 2.0)), "ge", 30.0)
    assert Solver(INITIAL).satisfiable(And((total, negate(total)))) is False
    at_most = linear((("m", 1.0), ("n", 2.0)), "le", 30.0)
    assert Solver(INITIAL).satisfiable(And((total, at_most))) is True


def test_budget_exhaustion_is_undecided_not_unsatisfiable() -> None:
    # 10 × 10 alternatives, each refuted only once both are chosen
    n_small = Or(tuple(Bound("n", "eq", float(i)) for i in range(10)))
    m_small = Or(tuple(Bound("m", "eq", float(i)) for i in range(10)))
    hard = And((n_small, m_small, linear((("n", 1.0), ("m", 1.0)), "ge", 100.0)))
    assert Solver(INITIAL, budget=5).satisfiable(hard) is None
    assert Solver(INITIAL).satisfiable(hard) is False
