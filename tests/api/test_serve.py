"""``lexgate serve`` for real: the README's commands, and two workers writing one chain."""

from __future__ import annotations

import functools
import http.client
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.cli_in_process import lexgate as run_lexgate
from tests.openapi_contract import Contract

from .conftest import ROOT
from .test_triage import SMALL

BIN = Path(sys.executable).parent


def readme_block() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"<!-- readme-test: serve.*?-->\n```sh\n(.*?)```", text, re.S)
    assert found, "README.md lost its lexgate serve block"
    return found.group(1)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _env(tmp_path: Path, database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEXGATE_")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")  # the embedded default lands here
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    if not database_url.startswith("sqlite"):
        env["LEXGATE_DATABASE_URL"] = database_url
    return env


def test_the_readme_commands_work(database_url: str, tmp_path: Path, openapi_spec: dict[str, Any]) -> None:
    port = free_port()
    script = readme_block().replace("8000", str(port)).replace(".venv/bin/", f"{BIN}/")
    script = "set -e\ntrap 'kill %1 2>/dev/null; wait' EXIT\n" + script
    with subprocess.Popen(
        ["bash", "-c", script],
        cwd=tmp_path,  # not the repository: the installed command must find its rules by itself
        env={**_env(tmp_path, database_url), "LEXGATE_PORT": str(port)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=120)  # bounded: the README's wait loop has no limit
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
    assert proc.returncode == 0, out + err
    assert f"http://127.0.0.1:{port}" in out
    triage_line = next(line for line in out.splitlines() if '"decisions"' in line)
    triage = json.loads(triage_line)
    assert triage["decisions"]["legal_review"]["outcome"] == "required"
    assert triage["record"]["seq"] == 1
    verify_line = next(line for line in out.splitlines() if line.startswith('{"ok"'))
    verify = json.loads(verify_line)
    # curl printed the bodies without their status: they are the operations' 200 answers (a success
    # is what this test requires), checked against the document the same code publishes
    contract = Contract(openapi_spec)
    contract.check("POST", "/v1/triage", 200, "application/json", triage_line.encode())
    contract.check("GET", "/v1/records/verify", 200, "application/json", verify_line.encode())
    assert verify["ok"] and verify["records"] == 1
    assert "记录链完整: 1 条记录" in out
    if database_url.startswith("sqlite"):
        assert (tmp_path / "data" / "lexgate" / "lexgate.db").is_file()


def _request(
    port: int,
    key: str,
    body: object = None,
    method: str = "POST",
    path: str = "/v1/triage",
    contract: Contract | None = None,
) -> tuple[int, dict[str, object]]:
    """One request to the server on ``port``; its answer checked against ``contract`` when given."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        payload = json.dumps(body, ensure_ascii=False).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
        conn.request(method, path, payload, headers)
        response = conn.getresponse()
        text = response.read()
        if contract is not None:
            contract.check(method, path, response.status, response.getheader("content-type"), text)
        return response.status, json.loads(text)
    finally:
        conn.close()


def published(port: int) -> Contract:
    """What the server on ``port`` publishes at /openapi.json."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", "/openapi.json")
        response = conn.getresponse()
        assert response.status == 200
        return Contract(json.loads(response.read()))
    finally:
        conn.close()


def test_two_workers_append_one_chain_and_both_take_a_reload(database_url: str, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    env = _env(tmp_path, database_url)
    env["LEXGATE_DATABASE_URL"] = database_url
    lexgate = str(BIN / "lexgate")

    def key(role: str, name: str) -> str:  # in process (tests/cli_in_process.py): the server is the real one
        made = run_lexgate("keys", "create", "--role", role, "--name", name, env=env)
        assert made.returncode == 0, made.stderr
        return made.stdout.strip()

    handler, legal = key("办案人员", "张三"), key("法制", "王法制")
    port = free_port()
    command = [lexgate, "serve", "--port", str(port), "--workers", "2", "--rules", str(rules)]
    with subprocess.Popen(
        [*command, "--executor", "compiled"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as server:
        try:
            for _ in range(600):  # bounded wait for the workers to listen
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.1)
            else:
                pytest.fail("lexgate serve did not start")
            ask = functools.partial(_request, port, contract=published(port))  # answers checked
            with ThreadPoolExecutor(8) as pool:
                cases = [{**SMALL, "case_id": f"c{i}"} for i in range(60)]
                answers = list(pool.map(lambda case: ask(handler, case), cases))
                path = rules / "jiangxi" / "yichun" / "rules.yaml"
                path.write_text(path.read_text(encoding="utf-8") + "\n# 修订\n", encoding="utf-8")
                status, reloaded = ask(legal, method="POST", path="/v1/rules/reload")
                assert status == 200 and reloaded["changed"], reloaded
                # requests spread over both workers: every one of them sees the reloaded rule set
                after = list(pool.map(lambda case: ask(handler, case), cases[:20]))
                views = list(pool.map(lambda _: ask(handler, method="GET", path="/v1/ruleset"), range(20)))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.communicate(timeout=60)
    assert [status for status, _ in answers + after] == [200] * 80
    seqs = sorted(int(body["record"]["seq"]) for _, body in answers)  # type: ignore[index, call-overload]
    assert seqs == list(range(1, 61))
    assert {body["ruleset"]["digest"] for _, body in after} == {reloaded["digest"]}  # type: ignore[index]
    assert {body["digest"] for _, body in views} == {reloaded["digest"]}
    verify = run_lexgate("records", "verify", env=env)
    assert verify.returncode == 0 and "记录链完整: 80 条记录" in verify.stdout
