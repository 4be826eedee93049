"""Benchmark: sustained ``POST /v1/triage`` through ``lexgate serve --workers 2`` with decision records.

    .venv/bin/python bench/api_bench.py --backend sqlite|postgresql [--rate 300] [--duration 30]
        [--root OTHER_CHECKOUT] [--json-out FILE]

``--root`` serves another checkout with its own ``.venv`` (an A/B against an older commit: see
bench/issue14.sh); ``--json-out`` writes the figures as JSON too, with the average bytes stored per record.

Sets everything up itself in a temporary directory: a fresh database (a SQLite file, or a new
PostgreSQL database on the local server, dropped afterwards), a handler's key, and a seeded corpus
(``lexgate corpus generate``) with every case sent to 江西省宜春市 (national + 江西 + 宜春 packs). Starts
the server, runs ``bench/loadgen.py`` in its own process (open loop, bounded in count and time),
stops the server, checks the chain with ``lexgate records verify`` and that every 200 was recorded,
and prints one Markdown row. Nothing here is asserted: figures go to bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"  # replaced by --root's
ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def corpus(path: Path, n: int, jurisdiction: str) -> None:
    raw = subprocess.run(
        [BIN / "lexgate", "corpus", "generate", "-n", str(n), "--from", "2026-01-01", "--to", "2026-12-31"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    with path.open("w", encoding="utf-8") as out:
        for line in raw.splitlines():
            case = json.loads(line)
            case["jurisdiction"] = jurisdiction
            out.write(json.dumps(case, ensure_ascii=False) + "\n")


TICKS = os.sysconf("SC_CLK_TCK")


def _stats() -> dict[int, tuple[int, str, float]]:
    """pid → (parent pid, command name, CPU seconds) of every process."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            text = (entry / "stat").read_text()
        except OSError:
            continue
        name = text[text.index("(") + 1 : text.rindex(")")]
        fields = text[text.rindex(")") + 2 :].split()
        out[int(entry.name)] = (int(fields[1]), name, (int(fields[11]) + int(fields[12])) / TICKS)
    return out


