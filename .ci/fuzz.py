"""The attack suite of CI: schemathesis against a live ``lexgate serve`` on SQLite and on PostgreSQL.

For each back end: a fresh database, one key per role and ``lexgate serve --workers 2``. Then, for each
role, one schemathesis run with that role's key (seeded, a bounded number of examples per operation)
against the SQLite server, over the operations the role may call (``x-roles`` in /openapi.json; the
operations that need no key go with the first role only), and a short one over the others, which must
answer a documented 403; every request either run sends goes again, unchanged but for the key, to the
PostgreSQL server (.ci/fuzz_mirror.py). Every answer of both servers must pass the
same checks: no 5xx, no status the operation does not document, nothing outside the published schema
(content type and headers included). The run prints, per role, how many requests each server answered,
and fails if the second one answered fewer or failed a check. Run by ``make test``; ``FUZZ_EXAMPLES``
and ``FUZZ_SEED`` override the bounds.

One client for both back ends: generating the cases was about two thirds of the suite's CPU, and with a
client per back end it was done twice (bench/README.md). A role's key is refused before its body or
parameters are read, so the full budget spent on an operation the role may not call only tested the
403 again and again: a third of all requests (bench/README.md). ``python .ci/fuzz.py sqlite`` (or
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
from typing import Any

BIN = Path(sys.executable).parent
ADMIN = os.environ.get("LEXGATE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
EXAMPLES = os.environ.get("FUZZ_EXAMPLES", "20")  # per operation and phase, on the role's own operations
SHARED_EXAMPLES = "5"  # per operation an earlier role attacked with the full budget: this role's view
REFUSED_EXAMPLES = "3"  # per operation the role may not call: its 403 only
SEED = os.environ.get("FUZZ_SEED", "13")
ROLES = ("handler", "legal", "auditor")  # the order of the runs
UNIT_ROLES = ("handler", "legal")  # the roles whose keys are put into a 执法单位
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
def served(name: str, work: Path) -> Iterator[tuple[Backend, subprocess.Popen[bytes]]]:
    """A fresh database of the back end, one key per role and ``lexgate serve --workers 2`` started on it
    (not yet ready: the caller waits, so that both servers start at once)."""
    from store import Store
    from store.roles import Role

    pg_name = None
    if name == "sqlite":
        url = f"sqlite:///{work / 'fuzz.db'}"
    else:
        pg_name, url = postgres_database()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEXGATE_")}
    env |= {"LEXGATE_DATABASE_URL": url, "LEXGATE_LOG_LEVEL": "warning"}
    store = Store.open(url)  # migrates the new database; a key in it costs no `lexgate keys` process
    made = {role: store.keys.create(f"fuzz-{role}", Role(role)) for role in ROLES}
    # the handler and legal keys belong to a 执法单位, as a bureau's do: without one, every case
    # operation refused them (403 no_unit) before it read anything; the auditor sees every unit
    unit = store.units.create("攻击测试市场监督管理局")
    for role in UNIT_ROLES:
        store.units.assign(made[role][0].key_id, unit.unit_id)
    keys = {role: secret for role, (_, secret) in made.items()}
    store.close()
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
        yield Backend(name, port, env, keys), server
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


@dataclass(frozen=True)
class Attack:
    """One schemathesis run: a role's key against some operations (by operationId)."""

    role: str
    operations: tuple[str, ...]
    examples: str
    phases: str
    what: str  # printed before the run


def attacks(spec: dict[str, Any]) -> list[Attack]:
    """Each operation gets the full budget once, with the key of the first role (in ``ROLES``' order) that
    may call it (the operations that need no key: with the first role's). A role changes only who is let in
    and what they may see, not how a body or a parameter is read: the other roles that may call it get a
    few cases each, the roles that may not a few more that must answer 403."""
    operations = [op for path in spec["paths"].values() for op in path.values()]
    planned: list[Attack] = []
    for number, role in enumerate(ROLES):
        earlier = ROLES[:number]
        own, shared, refused = [], [], []
        for op in operations:
            admitted = op.get("x-roles", ROLES)  # no x-roles: no key needed, anyone may call it
            if role not in admitted:
                refused.append(op["operationId"])
            elif any(r in admitted for r in earlier):
                shared.append(op["operationId"])
            else:
                own.append(op["operationId"])
        for ids, examples, phases, what in (
            (own, EXAMPLES, "examples,coverage,fuzzing", "the operations it is the first to call"),
            (shared, SHARED_EXAMPLES, "fuzzing", "the operations an earlier role attacked"),
            (refused, REFUSED_EXAMPLES, "fuzzing", "the operations it may not call"),
        ):
            if ids:
                planned.append(Attack(role, tuple(ids), examples, phases, what))
    return planned


def schemathesis(first: Backend, second: Backend | None, attack: Attack, work: Path, number: int) -> int:
    """One schemathesis run with the attack's key against ``first``, each request mirrored to ``second``."""
    role = attack.role
    env = dict(first.env)
    counts = work / f"mirrored-{number}.json"
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
        attack.examples,
        "--seed",
        SEED,
        "--header",
        f"Authorization: Bearer {first.keys[role]}",
        "--request-timeout",
        "30",
        "--phases",
        attack.phases,
        "--no-color",
    ]
    for operation in attack.operations:
        command += ["--include-operation-id", operation]
    mirrored = f", every request again to {second.name}" if second is not None else ""
    print(
        f"== schemathesis, {first.name}{mirrored}, role {role}, {attack.what} ({len(attack.operations)}) ==",
        flush=True,
    )
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
            started_servers = []
            for name in backends:
                (work / name).mkdir()
                started_servers.append(stack.enter_context(served(name, work / name)))
            for backend, process in started_servers:
                wait_ready(backend.port, process)
            servers = [backend for backend, _ in started_servers]
            second = servers[1] if len(servers) > 1 else None
            with urllib.request.urlopen(f"{servers[0].url}/openapi.json", timeout=60) as published:
                spec = json.loads(published.read())
            failed = 0
            for number, attack in enumerate(attacks(spec)):
                failed |= schemathesis(servers[0], second, attack, work, number)
        print(f"== attack suite: {time.monotonic() - started:.0f} s ==")
        return failed
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
