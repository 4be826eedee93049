"""The layers are a contract, checked by import-linter (``make lint``): rules → engine → tools → store → api →
cli, each importing only the layers below it, and nothing but ``engine`` (plus ``engine.toolkit`` for the
tools) from the engine. These tests plant an import that breaks the contract into a copy of the
packages — inside a function, where start-up never sees it — and check that ``lint-imports`` fails
and names it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGES = ("rules", "engine", "tools", "store", "api", "cli")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=root, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    for name in PACKAGES:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def plant(copy: Path, module: str, statement: str) -> None:
    path = copy / (module.replace(".", "/") + ".py")
    with path.open("a", encoding="utf-8") as out:
        out.write(f"\n\ndef _planted() -> None:\n    {statement}  # noqa\n")


def test_the_repository_keeps_the_contract() -> None:
    done = lint_imports(ROOT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "statement", "named"),
    [
        ("engine.errors", "from api import app", "engine.errors -> api.app"),
        ("engine.loading.build", "import cli", "engine.loading.build -> cli"),
        ("tools.lint.context", "from store import Store", "tools.lint.context -> store"),
        ("store.records", "from api.settings import Settings", "store.records -> api.settings"),
        (
            "api.services.catalog_answers",
            "from engine.model import RuleDef",
            "api.services.catalog_answers -> engine.model",
        ),
        ("cli.decide", "from engine.language import nodes", "cli.decide -> engine.language"),
        ("store.rulesets", "from engine.toolkit import Plan", "store.rulesets -> engine.toolkit"),
        ("tools.whatif.compare", "from engine.caches import Caches", "tools.whatif.compare -> engine.caches"),
    ],
)
def test_a_planted_import_that_breaks_the_contract_fails(
    copy: Path, module: str, statement: str, named: str
) -> None:
    plant(copy, module, statement)
    done = lint_imports(copy)
    assert done.returncode != 0, done.stdout
    assert named in done.stdout, done.stdout
