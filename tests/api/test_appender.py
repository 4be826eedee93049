"""Group commit: concurrent appends share transactions, each waiter gets its own receipts."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest

from api.services.appender import GroupAppender
from store import Store
from store.records import StaleRuleSet

from .writer import draft

T = TypeVar("T")


def run_in_own_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run`` in a thread of its own: the test's thread may already run a loop (a pytest-xdist
    worker that ran the browser tests keeps Playwright's sync loop in it), and the appender must not care."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def test_concurrent_appends_are_chained_in_order_and_answered_each(database_url: str) -> None:
    store = Store.open(database_url)
    appender = GroupAppender(store.records)
    transactions: list[int] = []
    write = store.records.append_groups

    def counted(groups):  # type: ignore[no-untyped-def]
        transactions.append(len(groups))
        return write(groups)

    store.records.append_groups = counted  # type: ignore[method-assign]

    async def many() -> list[list[int]]:
        answers = await asyncio.gather(
            *(appender.append([draft("t", i), draft("t", i + 100)], None) for i in range(20))
        )
        return [[r.seq for r in receipts] for receipts in answers]

    seqs = run_in_own_loop(many())
    appender.close()
    assert sorted(s for pair in seqs for s in pair) == list(range(1, 41))
    assert all(b == a + 1 for a, b in seqs)  # a caller's drafts stay together
    # all twenty were queued before the writer ran: one transaction (asyncio runs ready tasks in order)
    assert transactions == [20]
    report = store.records.verify()
    assert report.ok and report.records == 40
    store.close()


def test_a_stale_generation_is_refused_alone(database_url: str) -> None:
    store = Store.open(database_url)
    appender = GroupAppender(store.records)
    _, generation = store.rulesets.active()

    async def mixed() -> tuple[object, object]:
        return await asyncio.gather(
            appender.append([draft("ok", 0)], generation),
            appender.append([draft("stale", 0)], generation + 1),
            return_exceptions=True,
        )

    ok, stale = run_in_own_loop(mixed())
    appender.close()
    assert isinstance(stale, StaleRuleSet)
    assert isinstance(ok, list) and ok[0].seq == 1
    assert store.records.verify().records == 1
    with pytest.raises(StaleRuleSet):
        store.records.append([draft("stale", 1)], generation=generation + 1)
    store.close()


def test_long_lived_objects_are_frozen_every_so_many_triages() -> None:
    import gc

    from api.services import gcpolicy

    policy = gcpolicy.FreezePolicy()
    gc.unfreeze()
    policy.tick(gcpolicy.EVERY - 1)
    assert gc.get_freeze_count() == 0
    kept = [object() for _ in range(10)]  # noqa: F841 - alive at the freeze
    policy.tick()
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
