"""Which executor the API runs: the setting, else the engine's default (durable for single triage)."""

from __future__ import annotations

import logging

from engine.executors import Executor, get_executor

log = logging.getLogger("lexgate.api")


def single_executor(name: str | None) -> Executor:
    """The executor of ``POST /v1/triage``.

    While this checkout has no durable executor module yet (it is written on its own branch), the
    default falls back to compiled, said once in the log; a name set explicitly never falls back."""
    if name is not None:
        return get_executor(name)
    try:
        return get_executor()
    except ModuleNotFoundError as exc:
        if exc.name != "engine.executors.durable":
            raise
        log.warning(
            "本检出尚无 durable 执行器模块，单案分流改用 compiled 执行器（可用 LEXGATE_EXECUTOR 指定）"
        )
        return get_executor("compiled")
