"""Instructions per case of the engine rows of issue 14, counted by callgrind (immune to a shared host).

    .venv/bin/python bench/engine_instr.py ROW [--root CHECKOUT] [-n 100]

ROW is ``compiled-full`` / ``durable-full`` (validate + evaluate + explain, as ``lexgate decide`` and the
API do), ``compiled-reasons`` / ``compiled-none`` / ``durable-none`` (``explain=reasons|none``),
``durable-eval`` (durable evaluation only, no tracer) or ``answer-json`` (a full compiled triage and its
answer's JSON, as the API serialises it). The script runs itself twice under ``valgrind --tool=callgrind``
with the interpreter of CHECKOUT's ``.venv`` (so an older commit is measured with its own code), once with 1
pass over the ``n`` generated 宜春 cases and once with 3, and prints ``(instructions of 3 passes − of 1
pass) / (2 n)``: loading the rule set and the first, cold pass cancel out. With ``--distinct`` each pass
takes ``n`` other cases (3 n generated), so what triages share (reasons, lines) helps only as far as
different cases agree — a server's steady state — and not because the same case is triaged again. Nothing
is asserted: figures go to bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ROWS = (
    "compiled-full",
    "durable-full",
    "compiled-reasons",
    "compiled-none",
    "durable-none",
    "durable-eval",
    "answer-json",
)
AS_OF = dt.date(2026, 11, 1)


def run_passes(row: str, n: int, passes: int, distinct: bool = False) -> None:
    """The measured work (inside callgrind): ``passes`` passes of ``row`` over ``n`` cases (``distinct``:
    each pass over other cases)."""
    from engine import get_executor, load_ruleset, parse_request, triage
    from engine.trace import NO_TRACE
    from tools.corpus.generate import CorpusSpec, generate

    ruleset = load_ruleset(Path.cwd() / "rules")
    cases = []
    for raw in generate(ruleset, CorpusSpec(n=3 * n if distinct else n, seed=20261201)):
        raw["jurisdiction"], raw["as_of"] = "江西省宜春市", AS_OF.isoformat()
        cases.append(raw)
    compiled, durable = get_executor("compiled"), get_executor("durable")
    plan = ruleset.prepared(ruleset.plan("江西省宜春市", AS_OF))
    work: Any
    if row == "durable-eval":
        requests = [parse_request(ruleset, raw, AS_OF) for raw in cases]
        cases = requests

        def work(r: Any) -> object:
            return durable.run(plan, r.facts, NO_TRACE)
    elif row == "answer-json":

        def work(raw: Any) -> object:
            return triage(ruleset, parse_request(ruleset, raw, AS_OF), compiled).model_dump_json()
    else:
        executor = durable if row.startswith("durable") else compiled
        level = row.split("-")[1]

        def work(raw: Any) -> object:
            return triage(ruleset, parse_request(ruleset, raw, AS_OF), executor, level)

    for number in range(passes):
        for case in cases[number * n : (number + 1) * n] if distinct else cases:
            work(case)


def instructions(root: Path, row: str, n: int, passes: int, distinct: bool) -> int:
    with tempfile.TemporaryDirectory(prefix="lexgate-callgrind-") as tmp:
        out = Path(tmp) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            str(root / ".venv" / "bin" / "python"),
            str(Path(__file__).resolve()),
            row,
            "--inside",
            str(passes),
            "-n",
            str(n),
            *(["--distinct"] if distinct else []),
        ]
        env = {**os.environ, "PYTHONPATH": str(root)}
        subprocess.run(command, cwd=root, env=env, check=True, capture_output=True)
        for line in out.read_text().splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError("no totals in the callgrind output")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("row", choices=ROWS)
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to measure (its .venv)")
    parser.add_argument("-n", type=int, default=100, help="cases per pass (default 100)")
    parser.add_argument("--distinct", action="store_true", help="each pass over other cases")
    parser.add_argument("--inside", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside is not None:
        sys.path.insert(0, str(Path.cwd()))
        run_passes(args.row, args.n, args.inside, args.distinct)
        return
    root = args.root.resolve()
    one, three = (instructions(root, args.row, args.n, p, args.distinct) for p in (1, 3))
    print(f"{args.row}{' distinct' if args.distinct else ''}\t{(three - one) / (2 * args.n):.0f}")


if __name__ == "__main__":
    main()
