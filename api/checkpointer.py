"""Signing checkpoints while the service runs: after ``checkpoint_every`` new records, or
``checkpoint_seconds`` after the first record not yet in a checkpoint (store/checkpoints.py).

Every worker runs one; the checkpoint file's lock and its last line make sure that a checkpoint is
written only when the records grew since the last one, whichever worker writes it."""

from __future__ import annotations

import asyncio
import logging
import time

from starlette.concurrency import run_in_threadpool

from store import Store
from store.checkpoints import CheckpointLog, Leaves, load_private_key

from .metrics import CHECKPOINTS
from .settings import Settings

log = logging.getLogger("lexgate.api")
TICK = 1.0  # seconds between looks at the chain's head (one single-row read)


class Checkpointer:
    def __init__(self, settings: Settings, store: Store) -> None:
        assert settings.checkpoint_key is not None and settings.checkpoint_file is not None
        self.key = load_private_key(settings.checkpoint_key)
        self.log = CheckpointLog(settings.checkpoint_file)
        self.leaves = Leaves(store.engine)
        self.every = settings.checkpoint_every
        self.seconds = settings.checkpoint_seconds
        self.written = 0  # checkpoints this worker wrote (metrics)

    def last_size(self) -> int:
        known = self.log.read()
        return known[-1].size if known else 0

    def due(self, head: int, last: int, waiting_since: float | None) -> bool:
        if head - last >= self.every:
            return True
        return head > last and waiting_since is not None and time.monotonic() - waiting_since >= self.seconds

    async def run(self) -> None:
        last = await run_in_threadpool(self.last_size)
        waiting_since: float | None = None
        while True:
            await asyncio.sleep(TICK)
            try:
                head = await run_in_threadpool(self.leaves.head_size)
                if head > last and waiting_since is None:
                    waiting_since = time.monotonic()
                if self.due(head, last, waiting_since):
                    made = await run_in_threadpool(self.log.append_if_grown, self.key, self.leaves)
                    if made is not None:
                        self.written += 1
                        CHECKPOINTS.inc()
                    last = await run_in_threadpool(self.last_size)
                    waiting_since = None
            except Exception:  # the database or the file failed: say so, try again at the next tick
                log.exception("checkpoint failed")
