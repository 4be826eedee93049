"""The attack suite of CI: schemathesis against a live ``lexgate serve`` on SQLite and on PostgreSQL.

For each back end: a fresh database, one key per role and ``lexgate serve --workers 2``. Then, for each
role, one schemathesis run with that role's key (seeded, a bounded number of examples per operation:
about 3,000 requests per role) against the SQLite server; every request it sends goes again, unchanged but
for the key, to the PostgreSQL server (.ci/fuzz_mirror.py). Every answer of both servers must pass the
same checks: no 5xx, no status the operation does not document, nothing outside the published schema
(content type and headers included). The run prints, per role, how many requests each server answered,
and fails if the second one answered fewer or failed a check. Run by ``make test``; ``FUZZ_EXAMPLES``
and ``FUZZ_SEED`` override the bounds.

One client for both back ends: generating the cases was about two thirds of the suite's CPU, and with a
client per back end it was done twice (bench/README.md). ``python .ci/fuzz.py sqlite`` (or
``postgresql``) attacks one back end alone.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Backend:
    name: str
    port: int
    env: dict[str, str]
    keys: dict[str, str]  # role → its key on this server

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def served(name: str, work: Path) -> Iterator[Backend]:
    """A fresh database of the back end, one key per role and ``lexgate serve --workers 2`` on it."""
    pg_name = None
    if name == "sqlite":
        url = f"sqlite:///{work / 'fuzz.db'}"
    else:
        pg_name, url = postgres_database()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEXGATE_")}
    env |= {"LEXGATE_DATABASE_URL": url, "LEXGATE_LOG_LEVEL": "warning"}
    port = free_port()
    log_path = work / f"serve-{name}.log"
    log = log_path.open("wb")
    server = subprocess.Popen(
        [str(BIN / "lexgate"), "serve", "--port", str(port), "--workers", "2", "--executor", "compiled"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_ready(port, server)
        keys = {
            role: lexgate(env, "keys", "create", "--role", label, "--name", f"fuzz-{role}")
            for role, label in ROLES.items()
        }
        yield Backend(name, port, env, keys)
    except BaseException:
        log.flush()
        print(log_path.read_text(errors="replace")[-5000:], file=sys.stderr)
        raise
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
        if pg_name is not None:
            drop_postgres(pg_name)


def schemathesis(first: Backend, second: Backend | None, role: str, work: Path) -> int:
    """One schemathesis run with ``role``'s key against ``first``, each request mirrored to ``second``."""
    env = dict(first.env)
    counts = work / f"mirrored-{role}.json"
    if second is not None:
        env |= {
            "SCHEMATHESIS_HOOKS": str(Path(__file__).with_name("fuzz_mirror.py")),
            "FUZZ_MIRROR_URL": second.url,
            "FUZZ_MIRROR_KEYS": f"{first.keys[role]}={second.keys[role]}",
            "FUZZ_MIRROR_COUNTS": str(counts),
        }
    command = [
        sys.executable,
        str(Path(__file__).with_name("st.py")),  # schemathesis's ``st``, collecting less often
        "run",
        f"{first.url}/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        EXAMPLES,
        "--seed",
        SEED,
        "--header",
        f"Authorization: Bearer {first.keys[role]}",
        "--request-timeout",
        "30",
        "--phases",
        "examples,coverage,fuzzing",
        "--no-color",
    ]
    mirrored = f", every request again to {second.name}" if second is not None else ""
    print(f"== schemathesis, {first.name}{mirrored}, role {role} ==", flush=True)
    # in the scratch directory: schemathesis keeps a cache (.schemathesis/) where it runs
    code = subprocess.run(command, env=env, cwd=work, check=False).returncode
    if second is None:
        return code
    seen = json.loads(counts.read_text(encoding="utf-8")) if counts.exists() else {"seen": 0, "mirrored": 0}
    answered = f"{first.name} answered {seen['seen']} requests, {second.name} {seen['mirrored']}"
    print(f"== {answered}, every answer checked; {second.name} failed {seen.get('failed', 0)} ==")
    for failure in seen.get("failures", []):
        print(f"-- {second.name}: {failure}", file=sys.stderr)
    if seen["seen"] == 0 or seen["mirrored"] != seen["seen"] or seen.get("failed", 0):
        print(f"{second.name} did not answer every request as the schema says", file=sys.stderr)
        return code or 1
    return code


def main() -> int:
    backends = sys.argv[1:] or ["sqlite", "postgresql"]
    if len(backends) > 2 or any(name not in ("sqlite", "postgresql") for name in backends):
        raise SystemExit("usage: fuzz.py [sqlite|postgresql] [sqlite|postgresql]")
    work = Path(tempfile.mkdtemp(prefix="lexgate-fuzz-"))
    started = time.monotonic()
    try:
        with ExitStack() as stack:
            servers = []
            for name in backends:
                (work / name).mkdir()
                servers.append(stack.enter_context(served(name, work / name)))
            second = servers[1] if len(servers) > 1 else None
            failed = 0
            for role in ROLES:
                failed |= schemathesis(servers[0], second, role, work)
        print(f"== attack suite: {time.monotonic() - started:.0f} s ==")
        return failed
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
