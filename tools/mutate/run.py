"""The whole run: every mutant judged, on one core or several (a process pool, one judge each)."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from .judge import CAUGHT_LINT, CAUGHT_SCENARIO, EQUIVALENT, SURVIVED, Judge, Outcome

_WORKER: dict[str, Judge] = {}  # a pool worker's judge, made once by its initializer
CHUNK = 4  # mutants per task handed to a worker
# The mutants are judged in batches, each by a new pool: a worker's memory grows with the mutants it judges
# (1.3 GB after 200, 2.6 GB after the 450 of its half of all packs; not its live Python objects, nor
# durable-rules' deleted rulesets), and a new worker costs only its judge (a fork, then under a second).
# (ProcessPoolExecutor's max_tasks_per_child hung the run on Python 3.11.)
BATCH = 200
# Judging a mutant allocates millions of short-lived objects: at Python's default thresholds (700, 10, 10)
# the collector took a third of the run's CPU (bench/README.md); these make it run about 70 times less often.
GC_THRESHOLDS = (50_000, 20, 20)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    before = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


class PackScore(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    pack: str
    mutants: int
    by_scenario: int
    by_lint: int
    equivalent: int
    survived: int

    @property
    def score(self) -> float:
        """Caught (by a scenario or by lint) over the mutants that some case can tell apart."""
        judged = self.mutants - self.equivalent
        return 1.0 if judged == 0 else (self.by_scenario + self.by_lint) / judged


class MutateReport(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    digest: str
    mutants: int
    scenarios: int
    packs: tuple[PackScore, ...]
    outcomes: tuple[Outcome, ...]

    @property
    def total(self) -> PackScore:
        return _score("全部", list(self.outcomes))

    @property
    def survivors(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.verdict == SURVIVED)


def _score(pack: str, outcomes: list[Outcome]) -> PackScore:
    def count(verdict: str) -> int:
        return sum(o.verdict == verdict for o in outcomes)

    return PackScore(
        pack=pack,
        mutants=len(outcomes),
        by_scenario=count(CAUGHT_SCENARIO),
        by_lint=count(CAUGHT_LINT),
        equivalent=count(EQUIVALENT),
        survived=count(SURVIVED),
    )


def _start(root: Path, display_root: Path, features: Path, only: str | None) -> None:
    gc.set_threshold(*GC_THRESHOLDS)  # a worker only judges mutants
    _WORKER["judge"] = Judge(root, display_root, features, only)


def _judge(index: int) -> Outcome:
    return _WORKER["judge"].judge(index)


def mutate(
    root: Path,
    display_root: Path,
    features: Path,
    *,
    only: str | None = None,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
) -> MutateReport:
    """Judge every mutant of the packs under ``root`` with the scenarios under ``features``.

    Raises ValueError when the packs do not load, ``only`` names no pack, or a scenario fails on the
    unchanged packs (then no verdict would mean anything).
    """
    with _fewer_collections():
        return _mutate(root, display_root, features, only, jobs, progress)


def _mutate(
    root: Path,
    display_root: Path,
    features: Path,
    only: str | None,
    jobs: int,
    progress: Callable[[int], None] | None,
) -> MutateReport:
    judge = Judge(root, display_root, features, only)
    broken = judge.original_failures()
    if broken:
        raise ValueError("以下场景在未变异的规则上就不通过，请先改正:\n" + "\n".join(broken))
    if only is not None and only != "facts" and only not in judge.original.packs:
        raise ValueError(f"没有规则包「{only}」；可用: {'、'.join(judge.original.packs)}、facts（输入事实）")
    indices = range(len(judge.mutants))
    outcomes: list[Outcome] = []
    if jobs <= 1:
        for i in indices:
            outcomes.append(judge.judge(i))
            if progress:
                progress(1)
    else:
        for start in range(0, len(indices), BATCH):
            with ProcessPoolExecutor(
                jobs, initializer=_start, initargs=(root, display_root, features, only)
            ) as pool:
                for outcome in pool.map(_judge, indices[start : start + BATCH], chunksize=CHUNK):
                    outcomes.append(outcome)
                    if progress:
                        progress(1)
    packs = tuple(
        _score(p, [o for o in outcomes if o.pack == p]) for p in dict.fromkeys(o.pack for o in outcomes)
    )
    return MutateReport(
        digest=judge.original.digest,
        mutants=len(outcomes),
        scenarios=len(judge.scenarios),
        packs=packs,
        outcomes=tuple(outcomes),
    )


def count_mutants(root: Path, display_root: Path, features: Path, only: str | None = None) -> int:
    return len(Judge(root, display_root, features, only).mutants)
