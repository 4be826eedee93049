"""The byte-identity check: every explained result of 5,000 generated cases, both executors.

    .venv/bin/python bench/identity.py [-n 5000] [--out DIR]

Cases from ``lexgate corpus generate`` (seed 11, a fifth of facts missing), every jurisdiction, each
triaged with explanations by the durable and the compiled executor; prints one SHA-256 per executor
over the results' JSON (one line per case) and, with ``--out``, writes the lines. Run it on two
versions (e.g. main in ``git worktree add /tmp/bench-base <commit>`` with its own venv): equal digests
mean byte-identical outcomes, reasons, missing facts and warnings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import get_executor, load_ruleset, parse_request, triage  # noqa: E402
from tools.corpus.generate import CorpusSpec, generate  # noqa: E402

AS_OF = dt.date(2026, 11, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    ruleset = load_ruleset(ROOT / "rules")
    requests = [
        parse_request(ruleset, raw, AS_OF)
        for raw in generate(ruleset, CorpusSpec(n=args.n, seed=11, missing=0.2))
    ]
    for name in ("durable", "compiled"):
        executor = get_executor(name)
        digest = hashlib.sha256()
        lines = []
        for request in requests:
            line = triage(ruleset, request, executor).model_dump_json() + "\n"
            digest.update(line.encode())
            lines.append(line)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / f"{name}.jsonl").write_text("".join(lines), encoding="utf-8")
        print(f"{name}: {len(requests)} cases, sha256 {digest.hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
