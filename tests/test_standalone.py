"""The repository stands on its own (issue 11).

No tracked or new text file may cite a document that lives outside the repository — the shared folder
beside a checkout, its spec, policy, seed and style documents, or the former legal digest and reading notes
by their file names — and every anchor cited as ``docs/READINGS.md#…`` or ``docs/CONTRACT.md#…`` (or by a
Markdown link) must exist in that file. An anchor is an explicit ``<a id="…"></a>`` (or ``{#…}``) marker, or
the anchor GitHub derives from a heading's text (docs/READINGS.md, "How to cite this page").

One exception: the optional peer benchmark runs a harness that lives beside the repository (``PEERS`` in the
Makefile); ``bench/`` and the Makefile may name its path. It is a tool the benchmark runs, not a document the
repository relies on.

Also checked here, so that the contract keeps the names it fixes: ``CONTRACT §N`` names an existing section,
and the fact and decision tables of docs/CONTRACT.md equal the packs.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CONTRACT = DOCS / "CONTRACT.md"

# The patterns are written so that this file does not cite what it forbids.
SIBLING_SHARED = re.compile(r"(?:\.\./)+shared\b(?P<rest>/[\w./-]*)?")
SHARED_DOCUMENTS = re.compile(r"\bshared[/](?:spec|policy|seeds|style)/")
OUTSIDE_NOTES = re.compile(r"(?<![\w.-])(?P<dir>(?:[\w.-]+/)*)(?P<name>LAW|LOCAL)\.md\b")
BENCH_HARNESS = "/bench"
# docs/READINGS.md#<anchor> as the packs and code cite it (from the repository root), ../docs/… from a
# subdirectory, or READINGS.md#<anchor> from a file in docs/.
DOC_ANCHOR = re.compile(
    r"(?<![\w./-])(?P<prefix>(?:\.\./)*(?:docs/)?)(?P<name>READINGS|CONTRACT)\.md#(?P<anchor>[\w%-]+)"
)
CONTRACT_SECTION = re.compile(r"CONTRACT(?:\.md)?\s*§\s*(?P<number>\d+)")
MARKDOWN_LINK = re.compile(r"\]\((?P<target>[^)\s]+)\)")
EXPLICIT_ANCHOR = re.compile(r"<a\s+(?:id|name)=\"(?P<id>[^\"]+)\"|\{#(?P<brace>[\w-]+)\}")
HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"`[^`]*`")


def repository_files() -> list[str]:
    """Tracked files and new files not ignored: what a commit would carry."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return sorted({p for p in listed.split("\0") if p and (ROOT / p).is_file()})


def text_of(path: str) -> str | None:
    data = (ROOT / path).read_bytes()
    if b"\0" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def text_files() -> Iterator[tuple[str, str]]:
    for path in repository_files():
        text = text_of(path)
        if text is not None:
            yield path, text


def github_slug(heading: str) -> str:
    """GitHub's anchor for a heading: markup and punctuation dropped, lower case, spaces to hyphens."""
    text = EXPLICIT_ANCHOR.sub("", re.sub(r"<[^>]+>", "", heading)).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def prose_lines(markdown: str) -> Iterator[tuple[int, str]]:
    """Lines outside fenced code blocks, numbered from 1."""
    fenced = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line


def explicit_anchors(markdown: str) -> list[str]:
    """``<a id>`` / ``{#id}`` markers outside code (an example in backticks is not an anchor)."""
    return [
        m.group("id") or m.group("brace")
        for _, line in prose_lines(markdown)
        for m in EXPLICIT_ANCHOR.finditer(CODE_SPAN.sub("", line))
    ]


def anchors_in(markdown: str) -> set[str]:
    found = set(explicit_anchors(markdown))
    seen: dict[str, int] = {}
    for _, line in prose_lines(markdown):
        heading = HEADING.match(line)
        if heading:
            slug = github_slug(heading.group("text"))
            found.add(slug if slug not in seen else f"{slug}-{seen[slug]}")
            seen[slug] = seen.get(slug, 0) + 1
    return found


@cache
def anchors_of(path: Path) -> frozenset[str]:
    return frozenset(anchors_in(path.read_text(encoding="utf-8"))) if path.is_file() else frozenset()


