"""Keeping CPython's full garbage collections short in a long-running worker.

The rule set, its plans and the executors' and explanations' per-plan caches are hundreds of
thousands of long-lived objects; every full (generation 2) collection walks all of them —
measured 190–330 ms on the 宜春 packs, a pause of the worker's event loop that showed as the p99.
After start-up, and every ``EVERY`` triages, the young generations are collected (so that a
request's cyclic garbage is not kept) and everything alive is moved to the permanent generation
(``gc.freeze``), which collections skip. Objects frozen this way are still freed by reference
counting; only cycles among them stay, and caches are what survives.
"""

from __future__ import annotations

import gc
import threading

EVERY = 200


class FreezePolicy:
    def __init__(self) -> None:
        self._count = 0
        self._lock = threading.Lock()

    def freeze(self) -> None:
        gc.collect(1)
        gc.freeze()

    def tick(self, n: int = 1) -> None:
        with self._lock:
            self._count += n
            due = self._count >= EVERY
            if due:
                self._count = 0
        if due:
            self.freeze()
