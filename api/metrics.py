"""Prometheus metrics (``GET /metrics``), counted in every worker and summed over them.

With ``lexgate serve --workers N`` every worker is its own process: ``lexgate serve`` then points
``PROMETHEUS_MULTIPROC_DIR`` at a fresh directory before the workers start, each worker writes its
samples there, and ``/metrics`` (answered by any worker) adds them up (prometheus-client's multiprocess
mode). With one process (tests, ``--workers 1``) the process's own registry is read.

Labels are route templates, statuses and error codes: never a path with an id in it, a query or a fact.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client import multiprocess as _multiprocess

REQUESTS = Counter("lexgate_requests", "Answered requests", ["route", "method", "status"])
LATENCY = Histogram(
    "lexgate_request_seconds",
    "Time to answer, by route (the triage routes include evaluation and the record's commit)",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
GROUP_SIZE = Histogram(
    "lexgate_group_commit_size", "Appends committed together", buckets=(1, 2, 4, 8, 16, 32, 64, 128)
)
GROUP_WAIT = Histogram(
    "lexgate_group_commit_wait_seconds",
    "From an append's arrival to its commit",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1),
)
CHAIN_LENGTH = Gauge("lexgate_chain_length", "Decision records in the chain", multiprocess_mode="max")
RELOADS = Counter("lexgate_rule_reloads", "Rule reloads", ["outcome"])
REJECTED = Counter("lexgate_rejected_requests", "Requests refused, by error code", ["reason"])
CHECKPOINTS = Counter("lexgate_checkpoints_written", "Signed checkpoints written")


def exposition(chain_length: int | None) -> tuple[bytes, str]:
    """The metrics text of every worker (the chain's length read at this scrape)."""
    if chain_length is not None:
        CHAIN_LENGTH.set(chain_length)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        _multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST
