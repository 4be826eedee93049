"""Spread chunks of cases over worker processes, in bounded memory, keeping input order.

The parent only reads lines and writes results: at most ``workers × 4`` chunks are in flight,
so memory does not grow with the corpus. Workers are started with ``spawn`` (no inherited locks
or threads) and load both rule sets once. With one worker everything runs in-process.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.pool import AsyncResult
from pathlib import Path

from engine import load_ruleset

from .compare import ChunkResult, Comparer
from .sources import Case

_worker: Comparer | None = None  # one per worker process, set by the pool initializer


def _init(current: str, candidate: str) -> None:
    global _worker  # noqa: PLW0603 (a worker process's own state, never shared)
    _worker = Comparer(load_ruleset(current), load_ruleset(candidate))


def _run(cases: list[Case]) -> ChunkResult:
    assert _worker is not None
    return _worker.chunk(cases)


def chunks(cases: Iterable[Case], size: int) -> Iterator[list[Case]]:
    it = iter(cases)
    while batch := list(itertools.islice(it, size)):
        yield batch


def run(
    cases: Iterable[Case],
    current: Path,
    candidate: Path,
    *,
    workers: int,
    chunk_size: int,
    comparer: Comparer | None = None,
    on_chunk: Callable[[int], None] = lambda n: None,
) -> Iterator[ChunkResult]:
    """Results per chunk, in input order; ``on_chunk`` receives each chunk's size as it is read."""
    batches = chunks(cases, chunk_size)
    if workers <= 1:
        local = comparer or Comparer(load_ruleset(current), load_ruleset(candidate))
        for batch in batches:
            on_chunk(len(batch))
            yield local.chunk(batch)
        return
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_init, initargs=(str(current), str(candidate))) as pool:
        pending: deque[tuple[int, AsyncResult[ChunkResult]]] = deque()
        for batch in batches:
            if len(pending) >= workers * 4:
                size, oldest = pending.popleft()
                on_chunk(size)
                yield oldest.get()
            pending.append((len(batch), pool.apply_async(_run, (batch,))))
        while pending:
            size, oldest = pending.popleft()
            on_chunk(size)
            yield oldest.get()
