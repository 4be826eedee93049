"""tools/whatif/runner.py: workers forked after loading inherit the rule sets; with another thread alive
(a lock it holds would be inherited held) they are spawned and load them; the results are the same."""

from __future__ import annotations

import json
import threading
from pathlib import Path

from engine import RuleSet, load_ruleset
from tools.corpus import CorpusSpec, generate
from tools.whatif import runner
from tools.whatif.compare import Comparer

from .conftest import PARAM, copy_rules, raise_override


def test_forked_and_spawned_workers_give_the_same_results(tmp_path: Path) -> None:
    current = copy_rules(tmp_path / "current")
    candidate = copy_rules(tmp_path / "candidate")
    raise_override(candidate, "江西省", PARAM, 2000)
    comparer = Comparer(load_ruleset(current), load_ruleset(candidate))
    cases = [
        (i, json.dumps(c, ensure_ascii=False).encode())
        for i, c in enumerate(generate(comparer.current.ruleset, CorpusSpec(n=300, seed=3, near=0.8)), 1)
    ]
    results = {}
    for threaded in (False, True):
        stop = threading.Event()
        other = threading.Thread(target=stop.wait) if threaded else None
        if other is not None:
            other.start()
        try:
            forkable = runner.can_fork()
            with runner.Workers(2, current, candidate, comparer) as pool:
                assert pool.forked == forkable
                chunks = list(runner.run(cases, current, candidate, workers=2, chunk_size=37, pool=pool))
        finally:
            stop.set()
            if other is not None:
                other.join()
        assert not (threaded and forkable)
        results[threaded] = [(c.first_key, c.cases, c.transitions, c.changes) for c in chunks]
    assert results[False] == results[True]
    assert sum(c[1] for c in results[True]) == len(cases) and any(c[3] for c in results[True])


def test_lines_are_numbered_as_a_text_file_reads_them(tmp_path: Path) -> None:
    """Bytes in, the numbering of text lines out: \\r and \\r\\n end lines, white space only (also
    Unicode's) is blank, a line that is not UTF-8 reaches the comparer (reported there as invalid)."""
    from tools.whatif.sources import JsonLinesSource

    path = tmp_path / "cases.jsonl"
    path.write_bytes(b'{"a": 1}\r\n{"b": 2}\r{"c": 3}\n\n \xe3\x80\x80\n\xff{\n{"d": 4}')
    lines = list(JsonLinesSource(path))
    assert [n for n, _ in lines] == [1, 2, 3, 6, 7]
    assert [json.loads(t) for n, t in lines if n != 6] == [{"a": 1}, {"b": 2}, {"c": 3}, {"d": 4}]


def test_a_line_that_is_not_utf8_is_invalid_input(ruleset: RuleSet) -> None:
    chunk = Comparer(ruleset, ruleset).chunk([(1, b'{"jurisdiction": "\xff"}\n')])
    assert chunk.cases == 0 and chunk.invalid[0]["key"] == 1
    assert "utf-8" in chunk.invalid[0]["problems"][0]
