"""The policy writers' scenarios (features/), read without pytest: each one's case and its checks.

The step forms are those of features/README.md (the same ones tests/bdd runs): 假如 gives the case,
当 进行分流 triages it, 那么 / 而且 state checks. A 场景大纲 becomes one scenario per row of its 例子.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_STEP = re.compile(r"^(假如|当|那么|而且|并且|但是)\s*(.*)$")
_SECTION = re.compile(r"^(功能|背景|场景大纲|场景|例子|规则)[:：]\s*(.*)$")


@dataclass
class Scenario:
    name: str  # file:line name, as coverage names it
    jurisdiction: str | None = None
    as_of: str | None = None
    facts: dict[str, str] = field(default_factory=dict)  # by label
    checks: list[str] = field(default_factory=list)  # the 那么 steps, as written
    then: list[Scenario] = field(default_factory=list)  # a further 假如 … 当 … 那么 on the same case


@dataclass
class _Block:
    kind: str
    name: str
    line: int
    steps: list[tuple[str, str, list[list[str]]]] = field(default_factory=list)  # keyword, text, table
    examples: list[list[list[str]]] = field(default_factory=list)  # one table per 例子


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _blocks(text: str) -> list[_Block]:
    blocks: list[_Block] = []
    in_examples = False
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith(("#", "@")):
            continue
        section = _SECTION.match(line)
        if section:
            kind, name = section.groups()
            in_examples = kind == "例子"
            if in_examples and blocks:
                blocks[-1].examples.append([])
            if kind in ("背景", "场景", "场景大纲"):
                blocks.append(_Block(kind, name, number))
            continue
        if not blocks:
            continue
        block = blocks[-1]
        if line.startswith("|"):
            if in_examples:
                block.examples[-1].append(_cells(line))
            elif block.steps:
                block.steps[-1][2].append(_cells(line))
            continue
        step = _STEP.match(line)
        if step:
            block.steps.append((step.group(1), step.group(2).strip(), []))
    return blocks


def _fill(text: str, row: dict[str, str]) -> str:
    for key, value in row.items():
        text = text.replace(f"<{key}>", value)
    return text


def _scenario(name: str, steps: list[tuple[str, str, list[list[str]]]], row: dict[str, str]) -> Scenario:
    first = out = Scenario(name)
    stage = "假如"
    for keyword, raw, table in steps:
        text = _fill(raw, row)
        if keyword in ("假如", "当", "那么"):
            if keyword == "假如" and stage == "那么":  # a further case built on this one
                out = Scenario(name, out.jurisdiction, out.as_of, dict(out.facts))
                first.then.append(out)
            stage = keyword
        if stage == "当":
            continue
        if stage == "那么":
            out.checks.append(text)
            continue
        if m := re.fullmatch(r'管辖地为"([^"]*)"', text):
            out.jurisdiction = m.group(1)
        elif m := re.fullmatch(r'评估日期为"([^"]*)"', text):
            out.as_of = m.group(1)
        elif re.fullmatch(r"案件事实如下[:：]", text):
            for cells in table[1:]:
                out.facts[_fill(cells[0], row)] = _fill(cells[1], row)
        elif m := re.fullmatch(r'"([^"]+)"为"([^"]*)"', text):
            out.facts[m.group(1)] = m.group(2)
    return first


def read_features(root: Path, display_root: Path) -> list[Scenario]:
    """Every scenario under ``root`` (one per 例子 row of an outline), background steps first."""
    found: list[Scenario] = []
    for path in sorted(root.rglob("*.feature")):
        try:
            rel = path.resolve().relative_to(display_root.resolve()).as_posix()
        except ValueError:
            rel = path.as_posix()
        background: list[tuple[str, str, list[list[str]]]] = []
        for block in _blocks(path.read_text(encoding="utf-8")):
            if block.kind == "背景":
                background = block.steps
                continue
            name = f"{rel}:{block.line} {block.name}"
            steps = background + block.steps
            if block.kind == "场景" or not block.examples:
                found.append(_scenario(name, steps, {}))
                continue
            for table in block.examples:
                for cells in table[1:]:
                    row = dict(zip(table[0], cells, strict=False))
                    shown = "，".join(f"{k}={v}" for k, v in row.items())
                    found.append(_scenario(f"{name} [{shown}]", steps, row))
    return found
