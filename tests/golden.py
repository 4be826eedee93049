"""Golden files: expected author-facing output, compared byte for byte.

Regenerating is an explicit act: ``LEXGATE_UPDATE_GOLDEN=1 pytest …`` rewrites the files. Any other
non-empty value (``0``, ``true``, ``yes`` …) is refused rather than guessed at, and so is any
regeneration while ``CI`` is set (.ci/run sets ``CI=1``), so a CI run can never "pass" by promoting
new output.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from pathlib import Path

import pytest

VARIABLE = "LEXGATE_UPDATE_GOLDEN"


def regenerate(environ: Mapping[str, str]) -> bool:
    """Whether golden files are to be rewritten; fails the test on anything but unset (or empty) or ``1``."""
    value = environ.get(VARIABLE, "")
    if value == "":
        return False
    if value != "1":
        pytest.fail(
            f"{VARIABLE}={value!r} 无效：只有 {VARIABLE}=1 会重新生成 golden 文件，其他值一律拒绝"
            f"（不会按“否”处理）。要比较 golden 文件请去掉该变量（unset {VARIABLE}）；"
            f"确认新输出正确后要重新生成，请用 {VARIABLE}=1 pytest …"
        )
    if environ.get("CI", ""):
        pytest.fail(
            f"CI={environ['CI']!r}：CI 运行中拒绝重新生成 golden 文件（{VARIABLE}=1）。"
            "请在本地（不设 CI）重新生成并提交，并在提交说明中写明输出为何变化"
        )
    return True


def check_golden(path: Path, actual: str) -> None:
    if regenerate(os.environ):
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"缺少 golden 文件 {path}；确认输出正确后用 {VARIABLE}=1 生成")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=str(path),
                tofile="actual",
            )
        )
        pytest.fail(f"输出与 golden 文件不一致:\n{diff}")
