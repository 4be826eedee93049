"""CPU time per ``POST /v1/triage`` in one process (SQLite, records on, the writer thread included), and
where it goes: load-independent, unlike the latency of a live server on a shared host.

    .venv/bin/python bench/api_cpu.py [--root CHECKOUT] [-n 300] [--warmup 100] [--explain full]
        [--executor durable] [--client asgi|httpx] [--profile 25 [--filter REGEX]]

``--root`` measures another checkout with its own ``.venv`` (re-runs itself with that interpreter).
``--client asgi`` (default) hands each request to the app as a server does (scope, body, send): the
figure is the app's CPU; ``--client httpx`` goes through httpx's ASGI transport, whose CPU (≈ 0.5 ms a
request) is then included, as in this script's figures before 2026-12-06 15:30 UTC.
Prints CPU ms per request (``time.process_time``), the average UTF-8 bytes of a stored record (every
column) and, with ``--profile N``, the N functions of highest cumulative CPU time (cProfile), by default
in lexgate's packages, JSON, hashing and SQLAlchemy's execute. Nothing is asserted: figures go to
bench/README.md.
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
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


Post = Callable[[bytes], Awaitable[None]]


def asgi_poster(app: Any, path: str, headers: dict[str, str]) -> Post:
    """POST ``path`` straight into the ASGI app, as a server hands it a parsed request: the client's
    and HTTP parsing's CPU stay out of the figure (the live server's are in bench/api_bench.py)."""
    raw_headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    raw_headers += [(b"host", b"bench"), (b"content-type", b"application/json")]
    route, _, query = path.partition("?")

    async def post(body: bytes) -> None:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": route,
            "raw_path": route.encode(),
            "root_path": "",
            "query_string": query.encode(),
            "headers": [*raw_headers, (b"content-length", str(len(body)).encode())],
            "client": ("127.0.0.1", 50000),
            "server": ("bench", 80),
        }
        messages = [{"type": "http.request", "body": body, "more_body": False}]
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return messages.pop() if messages else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await app(scope, receive, send)
        status = sent[0]["status"]
        assert status == 200, b"".join(m.get("body", b"") for m in sent[1:])

    return post


def httpx_poster(client: Any, path: str, headers: dict[str, str]) -> Post:
    """POST through httpx's ASGI transport (client included, as this script measured before)."""

    async def post(body: bytes) -> None:
        response = await client.post(
            path, content=body, headers={**headers, "content-type": "application/json"}
        )
        assert response.status_code == 200, response.text

    return post


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
        if args.client == "asgi":
            post = asgi_poster(app, "/v1/triage" + query, headers)
        else:
            transport = httpx2.ASGITransport(app=app)
            client = httpx2.AsyncClient(transport=transport, base_url="http://bench")
            post = httpx_poster(client, "/v1/triage" + query, headers)
        bodies = [json.dumps(raw, ensure_ascii=False).encode() for raw in cases]
        if args.stub_engine:  # every measured case triaged once beforehand; then looked up
            stub_engine()
            for body in bodies[args.warmup :]:
                await post(body)
        for body in bodies[: args.warmup]:
            await post(body)
        start = time.process_time()
        if profiler:
            profiler.enable()
        for body in bodies[args.warmup :]:
            await post(body)
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
    measured = cases[args.warmup :]
    engine = 0.0 if profiler or args.stub_engine else engine_cpu(app, measured, args.explain or "full")
    return {
        "cpu_ms_per_request": cpu / args.n * 1000,
        "engine_ms_per_request": engine / args.n * 1000,
        "stored_bytes_per_record": stored,
    }


def stub_engine() -> None:
    """Replace the API's call of the engine by a lookup of its first answer to the same request: what
    remains of the CPU per request is the API's and the store's alone (serialising and recording the
    same results included)."""
    from api.services import recording

    real = getattr(recording, "triage_request")  # noqa: B009 (not re-exported)
    memo: dict[str, Any] = {}

    def looked_up(ruleset: Any, raw: Any, today: Any, executor: Any, explain: Any = "full") -> Any:
        key = json.dumps([raw, str(today), explain], sort_keys=True, ensure_ascii=False)
        if key not in memo:
            memo[key] = real(ruleset, raw, today, executor, explain)
        return memo[key]

    setattr(recording, "triage_request", looked_up)  # noqa: B010


def engine_cpu(app: Any, cases: list[dict[str, Any]], explain: Any) -> float:
    """CPU seconds of the engine's part alone (``triage_request`` on the same cases, executor and rule set
    as the app's, after it): the rest of ``cpu_ms_per_request`` is the API's and the store's."""
    import datetime as dt

    from engine import triage_request

    service = app.state.lexgate.triage
    ruleset = service.rules.cached().ruleset
    today = dt.date.today()
    start = time.process_time()
    for raw in cases:
        triage_request(ruleset, raw, today, service.single_executor, explain)
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=None, help="the checkout to measure (its .venv)")
    parser.add_argument("-n", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--explain", choices=["full", "reasons", "none"], default=None)
    parser.add_argument("--executor", choices=["compiled", "durable"], default="durable")
    parser.add_argument(
        "--client",
        choices=["asgi", "httpx"],
        default="asgi",
        help="asgi: requests handed to the app as a server does; httpx: through httpx (its CPU included)",
    )
    parser.add_argument(
        "--stub-engine",
        action="store_true",
        help="the engine's triage looked up: the API's and store's CPU alone",
    )
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
