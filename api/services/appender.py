"""Group commit: the appends that arrive while one is being written go together in the next one.

Each worker has one writer thread. A request awaits its append; the writer takes everything queued
so far into one transaction (one lock, one fsync on SQLite's ``synchronous=FULL``, one WAL flush on
PostgreSQL), then answers every waiter. The event loop meanwhile goes on evaluating other
requests, so the disk's flush time overlaps with evaluation instead of adding to it. A waiter is
answered only after the commit, as before.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor

from store.records import Draft, Receipt, RecordStore, StaleRuleSet

from ..metrics import GROUP_SIZE, GROUP_WAIT

Entry = tuple[Sequence[Draft], int | None, "asyncio.Future[list[Receipt]]", float]


class GroupAppender:
    def __init__(self, records: RecordStore) -> None:
        self.records = records
        self._queue: list[Entry] = []
        self._draining = False
        self._task: asyncio.Task[None] | None = None  # kept: the loop holds tasks only weakly
        # CPython's switch interval stays at its default: a shorter one (tried: 0.5 ms) let the writer
        # take the GIL back sooner after each database call but cost ~10 % more CPU per request,
        # and CPU is what limits the worker (bench/README.md).
        self._writer = ThreadPoolExecutor(1, thread_name_prefix="lexgate-writer")

    async def append(self, drafts: Sequence[Draft], generation: int | None) -> list[Receipt]:
        """Receipts once committed; raises StaleRuleSet when ``generation`` is no longer active."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[list[Receipt]] = loop.create_future()
        self._queue.append((drafts, generation, future, time.perf_counter()))
        if not self._draining:
            self._draining = True
            self._task = loop.create_task(self._drain())
        return await future

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._queue:
                batch, self._queue = self._queue, []
                groups = [(drafts, generation) for drafts, generation, _, _ in batch]
                try:
                    outcomes = await loop.run_in_executor(self._writer, self.records.append_groups, groups)
                except Exception as exc:  # the database failed: every waiter learns it, none is acknowledged
                    for _, _, future, _ in batch:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                done = time.perf_counter()
                GROUP_SIZE.observe(len(batch))
                for (_, _, future, arrived), outcome in zip(batch, outcomes, strict=True):
                    GROUP_WAIT.observe(done - arrived)
                    if future.done():  # the client went away; its record is committed all the same
                        continue
                    if isinstance(outcome, StaleRuleSet):
                        future.set_exception(outcome)
                    else:
                        future.set_result(outcome)
        finally:
            self._draining = False

    def close(self) -> None:
        self._writer.shutdown(wait=True)
