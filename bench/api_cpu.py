"""CPU time per ``POST /v1/triage`` in one process (an in-process ASGI client, SQLite, records on), and
where it goes: load-independent, unlike the latency of a live server on a shared host.

    .venv/bin/python bench/api_cpu.py [--root CHECKOUT] [-n 300] [--warmup 100] [--explain full]
        [--executor durable] [--profile 25]

``--root`` measures another checkout with its own ``.venv`` (re-runs itself with that interpreter).
Prints CPU ms per request (``time.process_time``, client included: it is a small share), the average
UTF-8 bytes of a stored record (every column) and, with ``--profile N``, the N functions of highest
cumulative CPU time (cProfile) in lexgate's
packages, JSON, hashing and SQLAlchemy's execute. Nothing is asserted: figures go to bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import json
import os
import pstats
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(args: argparse.Namespace) -> dict[str, float]:
    import httpx2

    from api.app import create_app
    from api.settings import Settings
    from engine import load_ruleset
    from store.roles import Role
    from tools.corpus.generate import CorpusSpec, generate

    tmp = Path(tempfile.mkdtemp(prefix="lexgate-api-cpu-"))
    db = tmp / "records.db"
    rules = Path.cwd() / "rules"
    settings = Settings(database_url=f"sqlite:///{db}", rules_dir=rules, executor=args.executor)
    app = create_app(settings)
    key = app.state.lexgate.store.keys.create("bench", Role.handler)[1]
    cases = []
    for raw in generate(load_ruleset(rules), CorpusSpec(n=args.n + args.warmup, seed=20261201)):
        raw["jurisdiction"] = "江西省宜春市"
        cases.append(raw)
    headers = {"Authorization": f"Bearer {key}"}
    query = "" if args.explain is None else f"?explain={args.explain}"
    profiler = cProfile.Profile(time.process_time) if args.profile else None

    async def run() -> float:
        # the app in this thread's event loop (no portal thread): cProfile sees the server's work
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://bench") as client:
            for raw in cases[: args.warmup]:
                response = await client.post("/v1/triage" + query, json=raw, headers=headers)
                assert response.status_code == 200, response.text
            start = time.process_time()
            if profiler:
                profiler.enable()
            for raw in cases[args.warmup :]:
                response = await client.post("/v1/triage" + query, json=raw, headers=headers)
                assert response.status_code == 200, response.text
            if profiler:
                profiler.disable()
            return time.process_time() - start

    cpu = asyncio.run(run())
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT * FROM records").fetchall()
    stored = sum(len(str(v).encode()) for row in rows for v in row if v is not None) / len(rows)
    if profiler:
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
        stats.print_stats(args.filter, args.profile)
        print(out.getvalue(), file=sys.stderr)
    return {"cpu_ms_per_request": cpu / args.n * 1000, "stored_bytes_per_record": stored}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=None, help="the checkout to measure (its .venv)")
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--explain", choices=["full", "reasons", "none"], default=None)
    parser.add_argument("--executor", choices=["compiled", "durable"], default="durable")
    parser.add_argument("--profile", type=int, default=0, help="print the top N functions (cumulative)")
    parser.add_argument(
        "--filter",
        default=r"/(api|engine|store|tools)/|json|hashlib|sqlalchemy.engine.base",
        help="the profile's functions: a regular expression over file:line(function)",
    )
    args = parser.parse_args()
    if args.root is not None:  # the other checkout's interpreter, in that checkout
        root = args.root.resolve()
        argv = [a for a in sys.argv[1:] if a not in ("--root", str(args.root))]
        command = [str(root / ".venv" / "bin" / "python"), str(Path(__file__).resolve()), *argv]
        env = {**os.environ, "PYTHONPATH": str(root)}
        raise SystemExit(subprocess.run(command, cwd=root, env=env, check=False).returncode)
    sys.path.insert(0, str(Path.cwd()))
    print(json.dumps(measure(args)))


if __name__ == "__main__":
    main()
