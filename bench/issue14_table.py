"""The issue-14 table from the outputs of bench/issue14.sh (one directory): old vs new per row.

.venv/bin/python bench/issue14_table.py bench/results/issue14-<date>
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

GOALS = {
    "compiled-full": ("宜春 full triage with explanations, compiled (instr./case)", "≤ 250 µs"),
    "durable-full": ("宜春 full triage with explanations, durable (instr./case)", "≤ 500 µs"),
    "compiled-none": ("宜春 triage, compiled, explain=none (instr./case)", "(new)"),
    "durable-eval": ("durable evaluate only, 宜春 packs (instr./case)", "≤ 150 µs"),
}


def _json(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _engine(out: Path, side: str) -> dict[str, float]:
    path = out / f"engine-{side}.tsv"
    if not path.is_file():
        return {}
    rows = (line.split("\t") for line in path.read_text().splitlines() if "\t" in line)
    return {name: float(value) for name, value in rows}


def _whatif(out: Path, side: str) -> str:
    path = out / f"whatif-{side}.md"
    if not path.is_file():
        return "—"
    last = path.read_text(encoding="utf-8").strip().splitlines()[-1].split("|")
    return f"{last[5].strip()} cases/s ({last[4].strip()} s)"


def _best_rate(out: Path, side: str) -> str:
    best = None
    for path in sorted(out.glob(f"api-sqlite-rate*-{side}.json")):
        figures = _json(path)
        p99 = figures.get("p99_ms") if figures else None
        kept_up = bool(figures) and figures["achieved_rate"] >= 0.95 * figures["offered_rate"]  # type: ignore[index]
        if figures and kept_up and isinstance(p99, int | float) and not math.isnan(p99) and p99 <= 100:
            best = max(best or 0, figures["offered_rate"])
    return "none of the rates tried" if best is None else f"{best:g} req/s"


def main() -> None:
    out = Path(sys.argv[1])
    print((out / "host.txt").read_text(encoding="utf-8") if (out / "host.txt").is_file() else "")
    print("| row | old | new | goal |")
    print("| --- | ---: | ---: | ---: |")
    old, new = _engine(out, "old"), _engine(out, "new")
    for key, (label, goal) in GOALS.items():
        if key in old or key in new:
            o, n = old.get(key), new.get(key)
            ratio = f" ({n / o:.2f}×)" if o and n else ""
            print(f"| {label} | {o or 0:,.0f} | {n or 0:,.0f}{ratio} | {goal} |")
    cpu_old, cpu_new = _json(out / "api-cpu-old.json"), _json(out / "api-cpu-new.json")
    if cpu_old and cpu_new:
        print(
            f"| API CPU per triage incl. record (in-process, SQLite, durable) | "
            f"{cpu_old['cpu_ms_per_request']:.2f} ms | {cpu_new['cpu_ms_per_request']:.2f} ms | ≤ 1.5 ms |"
        )
        print(
            f"| stored record per triage (every column, UTF-8) | {cpu_old['stored_bytes_per_record']:,.0f} B"
            f" | {cpu_new['stored_bytes_per_record']:,.0f} B | ≤ 4 KB |"
        )
    for backend in ("sqlite", "postgresql"):
        o, n = _json(out / f"api-{backend}-300-old.json"), _json(out / f"api-{backend}-300-new.json")
        if o and n:
            cells = [
                f"p99 {f['p99_ms']} ms, {f['achieved_rate']} req/s, server CPU {f['server_cpu_ms']:.1f} ms"
                for f in (o, n)
            ]
            print(f"| API at 300 req/s, 2 workers, {backend} | {cells[0]} | {cells[1]} | p99 ≤ 25 ms |")
    if any(out.glob("api-sqlite-rate*")):
        print(
            f"| highest rate with p99 ≤ 100 ms (SQLite) | {_best_rate(out, 'old')} | "
            f"{_best_rate(out, 'new')} | ≥ 600 req/s |"
        )
    if (out / "whatif-old.md").is_file():
        print(
            f"| whatif, 2 workers, 100,000 cases, 江西 +2,000 | {_whatif(out, 'old')} | "
            f"{_whatif(out, 'new')} | ≥ 50,000 cases/s |"
        )


if __name__ == "__main__":
    main()
