"""Small modules with one job each: no module over 450 lines and no class over 200 lines in the code
packages, unless the module says why with a comment ``# Long module: <why>`` (or the class with a line
``Long class: <why>`` in its docstring)."""

from __future__ import annotations

import ast

from tests.conftest import ROOT

PACKAGES = ("engine", "tools", "store", "api", "cli")
MODULE_LINES = 450
CLASS_LINES = 200


def _modules() -> list[tuple[str, str]]:
    return [
        (path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    ]


def test_no_module_is_long_without_saying_why() -> None:
    long = [
        f"{name}: {text.count(chr(10))} 行"
        for name, text in _modules()
        if text.count("\n") > MODULE_LINES and "# Long module:" not in text
    ]
    assert long == [], f"超过 {MODULE_LINES} 行的模块（拆分，或写明 '# Long module: 原因'）: {long}"


def test_no_class_is_long_without_saying_why() -> None:
    long = []
    for name, text in _modules():
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.ClassDef) or node.end_lineno is None:
                continue
            lines = node.end_lineno - node.lineno + 1
            if lines > CLASS_LINES and "Long class:" not in (ast.get_docstring(node) or ""):
                long.append(f"{name}:{node.lineno} {node.name}: {lines} 行")
    assert long == [], f"超过 {CLASS_LINES} 行的类（拆分，或在文档字符串中写明 'Long class: 原因'）: {long}"


def test_the_limits_are_checked_on_real_code() -> None:
    """The walk sees the packages (a wrong root would pass every module vacuously)."""
    names = {name for name, _ in _modules()}
    assert {"engine/__init__.py", "engine/language/visitor.py", "api/app.py", "cli/decide.py"} <= names
