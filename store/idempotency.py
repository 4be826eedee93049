"""Idempotency keys: the first answer to a holder's ``Idempotency-Key`` on a route, kept for a window.

A request with a key first *claims* it: one insert, which the primary key (holder, route, key) lets
only one request win on any number of workers and either back end. The winner runs and stores its
answer; a retry with the same body gets that answer back, one with a different body is refused, and
one that comes while the first is still running is told so. A claim older than the window is
taken over. If a worker dies between recording and storing the answer, the claim stays unanswered
until the window ends (retries are then told that the first request is still running, and no
second record is made).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Engine, and_, delete, insert, select, update
from sqlalchemy.exc import IntegrityError

from .db import write_transaction
from .ledger import utc_now
from .schema import idempotency

WINDOW = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Earlier:
    """The claim made before: its body's digest and, once answered, the answer."""

    body_sha256: str
    status: int | None
    answer: str | None


class IdempotencyStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _where(self, holder_id: str, route: str, key: str) -> ColumnElement[bool]:
        return and_(
            idempotency.c.holder_id == holder_id, idempotency.c.route == route, idempotency.c.key == key
        )

    def claim(self, holder_id: str, route: str, key: str, body_sha256: str) -> Earlier | None:
        """None: this request holds the key now (run it, then :meth:`answer` or :meth:`release`).
        Otherwise the earlier claim, still within the window."""
        row = {"holder_id": holder_id, "route": route, "key": key, "body_sha256": body_sha256}
        for _ in range(3):  # a claim that expired is deleted and claimed again (a race may intervene)
            try:
                with write_transaction(self.engine) as conn:
                    conn.execute(insert(idempotency).values(**row, created_at=utc_now()))
                return None
            except IntegrityError:
                pass
            with self.engine.connect() as conn:
                found = conn.execute(select(idempotency).where(self._where(holder_id, route, key))).first()
            if found is None:
                continue
            created = dt.datetime.fromisoformat(found.created_at)
            if dt.datetime.now(dt.UTC) - created < WINDOW:
                return Earlier(found.body_sha256, found.status, found.answer)
            with write_transaction(self.engine) as conn:
                conn.execute(
                    delete(idempotency).where(
                        self._where(holder_id, route, key), idempotency.c.created_at == found.created_at
                    )
                )
        raise RuntimeError(f"idempotency key {key!r} could not be claimed")

    def answer(self, holder_id: str, route: str, key: str, status: int, answer: str) -> None:
        with write_transaction(self.engine) as conn:
            conn.execute(
                update(idempotency)
                .where(self._where(holder_id, route, key))
                .values(status=status, answer=answer)
            )

    def release(self, holder_id: str, route: str, key: str) -> None:
        """The claimed request failed before recording anything: a retry may run it again."""
        with write_transaction(self.engine) as conn:
            conn.execute(delete(idempotency).where(self._where(holder_id, route, key)))
