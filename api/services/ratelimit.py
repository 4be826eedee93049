"""A per-client sliding-window limit for the public 码上评 endpoints (no key there to hold anyone to).

Per process: with several workers a client gets the limit once per worker, still far too few
guesses for a 192-bit token. The client is the connection's address (behind a proxy, the proxy's).
"""

from __future__ import annotations

import threading
import time
from collections import deque

from ..errors import ApiError


class RateLimit:
    def __init__(self, per_minute: int, window: float = 60.0) -> None:
        self.per_minute = per_minute
        self.window = window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Count one request of ``client``; raise 429 when it is over the limit."""
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 100_000:  # bounded memory under a flood of addresses
                self._seen.clear()
            times = self._seen.setdefault(client, deque())
            while times and times[0] <= now - self.window:
                times.popleft()
            if len(times) >= self.per_minute:
                wait = int(times[0] + self.window - now) + 1
                raise ApiError(
                    429,
                    "too_many_requests",
                    f"请求过于频繁：每分钟最多 {self.per_minute} 次",
                    suggestion=f"请 {wait} 秒后再试",
                    headers={"Retry-After": str(wait)},
                )
            times.append(now)
