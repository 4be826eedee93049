"""The attack suite of CI: schemathesis against a live ``lexgate serve`` on SQLite and on PostgreSQL.

For each back end: a fresh database, one key per role, ``lexgate serve --workers 2``, then schemathesis
with each role's key (seeded, a bounded number of examples per operation: a few thousand requests per
back end). It fails on any 5xx, any status the operation does not document, and any answer outside the
published schema (content type and headers included). Run by ``make test``; ``FUZZ_EXAMPLES`` and
``FUZZ_SEED`` override the bounds.

The two back ends are attacked at the same time (``FUZZ_JOBS``, default 2; 1: one after the other): each
has its own database, server, port and scratch directory, and the same seeded cases as when run alone.
One schemathesis client waits on its server's answer and the server on the next request, so one back end
keeps about one core busy; two keep both cores of the CI machine busy. Each run's output is printed whole
when it ends.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import typing
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BIN = Path(sys.executable).parent
ADMIN = os.environ.get("LEXGATE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "20")  # per operation and phase: ~1,500 requests per role
SEED = os.environ.get("FUZZ_SEED", "13")
JOBS = int(os.environ.get("FUZZ_JOBS", "2"))  # back ends attacked at once
ROLES = {"handler": "办案人员", "legal": "法制", "auditor": "审计"}
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
    )
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def lexgate(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([str(BIN / "lexgate"), *args], env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def wait_ready(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(600):  # bounded: at most about a minute
        if server.poll() is not None:
            raise SystemExit(f"lexgate serve ended with {server.returncode} before it was ready")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("lexgate serve did not become ready")


def postgres_database() -> tuple[str, str]:
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"lexgate_fuzz_{os.getpid()}"
    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return name, make_url(ADMIN).set(database=name).render_as_string(hide_password=False)


def drop_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect(ADMIN, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def attack(backend: str, work: Path) -> int:
    """Every role against one back end; schemathesis's output goes to ``work/<backend>/out.txt``."""
    work = work / backend
    work.mkdir()
    print(f"== {backend}: lexgate serve and schemathesis, every role (output below when done) ==", flush=True)
    out = (work / "out.txt").open("wb")
    started = time.monotonic()
    try:
        return _attack(backend, work, out)
    finally:
        out.write(f"== {backend}: {time.monotonic() - started:.0f} s ==\n".encode())
        out.close()


def _attack(backend: str, work: Path, out: typing.IO[bytes]) -> int:
    pg_name = None
    if backend == "sqlite":
        url = f"sqlite:///{work / 'fuzz.db'}"
    else:
        pg_name, url = postgres_database()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEXGATE_")}
    env |= {"LEXGATE_DATABASE_URL": url, "LEXGATE_LOG_LEVEL": "warning"}
    port = free_port()
    log = (work / f"serve-{backend}.log").open("wb")
    server = subprocess.Popen(
        [str(BIN / "lexgate"), "serve", "--port", str(port), "--workers", "2", "--executor", "compiled"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_ready(port, server)
        failed = 0
        for role, label in ROLES.items():
            key = lexgate(env, "keys", "create", "--role", label, "--name", f"fuzz-{role}")
            command = [
                sys.executable,
                str(Path(__file__).with_name("st.py")),  # schemathesis's ``st``, collecting less often
                "run",
                f"http://127.0.0.1:{port}/openapi.json",
                "--checks",
                CHECKS,
                "--max-examples",
                EXAMPLES,
                "--seed",
                SEED,
                "--header",
                f"Authorization: Bearer {key}",
                "--request-timeout",
                "30",
                "--phases",
                "examples,coverage,fuzzing",
                "--no-color",
            ]
            out.write(f"== schemathesis, {backend}, role {role} ==\n".encode())
            out.flush()
            # in the scratch directory: schemathesis keeps a cache (.schemathesis/) where it runs
            done = subprocess.run(
                command, env=env, cwd=work, stdout=out, stderr=subprocess.STDOUT, check=False
            )
            failed |= done.returncode
        return failed
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
        if pg_name is not None:
            drop_postgres(pg_name)


def main() -> int:
    backends = sys.argv[1:] or ["sqlite", "postgresql"]
    work = Path(tempfile.mkdtemp(prefix="lexgate-fuzz-"))
    try:
        failed = 0
        with ThreadPoolExecutor(max_workers=max(JOBS, 1)) as pool:
            codes = list(pool.map(lambda backend: attack(backend, work), backends))
        for backend, code in zip(backends, codes, strict=True):
            sys.stdout.write((work / backend / "out.txt").read_text(errors="replace"))
            sys.stdout.flush()
            if code:
                log = work / backend / f"serve-{backend}.log"
                print(log.read_text(errors="replace")[-5000:], file=sys.stderr)
            failed |= code
        return failed
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