def cpu_seconds(root: int) -> tuple[float, float]:
    """CPU seconds used so far by the process tree under ``root``, and by all PostgreSQL processes."""
    stats = _stats()
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, (ppid, _, _) in stats.items() if ppid == parent]
        tree.update(children)
        frontier.extend(children)
    server = sum(stats[pid][2] for pid in tree if pid in stats)
    postgres = sum(cpu for _, name, cpu in stats.values() if name == "postgres")
    return server, postgres


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--jurisdiction", default="江西省宜春市")
    parser.add_argument("--executor", default=None, help="default: the server's (durable where available)")
    parser.add_argument(
        "--explain", choices=["full", "reasons", "none"], default=None, help="?explain= (default: none sent)"
    )
    parser.add_argument("--warmup", type=float, default=5, help="seconds of load before the measured run")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve (its .venv)")
    parser.add_argument("--json-out", type=Path, default=None)
    args = parser.parse_args()
    global BIN  # noqa: PLW0603 (a script: the checkout chosen on the command line)
    BIN = args.root.resolve() / ".venv" / "bin"

    tmp = Path(tempfile.mkdtemp(prefix="lexgate-api-bench-"))
    print(f"working in {tmp}", file=sys.stderr)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEXGATE_")}
    dbname = None
    if args.backend == "sqlite":
        env["LEXGATE_DATABASE_URL"] = f"sqlite:///{tmp / 'records.db'}"
    else:
        dbname = f"lexgate_bench_{os.getpid()}"
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {dbname}")  # type: ignore[arg-type]
        env["LEXGATE_DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{dbname}"
    cases = tmp / "cases.jsonl"
    corpus(cases, args.cases, args.jurisdiction)
    key = subprocess.run(
        [BIN / "lexgate", "keys", "create", "--role", "办案人员", "--name", "bench"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    port = free_port()
    command = [str(BIN / "lexgate"), "serve", "--port", str(port), "--workers", str(args.workers)]
    if args.executor:
        command += ["--executor", args.executor]
    log = (tmp / "server.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=log, start_new_session=True)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(2)  # both workers up
        gen = [
            sys.executable,
            str(ROOT / "bench" / "loadgen.py"),
            "--port",
            str(port),
            "--key",
            key,
            "--cases",
            str(cases),
            *(["--query", f"?explain={args.explain}"] if args.explain else []),
        ]
        warm_ok = 0
        if args.warmup:
            warm = subprocess.run(
                [*gen, "--rate", str(args.rate), "--duration", str(args.warmup)],
                capture_output=True,
                text=True,
                check=True,
            )
            warm_ok = json.loads(warm.stdout)["ok"]
        before = load()
        server_cpu0, pg_cpu0 = cpu_seconds(server.pid)
        result = json.loads(
            subprocess.run(
                [*gen, "--rate", str(args.rate), "--duration", str(args.duration)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        server_cpu1, pg_cpu1 = cpu_seconds(server.pid)
        after = load()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
    verify = subprocess.run(
        [BIN / "lexgate", "records", "verify", "--format", "json"],
        env=env,
        capture_output=True,
        text=True,
        check=False,  # exit 1 means a broken chain: reported below
    )
    report = json.loads(verify.stdout)
    executor = last_executor(args.backend, tmp, env["LEXGATE_DATABASE_URL"])
    stored = record_bytes(args.backend, tmp, env["LEXGATE_DATABASE_URL"])
    if dbname:
        with psycopg.connect(ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE {dbname} WITH (FORCE)")  # type: ignore[arg-type]
    # every 200 of both runs is a record (there may be more: requests the generator gave up waiting for)
    all_recorded = report["records"] >= warm_ok + result["ok"]
    print(json.dumps({**result, "verified": report["ok"], "records": report["records"]}), file=sys.stderr)
    handled = max(result["ok"], 1)
    server_ms = (server_cpu1 - server_cpu0) / handled * 1000
    pg_ms = (pg_cpu1 - pg_cpu0) / handled * 1000 if args.backend == "postgresql" else 0.0
    print(
        f"CPU per answered request: server {server_ms:.2f} ms, postgres {pg_ms:.2f} ms, "
        f"load generator {result['cpu_ms_per_request']:.2f} ms",
        file=sys.stderr,
    )
    errors = sum(result["errors"].values())
    chain = "yes" if report["ok"] else "NO"
    recorded = "all 200s recorded" if all_recorded else "NOT all 200s recorded"
    cells = [
        args.backend,
        args.workers,
        f"{result['offered_rate']:g}",
        f"{args.duration:g}",
        f"{result['requests']:,}",
        f"{result['achieved_rate']:g}",
        result["p50_ms"],
        result["p90_ms"],
        result["p99_ms"],
        result["max_ms"],
        errors,
        f"{chain} ({report['records']:,} records, {recorded})",
        executor,
        f"{server_ms:.1f} / {pg_ms:.1f} / {result['cpu_ms_per_request']:.1f}",
        f"{before} → {after}",
    ]
    print("| " + " | ".join(str(c) for c in cells) + " |")
    if args.json_out:
        figures = {**result, "server_cpu_ms": server_ms, "postgres_cpu_ms": pg_ms, "executor": executor}
        figures.update(stored_bytes_per_record=stored, load_before=before, load_after=after)
        args.json_out.write_text(json.dumps(figures, indent=1), encoding="utf-8")


def record_bytes(backend: str, tmp: Path, url: str) -> float:
    """Average UTF-8 bytes of a record's stored columns (request, result, ids, hashes: every column)."""
    query = "SELECT * FROM records"
    if backend == "sqlite":
        with sqlite3.connect(tmp / "records.db") as db:
            rows = db.execute(query).fetchall()
    else:
        with psycopg.connect(url) as conn:
            rows = conn.execute(query).fetchall()
    total = sum(len(str(v).encode()) for row in rows for v in row if v is not None)
    return total / max(len(rows), 1)


def last_executor(backend: str, tmp: Path, url: str) -> str:
    query = "SELECT executor FROM records ORDER BY seq DESC LIMIT 1"
    if backend == "sqlite":
        with sqlite3.connect(tmp / "records.db") as db:
            return str(db.execute(query).fetchone()[0])
    with psycopg.connect(url) as conn:
        row = conn.execute(query).fetchone()
        return str(row[0]) if row else "?"


if __name__ == "__main__":
    main()
