"""One parse per rules directory's content in a test run, however many apps and commands load it.

Every API test builds an app (``create_app``), and every in-process ``lexgate`` command loads its rules
directory: each is a full ``load_ruleset`` of the same unchanged packs, and PyYAML's pure-Python parser
made that about 85 % of an API test's set-up. During a test session the layers above the engine (store,
api, cli, tools) call a memo of it instead, keyed by the directory, the display root and the exact bytes
of every file under the directory: a file changed, added or removed (the reload and hostile-rules tests
do that) is a different key and a real load. Only a successful load is kept; a directory that does not
load raises its ``RuleSetInvalid`` afresh every time. The engine's own tests, and the engine itself, keep
calling the real function, and every ``lexgate`` started as a process loads for real.

The memo is sound because ``load_ruleset`` is a function of those inputs and ``RuleSet`` is frozen: the
session's ``ruleset`` fixture already shares one instance between all tests.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from engine import RuleSet, load_ruleset

LAYERS = ("store", "tools", "api", "cli")  # the importers of load_ruleset that get the memo
Loader = Callable[..., RuleSet]


def fingerprint(root: Path) -> str | None:
    """A digest of every file's path and bytes under ``root``; None when it cannot be read whole."""
    digest = hashlib.blake2b(digest_size=20)
    try:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for name in sorted(filenames):
                path = Path(dirpath, name)
                digest.update(path.relative_to(root).as_posix().encode() + b"\0")
                digest.update(path.read_bytes())
                digest.update(b"\0")
    except OSError:
        return None
    return digest.hexdigest()


class Memo:
    def __init__(self, load: Loader) -> None:
        self.load = load
        self.kept: dict[tuple[str, str, str], RuleSet] = {}
        self.hits = 0

    def __call__(self, root: Path | str, display_root: Path | None = None) -> RuleSet:
        resolved = Path(root).resolve()
        content = fingerprint(resolved) if resolved.is_dir() else None
        if content is None:
            return self.load(root, display_root)
        key = (str(resolved), str(Path(display_root).resolve()) if display_root else "", content)
        found = self.kept.get(key)
        if found is not None:
            self.hits += 1
            return found
        loaded = self.load(root, display_root)
        self.kept[key] = loaded
        return loaded


def _importers(original: Loader) -> Iterator[object]:
    for name, module in list(sys.modules.items()):
        if name.split(".")[0] in LAYERS and getattr(module, "load_ruleset", None) is original:
            yield module


@contextmanager
def memoized_loading() -> Iterator[Memo]:
    """Within the block, the store, tools, api and cli modules imported so far call the memo."""
    memo = Memo(load_ruleset)
    patched = list(_importers(load_ruleset))
    for module in patched:
        setattr(module, "load_ruleset", memo)  # noqa: B010 (the attribute of another module, on purpose)
    try:
        yield memo
    finally:
        for module in patched:
            setattr(module, "load_ruleset", load_ruleset)  # noqa: B010
