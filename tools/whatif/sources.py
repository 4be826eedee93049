"""Where the cases of an impact analysis come from.

A source yields ``(key, text)``: a stable key (the line number of a JSON-lines file; the record
id for stored decision records) and one triage request as JSON text, which is what worker
processes receive (cheap to send, parsed there). A JSON-lines file gives its lines as UTF-8 bytes,
decoded in the workers: the parent neither decodes nor re-encodes them for pickling. Any store of
decision records plugs in by implementing :class:`CaseSource`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Literal, Protocol

Case = tuple[int, str | bytes]  # JSON text, or its UTF-8 bytes
KeyKind = Literal["line", "record"]
KEY_TEXT: dict[str, str] = {"line": "第 {} 行", "record": "记录第 {} 条"}  # how reports name a case's key


class CaseSource(Protocol):
    @property
    def name(self) -> str:
        """How reports name the corpus."""
        ...

    @property
    def key_kind(self) -> KeyKind:
        """What a key is: a line number, or a decision record's sequence number."""
        ...

    def count(self) -> int | None:
        """How many cases there are, if cheap to know (for the progress bar)."""
        ...

    def __iter__(self) -> Iterator[Case]: ...


class JsonLinesSource:
    """One request ``{case_id, jurisdiction, as_of, facts}`` per line; blank lines are skipped."""

    key_kind: KeyKind = "line"

    def __init__(self, path: Path | None) -> None:
        self.path = path  # None: standard input

    @property
    def name(self) -> str:
        return str(self.path) if self.path else "-"

    def count(self) -> int | None:
        if self.path is None:
            return None
        lines = 0
        last = b"\n"
        with self.path.open("rb") as handle:
            while block := handle.read(1 << 22):
                lines += block.count(b"\n")
                last = block[-1:]
        return lines + (last != b"\n")

    def __iter__(self) -> Iterator[Case]:
        """Lines numbered as a text file reads them (``\r``, ``\n`` and ``\r\n`` end a line), blank
        ones (Unicode white space only) skipped."""
        handle = self.path.open("rb") if self.path else sys.stdin.buffer
        number = 0
        try:
            for raw in handle:
                for line in raw.splitlines(keepends=True) if b"\r" in raw else (raw,):
                    number += 1
                    if not _blank(line):
                        yield number, line
        finally:
            if self.path:
                handle.close()


def _blank(line: bytes) -> bool:
    stripped = line.strip()
    if stripped[:1] == b"{":  # every request
        return False
    return not stripped or not line.decode("utf-8", "replace").strip()
