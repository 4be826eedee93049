"""Executors decide a plan's rules for one case. All of them must agree on every outcome.

* ``durable`` — durable-rules (Rete) does the matching and the chaining; the default for single
  triage where it imports (CPython < 3.13);
* ``compiled`` — closures in plain Python; for bulk work and wherever durable-rules is missing.
"""

from __future__ import annotations

import sys
import threading

from ..settle import Verdicts
from .base import Executor, interpret
from .compiled import CompiledExecutor

__all__ = [
    "EXECUTORS",
    "Executor",
    "Verdicts",
    "default_executor_name",
    "durable_available",
    "get_executor",
    "interpret",
]

EXECUTORS = ("durable", "compiled")
_instances: dict[str, Executor] = {}
_lock = threading.Lock()
_fallback_announced: list[str] = []  # said once per process


def durable_available() -> tuple[bool, str]:
    try:
        import durable_rules_engine  # noqa: F401
    except ImportError as exc:  # e.g. CPython 3.13+, where durable-rules does not build
        return (
            False,
            f"durable-rules 无法导入（Python {sys.version_info.major}.{sys.version_info.minor}: {exc}）",
        )
    return True, ""


def default_executor_name() -> str:
    """``durable`` where it imports; otherwise ``compiled``, announced once on stderr."""
    ok, why = durable_available()
    if ok:
        return "durable"
    if not _fallback_announced:
        _fallback_announced.append(why)
        print(f"lexgate: {why}，改用 compiled 执行器（结论与 durable 执行器一致）", file=sys.stderr)
    return "compiled"


def get_executor(name: str | None = None) -> Executor:
    """The process-wide executor of that name (executors cache compiled programs)."""
    name = name or default_executor_name()
    with _lock:
        found = _instances.get(name)
        if found is None:
            if name == "compiled":
                found = CompiledExecutor()
            elif name == "durable":
                ok, why = durable_available()
                if not ok:
                    raise RuntimeError(why + "；请改用 --executor compiled")
                from .durable import DurableExecutor

                found = DurableExecutor()
            else:
                raise ValueError(f"未知的执行器 '{name}'，可选: {', '.join(EXECUTORS)}")
            _instances[name] = found
    return found
