"""Spread chunks of cases over worker processes, in bounded memory, keeping input order.

The parent only reads lines and writes results: at most ``workers × 4`` chunks are in flight,
so memory does not grow with the corpus. Where ``fork`` is available and the parent runs no other
thread (so no lock can be inherited held), workers are forked from the parent after it has loaded
both rule sets and inherit its :class:`Comparer`: no worker loads anything. Otherwise they are
started with ``spawn`` and load both rule sets once each. With one worker everything runs in-process.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from types import TracebackType

from engine import load_ruleset

from .compare import ChunkResult, Comparer
from .sources import Case

_worker: Comparer | None = None  # one per worker process: inherited (fork) or loaded (spawn)


# Comparing a chunk allocates many short-lived objects: at Python's default thresholds (700, 10, 10) the
# cyclic collector takes a good part of a worker's CPU (bench/README.md); a worker only compares chunks.
GC_THRESHOLDS = (50_000, 20, 20)


def _collect_less() -> None:
    gc.set_threshold(*GC_THRESHOLDS)


def _init(current: str, candidate: str) -> None:
    global _worker  # noqa: PLW0603 (a worker process's own state, never shared)
    _collect_less()
    _worker = Comparer(load_ruleset(current), load_ruleset(candidate))


def _run(cases: list[Case]) -> ChunkResult:
    assert _worker is not None
    return _worker.chunk(cases)


def chunks(cases: Iterable[Case], size: int) -> Iterator[list[Case]]:
    it = iter(cases)
    while batch := list(itertools.islice(it, size)):
        yield batch


def can_fork() -> bool:
    """Forking is safe only with no other thread alive: a lock one of them holds would stay held."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


class Workers:
    """The worker processes of one run: started at once, so that the caller can start them before any
    thread of its own (a progress bar's refresh thread) exists; a context manager."""

    def __init__(self, workers: int, current: Path, candidate: Path, comparer: Comparer | None) -> None:
        global _worker  # set for the forked children to inherit
        self.workers = workers
        self.pool: Pool | None = None
        self.forked = False
        if workers <= 1:
            return
        if comparer is not None and can_fork():
            _worker, self.forked = comparer, True  # what the children inherit (and a re-forked one)
            self.pool = multiprocessing.get_context("fork").Pool(workers, initializer=_collect_less)
        else:
            self.pool = multiprocessing.get_context("spawn").Pool(
                workers, initializer=_init, initargs=(str(current), str(candidate))
            )

    def __enter__(self) -> Workers:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()

    def map(self, batches: Iterable[list[Case]], on_chunk: Callable[[int], None]) -> Iterator[ChunkResult]:
        assert self.pool is not None
        pending: deque[tuple[int, AsyncResult[ChunkResult]]] = deque()
        for batch in batches:
            if len(pending) >= self.workers * 4:
                size, oldest = pending.popleft()
                on_chunk(size)
                yield oldest.get()
            pending.append((len(batch), self.pool.apply_async(_run, (batch,))))
        while pending:
            size, oldest = pending.popleft()
            on_chunk(size)
            yield oldest.get()


def run(
    cases: Iterable[Case],
    current: Path,
    candidate: Path,
    *,
    workers: int,
    chunk_size: int,
    comparer: Comparer | None = None,
    on_chunk: Callable[[int], None] = lambda n: None,
    pool: Workers | None = None,
) -> Iterator[ChunkResult]:
    """Results per chunk, in input order; ``on_chunk`` receives each chunk's size as it is read.
    ``comparer``: the rule sets already loaded (run in-process with one worker, inherited by forked
    workers); ``pool``: workers started beforehand (else they are started here)."""
    batches = chunks(cases, chunk_size)
    if workers <= 1:
        local = comparer or Comparer(load_ruleset(current), load_ruleset(candidate))
        for batch in batches:
            on_chunk(len(batch))
            yield local.chunk(batch)
        return
    if pool is not None:
        yield from pool.map(batches, on_chunk)
        return
    with Workers(workers, current, candidate, comparer) as started:
        yield from started.map(batches, on_chunk)
