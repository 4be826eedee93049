"""Golden files: expected author-facing output, compared byte for byte.

Regenerating is an explicit act: ``LEXGATE_UPDATE_GOLDEN=1 pytest …`` rewrites the files, and
refuses to when ``CI`` is set, so a CI run can never "pass" by promoting new output.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest


def check_golden(path: Path, actual: str) -> None:
    if os.environ.get("LEXGATE_UPDATE_GOLDEN"):
        if os.environ.get("CI"):
            pytest.fail("CI 拒绝重新生成 golden 文件：请在本地生成并提交，说明输出为何变化")
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"缺少 golden 文件 {path}；确认输出正确后用 LEXGATE_UPDATE_GOLDEN=1 生成")
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