def outside_citations(path: str, text: str) -> list[str]:
    """Citations of documents outside the repository, as ``path:line: message``."""
    problems = []
    bench_tool = path == "Makefile" or path.startswith("bench/")
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{path}:{number}"
        for m in SIBLING_SHARED.finditer(line):
            if bench_tool and (m.group("rest") or "").startswith(BENCH_HARNESS):
                continue
            problems.append(
                f"{where}: cites {m.group(0)!r}, outside the repository"
                " — cite docs/READINGS.md#… or docs/CONTRACT.md"
            )
        for m in SHARED_DOCUMENTS.finditer(line):
            if not any(s.start() <= m.start() < s.end() for s in SIBLING_SHARED.finditer(line)):
                problems.append(f"{where}: cites the shared documents ({m.group(0)!r}) — cite docs/ instead")
        for m in OUTSIDE_NOTES.finditer(line):
            cited = m.group("dir") + m.group("name") + ".md"
            if m.group("dir") != "docs/" or not (ROOT / cited).is_file():
                problems.append(f"{where}: cites {cited!r}, which is not in docs/ — cite docs/READINGS.md#…")
    return problems


def anchor_problems(path: str, text: str) -> list[str]:
    """Cited docs/READINGS.md / docs/CONTRACT.md anchors (and Markdown links' targets) that do not exist."""
    problems = []
    in_docs = path.startswith("docs/")
    lines = prose_lines(text) if path.endswith(".md") else enumerate(text.splitlines(), start=1)
    for number, line in lines:
        where = f"{path}:{number}"
        for m in DOC_ANCHOR.finditer(line):
            doc = DOCS / f"{m.group('name')}.md"
            if "docs/" not in m.group("prefix") and not in_docs:
                problems.append(
                    f"{where}: write docs/{m.group('name')}.md#{m.group('anchor')} (from the repository root)"
                )
            elif unquote(m.group("anchor")) not in anchors_of(doc):
                problems.append(f"{where}: docs/{doc.name} has no anchor #{m.group('anchor')}")
        if not path.endswith(".md"):
            continue
        for m in MARKDOWN_LINK.finditer(line):
            target = m.group("target").strip("<>")
            if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                continue
            file_part, _, anchor = target.partition("#")
            linked = ((ROOT / path).parent / file_part).resolve() if file_part else (ROOT / path).resolve()
            if not linked.is_relative_to(ROOT) or not linked.exists():
                problems.append(f"{where}: links to {file_part!r}, which is not in the repository")
            elif anchor and linked.suffix == ".md" and unquote(anchor) not in anchors_of(linked):
                problems.append(f"{where}: {linked.relative_to(ROOT)} has no anchor #{anchor}")
    return problems


@cache
def contract_sections() -> frozenset[str]:
    text = CONTRACT.read_text(encoding="utf-8")
    return frozenset(m.group(1) for _, line in prose_lines(text) if (m := re.match(r"## (\d+)\. ", line)))


def contract_section_problems(path: str, text: str) -> list[str]:
    sections = contract_sections()
    return [
        f"{path}:{number}: CONTRACT §{m.group('number')} does not exist in docs/CONTRACT.md"
        for number, line in enumerate(text.splitlines(), start=1)
        for m in CONTRACT_SECTION.finditer(line)
        if m.group("number") not in sections
    ]


def test_no_file_cites_a_document_outside_the_repository() -> None:
    problems = [p for path, text in text_files() for p in outside_citations(path, text)]
    assert problems == [], "\n".join(problems)


def test_every_cited_anchor_and_linked_file_exists() -> None:
    problems = [p for path, text in text_files() for p in anchor_problems(path, text)]
    assert problems == [], "\n".join(problems)


def test_every_contract_section_cited_by_number_exists() -> None:
    problems = [p for path, text in text_files() for p in contract_section_problems(path, text)]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("doc", ["READINGS.md", "CONTRACT.md"])
def test_explicit_anchors_are_unique(doc: str) -> None:
    ids = explicit_anchors((DOCS / doc).read_text(encoding="utf-8"))
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


Check = Callable[[str, str], list[str]]

