"""Open-loop HTTP load generator: ``POST /v1/triage`` at a fixed rate, in its own process.

    python bench/loadgen.py --port 8000 --key lgk_… --cases cases.jsonl --rate 300 --duration 30

Request *i* is due at ``start + i / rate`` whatever happened to the others (open loop), so a slow
server shows as latency instead of as a lower offered rate (no coordinated omission): latency is
measured from the due time. Bounded: at most ``rate × duration`` requests, and it gives up on a
request after ``--timeout`` seconds. Prints one JSON object with the counts and percentiles.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from pathlib import Path
from typing import Any


class Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def post(self, head: bytes, body: bytes) -> tuple[int, bytes]:
        self.writer.write(head + str(len(body)).encode() + b"\r\n\r\n" + body)
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)


async def run(args: argparse.Namespace) -> dict[str, Any]:
    cases = [
        line.encode() for line in Path(args.cases).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    head = (
        f"POST /v1/triage{args.query} HTTP/1.1\r\nHost: 127.0.0.1:{args.port}\r\n"
        f"Authorization: Bearer {args.key}\r\n"
        "Content-Type: application/json\r\nContent-Length: "
    ).encode()
    idle: list[Connection] = []
    latencies: list[float] = []
    service: list[float] = []
    errors: dict[str, int] = {}
    statuses: dict[int, int] = {}
    total = int(args.rate * args.duration)

    async def one(i: int, due: float) -> None:
        conn = idle.pop() if idle else None
        try:
            if conn is None:
                conn = Connection(*await asyncio.open_connection("127.0.0.1", args.port))
            sent = time.perf_counter()
            try:
                status, body = await asyncio.wait_for(conn.post(head, cases[i % len(cases)]), args.timeout)
            except (IndexError, ConnectionResetError, asyncio.IncompleteReadError):
                # a kept-alive connection the server closed meanwhile (idle timeout): retry once on a
                # new one, as HTTP clients do; the latency still counts from the due time
                conn = Connection(*await asyncio.open_connection("127.0.0.1", args.port))
                status, body = await asyncio.wait_for(conn.post(head, cases[i % len(cases)]), args.timeout)
            done = time.perf_counter()
            statuses[status] = statuses.get(status, 0) + 1
            if status != 200 or b'"record"' not in body:
                errors[f"http {status}"] = errors.get(f"http {status}", 0) + 1
            latencies.append(done - due)
            service.append(done - sent)
            idle.append(conn)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
            errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1

    tasks = []
    cpu0 = time.process_time()
    start = time.perf_counter() + 0.2
    for i in range(total):
        due = start + i / args.rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    wall = time.perf_counter() - start
    cpu = time.process_time() - cpu0
    for conn in idle:
        conn.writer.close()

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return (
            round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)
            if ordered
            else float("nan")
        )

    return {
        "offered_rate": args.rate,
        "requests": total,
        "ok": statuses.get(200, 0),
        "errors": errors,
        "achieved_rate": round(statuses.get(200, 0) / wall, 1),
        "wall_s": round(wall, 2),
        "p50_ms": pct(latencies, 0.50),
        "p90_ms": pct(latencies, 0.90),
        "p99_ms": pct(latencies, 0.99),
        "max_ms": pct(latencies, 1.0),
        "service_p50_ms": pct(service, 0.50),
        "service_p99_ms": pct(service, 0.99),
        "cpu_ms_per_request": round(cpu / max(total, 1) * 1000, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--cases", required=True)
    parser.add_argument("--rate", type=float, default=300)
    parser.add_argument("--duration", type=float, default=30, help="seconds (at most 600)")
    parser.add_argument("--timeout", type=float, default=10)
    parser.add_argument("--query", default="", help="appended to the path, e.g. ?explain=none")
    args = parser.parse_args()
    args.duration = min(args.duration, 600)
    print(json.dumps(asyncio.run(run(args))))


if __name__ == "__main__":
    main()
