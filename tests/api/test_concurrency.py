"""Several processes appending at once keep one unbroken chain; a killed writer loses nothing acknowledged."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
from pathlib import Path

from store import Store

from .writer import draft

ROOT = Path(__file__).resolve().parents[2]
WRITERS = 4
EACH = 40


def _writer(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.api.writer", *args],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _start(procs: list[subprocess.Popen[str]]) -> None:
    """Wait until every writer is ready, then let them all go at once."""
    for proc in procs:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()


def test_concurrent_writer_processes_keep_one_unbroken_chain(database_url: str) -> None:
    Store.open(database_url).close()  # migrated before the writers race
    procs = [_writer("append", database_url, str(EACH), f"w{i}") for i in range(WRITERS)]
    _start(procs)
    acknowledged: dict[str, list[str]] = {}
    for i, proc in enumerate(procs):
        with proc:
            out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        acknowledged[f"w{i}"] = out.split()
    store = Store.open(database_url)
    report = store.records.verify()
    assert report.ok, report.problems
    assert report.records == report.head_seq == WRITERS * EACH
    rows = store.records.recent(limit=WRITERS * EACH)
    assert sorted(r["seq"] for r in rows) == list(range(1, WRITERS * EACH + 1))
    for tag, ids in acknowledged.items():
        assert len(ids) == EACH
        mine = [r for r in reversed(rows) if r["actor"] == tag]
        assert [r["decision_id"] for r in mine] == ids  # each writer's records in its own order
    # the writers interleaved (otherwise this test would not test the lock)
    actors = [r["actor"] for r in sorted(rows, key=lambda r: r["seq"])]
    switches = sum(a != b for a, b in itertools.pairwise(actors))
    assert switches > WRITERS, f"the writers hardly overlapped ({switches} switches)"
    store.close()


def test_a_writer_killed_mid_stream_loses_no_acknowledged_record(database_url: str) -> None:
    Store.open(database_url).close()
    with _writer("append", database_url, "100000", "killed") as proc:
        assert proc.stdout is not None
        _start([proc])
        acknowledged = [proc.stdout.readline().strip() for _ in range(30)]
        os.kill(proc.pid, signal.SIGKILL)  # while it goes on appending: most likely inside a write
        proc.wait(timeout=60)
        acknowledged += proc.stdout.read().split()  # lines already written before the kill
    store = Store.open(database_url)
    report = store.records.verify()
    assert report.ok, report.problems
    stored = {r["decision_id"] for r in store.records.recent(limit=report.records + 1)}
    assert set(acknowledged) <= stored
    assert report.records <= len(acknowledged) + 1  # at most the one being committed as it died
    (receipt,) = store.records.append([draft("after", 0)])
    assert receipt.seq == report.head_seq + 1
    assert store.records.verify().ok
    store.close()


def test_a_writer_killed_inside_its_transaction_leaves_no_trace_and_no_lock(database_url: str) -> None:
    store = Store.open(database_url)
    (before,) = store.records.append([draft("before", 0)])
    with _writer("hold", database_url, "held") as proc:
        assert proc.stdout is not None and proc.stderr is not None
        line = proc.stdout.readline().split()
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        assert line and line[0] == "pending", proc.stderr.read()
    assert store.records.get(line[1]) is None
    (after,) = store.records.append([draft("after", 0)])  # the lock was released with the process
    assert after.seq == before.seq + 1
    report = store.records.verify()
    assert report.ok and report.records == 2
    store.close()