# Each planted line must be caught: the checks above can fail. Built from pieces so that this file itself
# cites nothing it forbids.
UP = ".." + "/"
SHARED = "shared"
PLANTED: list[tuple[str, str, Check]] = [
    ("rules/national/review.yaml", "    note: 产品解读，见 " + "LOCAL" + ".md。", outside_citations),
    ("rules/jiangsu/pack.yaml", "      未核实（" + "LAW" + ".md C.2）", outside_citations),
    (
        "docs/ARCHITECTURE.md",
        "The contract lives in `" + UP + SHARED + "/spec/CONTRACT.md`.",
        outside_citations,
    ),
    ("engine/result.py", '"""See /srv/' + SHARED + '/policy/notes.md."""', outside_citations),
    ("bench/README.md", "see " + UP + SHARED + "/seeds/000.txt", outside_citations),
    ("README.md", "see [notes](" + UP + UP + SHARED + "/x.md)", anchor_problems),
    ("rules/national/transfer.yaml", "    note: 见 docs/READINGS.md" + "#no-such-section。", anchor_problems),
    ("rules/README.md", "见 [解读](../docs/READINGS.md" + "#no-such-section)", anchor_problems),
    ("rules/national/review.yaml", "    note: 见 READINGS.md" + "#national-legal-review", anchor_problems),
    ("docs/ARCHITECTURE.md", "[the result](CONTRACT.md" + "#9-no-such-section)", anchor_problems),
    ("cli/common.py", "EXIT_INPUT = 2  # invalid input (CONTRACT " + "§99)", contract_section_problems),
]


@pytest.mark.parametrize(("path", "line", "check"), PLANTED, ids=[f"{p}:{c.__name__}" for p, _, c in PLANTED])
def test_a_planted_bad_citation_is_caught(path: str, line: str, check: Check) -> None:
    assert check(path, line + "\n") != []


def test_good_citations_and_the_bench_harness_pass() -> None:
    good = [
        ("rules/national/review.yaml", "    note: 见 docs/READINGS.md" + "#national-legal-review。"),
        ("rules/README.md", "见 [解读](../docs/READINGS.md" + "#national-hearing)"),
        ("docs/ARCHITECTURE.md", "[the result](CONTRACT.md" + "#5-the-result-json)"),
        ("Makefile", "PEERS ?= " + UP + SHARED + "/bench"),
        ("engine/result.py", '"""The triage result (CONTRACT ' + '§5)."""'),
    ]
    for path, line in good:
        found = (
            outside_citations(path, line)
            + anchor_problems(path, line)
            + contract_section_problems(path, line)
        )
        assert found == [], (path, line, found)


# ---------------------------------------------------------------- the contract's tables equal the packs


def table_rows(marker: str) -> list[list[str]]:
    text = CONTRACT.read_text(encoding="utf-8")
    found = re.search(rf"<!-- {marker}: begin -->\n(?P<table>.*?)<!-- {marker}: end -->", text, re.S)
    assert found, f"docs/CONTRACT.md lost its {marker} markers"
    rows = [line.strip("|").split("|") for line in found.group("table").strip().splitlines()[2:]]
    return [[cell.strip() for cell in row] for row in rows]


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_contract_fact_table_is_the_vocabulary() -> None:
    facts = load_yaml(ROOT / "rules" / "facts.yaml")["facts"]
    vocabulary = [
        [
            f["id"],
            f["label"],
            f["type"] + (": " + ", ".join(f["values"]) if "values" in f else ""),
            f["group"],
        ]
        for f in facts
    ]
    assert table_rows("facts-table") == vocabulary, "regenerate the fact table of docs/CONTRACT.md §3"
    reserved = {row[0] for row in table_rows("reserved-facts")}
    assert reserved.isdisjoint(f["id"] for f in facts), "move facts now in rules/facts.yaml to the main table"


def test_contract_decision_table_is_the_packs_decisions() -> None:
    declared = {
        (d["id"], d["label"])
        for path in sorted((ROOT / "rules").rglob("*.yaml"))
        for d in (load_yaml(path) or {}).get("decisions", []) or []
        if "id" in d
    }
    assert {(row[0], row[1]) for row in table_rows("decisions-table")} == declared
