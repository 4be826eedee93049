"""lexgate on its own packs: loading time, and per-case time of triage on the national + 宜春 packs.

    .venv/bin/python bench/engine_bench.py            # 2,000 cases, 5 repetitions
    .venv/bin/python bench/engine_bench.py -n 500 --reps 3

Cases come from ``lexgate corpus generate`` (seeded; amounts on and around every threshold, about
10 % of facts missing), all placed in 江西省宜春市 so that the national, 江西省 and 宜春 packs apply.
Each row is timed over every case, repetitions round-robin across rows; the median repetition
is reported. "full triage" is what ``lexgate decide`` and the API do per request: validate the
request, evaluate with the compact tracer, explain (proof trees, why-not, missing facts, details);
the ``explain=reasons|none`` rows answer less of the why (CONTRACT §5).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engine import (  # noqa: E402
    get_executor,
    load_ruleset,
    parse_request,
    triage,
)
from engine.plan import build_plan  # noqa: E402
from engine.trace import NO_TRACE  # noqa: E402
from tools.corpus.generate import CorpusSpec, generate  # noqa: E402

JURISDICTION = "江西省宜春市"
AS_OF = dt.date(2026, 11, 1)


def median_ms(action: Callable[[], Any], reps: int) -> float:
    times = []
    for _ in range(reps):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=2000, help="cases (default 2000)")
    parser.add_argument("--reps", type=int, default=5, help="repetitions (default 5)")
    args = parser.parse_args(argv)

    rules = ROOT / "rules"
    load_ms = median_ms(lambda: load_ruleset(rules), args.reps)
    ruleset = load_ruleset(rules)
    packs = len(ruleset.packs)
    rule_count = len(ruleset.rules)

    raw_cases = []
    for raw in generate(ruleset, CorpusSpec(n=args.n, seed=20261201)):
        raw["jurisdiction"] = JURISDICTION
        raw["as_of"] = AS_OF.isoformat()
        raw_cases.append(raw)
    requests = [parse_request(ruleset, raw, AS_OF) for raw in raw_cases]
    plan = ruleset.prepared(ruleset.plan(JURISDICTION, AS_OF))

    durable, compiled = get_executor("durable"), get_executor("compiled")
    # a plan is built once per stretch of dates and shared afterwards: time the building itself
    first_plans_ms = median_ms(
        lambda: [build_plan(ruleset.scope(j), AS_OF) for j in ruleset.jurisdictions], args.reps
    )
    durable_ruleset_ms = median_ms(lambda: durable.build(plan.plan, 8), args.reps)  # type: ignore[attr-defined]

    def each(items: list[Any], work: Callable[[Any], Any]) -> Callable[[], None]:
        """Run ``work`` on every item, keeping no result (as a server does: 2,000 results held at once
        would make the garbage collector's passes part of the measurement)."""

        def run() -> None:
            for item in items:
                work(item)

        return run

    rows: dict[str, Callable[[], Any]] = {
        "full triage, compiled (validate + evaluate + explain)": each(
            raw_cases, lambda raw: triage(ruleset, parse_request(ruleset, raw, AS_OF), compiled)
        ),
        "full triage, durable (validate + evaluate + explain)": each(
            raw_cases, lambda raw: triage(ruleset, parse_request(ruleset, raw, AS_OF), durable)
        ),
        "triage, compiled, explain=reasons (rules without conditions)": each(
            raw_cases, lambda raw: triage(ruleset, parse_request(ruleset, raw, AS_OF), compiled, "reasons")
        ),
        "triage, compiled, explain=none (outcomes, details, missing facts, warnings)": each(
            raw_cases, lambda raw: triage(ruleset, parse_request(ruleset, raw, AS_OF), compiled, "none")
        ),
        "triage, durable, explain=none": each(
            raw_cases, lambda raw: triage(ruleset, parse_request(ruleset, raw, AS_OF), durable, "none")
        ),
        "validate the request only": each(raw_cases, lambda raw: parse_request(ruleset, raw, AS_OF)),
        "evaluate only, compiled (outcomes, no explanation)": each(
            requests, lambda r: compiled.run(plan, r.facts, NO_TRACE)
        ),
        "evaluate only, durable (outcomes, no explanation)": each(
            requests, lambda r: durable.run(plan, r.facts, NO_TRACE)
        ),
    }
    for action in rows.values():  # warm-up: plans, programs and rulesets are built here
        action()
    timings: dict[str, list[float]] = {name: [] for name in rows}
    for _ in range(args.reps):
        for name, action in rows.items():
            gc.collect()
            start = time.perf_counter()
            action()
            timings[name].append(time.perf_counter() - start)

    print(
        f"Python {platform.python_version()}, {packs} packs, {rule_count} rules; {JURISDICTION}: "
        f"{len(plan.plan.rules)} rules in force on {AS_OF}; "
        f"{len(raw_cases)} cases x {args.reps} repetitions\n"
    )
    print("| what | µs/case (median) | min µs | cases/s |")
    print("| --- | ---: | ---: | ---: |")
    for name, times in timings.items():
        med, low = statistics.median(times) / len(raw_cases), min(times) / len(raw_cases)
        print(f"| {name} | {med * 1e6:,.0f} | {low * 1e6:,.0f} | {1 / med:,.0f} |")
    print()
    print("| one-off work | ms (median) |")
    print("| --- | ---: |")
    print(f"| load all packs ({packs}: parse, validate, resolve, check, build) | {load_ms:,.1f} |")
    print(
        f"| build the plans of all {len(ruleset.jurisdictions)} jurisdictions for one date "
        f"| {first_plans_ms:,.1f} |"
    )
    print(f"| durable-rules ruleset for {JURISDICTION} (translate + create) | {durable_ruleset_ms:,.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
