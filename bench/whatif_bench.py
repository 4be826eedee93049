"""Benchmark: ``lexgate whatif`` on a generated corpus (default 1,000,000 cases).

    .venv/bin/python bench/whatif_bench.py [-n 1000000] [--workers 2] [--dir /tmp/lexgate-whatif-bench]

Generates the corpus once (seeded; reused when present), makes a candidate copy of ``rules/`` with
江西省's (``--jurisdiction``) 自然人 hearing amount raised by 2,000 元, runs the CLI as a user would
(progress bar on stderr) and prints one Markdown row: cases/s, wall time, the CPU seconds of the whole command
(user + system of ``lexgate`` and its workers: what the neighbours on a shared host disturb least), peak
RSS of the parent and of each worker (as the report measures them), changed cases, and the load average
before and after (other engineers share the two cores). Nothing here is asserted: figures go to
bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LEXGATE = ROOT / ".venv" / "bin" / "lexgate"


def candidate_rules(to: Path, jurisdiction: str, delta: int = 2000) -> str:
    """A copy of rules/ with ``jurisdiction``'s value(s) of hearing.fine.individual raised by ``delta``
    (its override, or the definition itself in the pack that defines it)."""
    param = "hearing.fine.individual"
    if to.exists():
        shutil.rmtree(to)
    shutil.copytree(ROOT / "rules", to)
    for path in sorted(to.rglob("*.yaml")):
        if not (path.parent / "pack.yaml").is_file():
            continue
        manifest = yaml.safe_load((path.parent / "pack.yaml").read_text(encoding="utf-8"))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if manifest.get("jurisdiction") != jurisdiction or not isinstance(data, dict):
            continue
        for entry in data.get("parameters", []) or []:
            if param in (entry.get("override"), entry.get("id")):
                for value in entry["values"]:
                    value["value"] += delta
                path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
                return f"{jurisdiction} {param} +{delta}"
    raise SystemExit(f"{jurisdiction} has no value of {param} to change")


def load() -> str:
    """The 1, 5 and 15 minute load averages (``uptime``)."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-n", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--chunk-size", type=int, default=1000)
    parser.add_argument("--dir", type=Path, default=Path("/tmp/lexgate-whatif-bench"))
    parser.add_argument(
        "--jurisdiction",
        default="江西省",
        help="whose hearing amount to raise: 江西省 (a local change) or 全国 (every case is evaluated)",
    )
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    cases = args.dir / f"cases-{args.n}.jsonl"
    if not cases.exists():
        started = time.perf_counter()
        subprocess.run([LEXGATE, "corpus", "generate", "-n", str(args.n), "-o", cases], check=True)
        print(f"generated {args.n} cases in {time.perf_counter() - started:.1f} s → {cases}", file=sys.stderr)
    change = candidate_rules(args.dir / "candidate", args.jurisdiction)
    report = args.dir / "report.json"
    before = load()
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [
            LEXGATE,
            "whatif",
            cases,
            "--candidate",
            args.dir / "candidate",
            "--format",
            "json",
            "--output",
            report,
            "--workers",
            str(args.workers),
            "--chunk-size",
            str(args.chunk_size),
            "--progress",
        ],
        check=True,
    )
    wall = time.perf_counter() - started
    spent = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = spent.ru_utime + spent.ru_stime - used.ru_utime - used.ru_stime  # workers are waited for
    after = load()
    with report.open("rb") as handle:  # the summary and run figures close the (large) report
        handle.seek(max(0, report.stat().st_size - 200_000))
        tail = handle.read().decode("utf-8", errors="ignore")
    run = json.loads(tail[tail.rindex('"run":') + 6 : tail.rindex("}")])
    summary_changed = tail[tail.index('"changed_cases":') :].split(",", 1)[0].split(":")[1].strip()
    workers = ", ".join(f"{mb:.0f}" for mb in run["worker_max_rss_mb"].values())
    print(
        "| cases | workers | change | wall s | cases/s | CPU s | parent peak RSS MB | worker peak RSS MB"
        " | changed cases | load before | load after |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| {args.n:,} | {args.workers} | {change} | {wall:.1f} | {args.n / wall:,.0f} | {cpu:.2f} |"
        f" {run['parent_max_rss_mb']:.0f} | {workers} | {summary_changed} | {before} | {after} |"
    )


if __name__ == "__main__":
    main()
