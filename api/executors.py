"""Which executor the API runs: ``LEXGATE_EXECUTOR``, else the engine's default (durable)."""

from __future__ import annotations

from engine import Executor, get_executor


def single_executor(name: str | None) -> Executor:
    """The executor of ``POST /v1/triage`` (batch always uses compiled: ``settings.BATCH_EXECUTOR``)."""
    return get_executor(name)
