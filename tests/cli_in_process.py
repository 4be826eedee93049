"""``lexgate`` commands run inside the test process, answered like ``subprocess.run`` would answer them.

A command started as a process costs ≈ 0.9 s of CPU (importing the engine's models, the API and the
store, loading the packs); in the test process it costs what the command itself does, with the rules
memo of tests/ruleset_cache.py. The tests that need a real process keep starting one (``lexgate serve``,
the README's commands, the wheel's venv, writers killed mid-stream).

A command opens its store and leaves it to the process's exit to close; here every store a command
opened is closed when it returns, as that exit would (``open_store`` is wrapped in each ``cli`` module
that imported it, only while the command runs).
"""

from __future__ import annotations

import subprocess
import sys
import traceback
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from typer.testing import CliRunner

from cli import app, store_options
from store import Store

_RUNNER = CliRunner()


@contextmanager
def _stores_closed_after() -> Iterator[None]:
    original = store_options.open_store
    opened: list[Store] = []

    def tracked(database: str | None) -> Store:
        store = original(database)
        opened.append(store)
        return store

    patched = [
        module
        for name, module in list(sys.modules.items())
        if name.split(".")[0] == "cli" and getattr(module, "open_store", None) is original
    ]
    for module in patched:
        setattr(module, "open_store", tracked)  # noqa: B010 (another module's attribute, on purpose)
    try:
        yield
    finally:
        for module in patched:
            setattr(module, "open_store", original)  # noqa: B010
        for store in opened:
            store.close()


def lexgate(*args: str, env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``lexgate ARGS`` with ``env`` added to the environment: its exit code, stdout and stderr."""
    with _stores_closed_after():
        result = _RUNNER.invoke(app, list(args), env=dict(env or {}))
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        # what the process would have printed before exiting with 1
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["lexgate", *args], result.exit_code, result.stdout, stderr)
