"""The attack suite of CI: schemathesis against a live ``lexgate serve`` on SQLite and on PostgreSQL.

For each back end: a fresh database, one key per role, ``lexgate serve --workers 2``, then schemathesis
with each role's key (seeded, a bounded number of examples per operation: a few thousand requests per
back end). It fails on any 5xx, any status the operation does not document, and any answer outside the
published schema (content type and headers included). Run by ``make test``; ``FUZZ_EXAMPLES`` and
``FUZZ_SEED`` override the bounds.
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
import urllib.request
from pathlib import Path

BIN = Path(sys.executable).parent
ADMIN = os.environ.get("LEXGATE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "20")  # per operation and phase: ~1,500 requests per role
SEED = os.environ.get("FUZZ_SEED", "13")
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
                str(BIN / "st"),
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
            print(f"== schemathesis, {backend}, role {role} ==", flush=True)
            # in the scratch directory: schemathesis keeps a cache (.schemathesis/) where it runs
            failed |= subprocess.run(command, env=env, cwd=work, check=False).returncode
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
        for backend in backends:
            code = attack(backend, work)
            if code:
                print((work / f"serve-{backend}.log").read_text(errors="replace")[-5000:], file=sys.stderr)
            failed |= code
        return failed
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
