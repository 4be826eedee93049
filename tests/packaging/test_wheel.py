"""An installed lexgate works anywhere: the wheel of this checkout, installed into a fresh venv and run
from an empty directory with no ``LEXGATE_*`` set — decide, lint, rules export, and serve (migrations,
the web page's files, the API) from what the wheel carries, never from the checkout.

uv builds the wheel (setuptools, the backend of pyproject.toml, in an isolated build, as pip would) and
installs it with its dependencies, as ``make install`` does: pip took 12.3 s of CPU for that install and
2.0 s for the build, uv 6.7 s (bytecode compiled, as pip does, so that the commands below do not compile
every module from source) and 1.1 s (bench/README.md). The wheel's metadata is what either installer reads.
The commands and a two-worker server take about 6 s more, paid once per run (the fixtures are
module-scoped).
"""

from __future__ import annotations

import http.client
import json
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine.ruleset import RuleSet
from store.migrate import head_revision
from tests.conftest import ROOT

PACKAGES = ("rules", "engine", "tools", "store", "api", "cli")  # the wheel's top-level packages
EXAMPLE = ROOT / "examples" / "yichun_food_hearing.json"
STATIC = "api/web/static/"
UV = str(Path(sys.executable).with_name("uv"))  # installed into the venv by make install


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, (
        f"{shlex.join(command)} (in {cwd}) exited {done.returncode}\n{done.stdout}\n{done.stderr}"
    )
    return done


def source_files() -> list[str]:
    """The checkout as a commit would hold it: tracked and new files, not what .gitignore ignores
    (.venv, a stale build/ that setuptools would otherwise reuse, caches)."""
    listed = run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT).stdout
    return sorted(name for name in listed.split("\0") if name and (ROOT / name).is_file())


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Built from a copy of the checkout, so that the build writes nothing into it."""
    source = tmp_path_factory.mktemp("source")
    for name in source_files():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    dist = tmp_path_factory.mktemp("dist")
    run([UV, "build", "--quiet", "--wheel", "--out-dir", str(dist), str(source)], cwd=dist)
    built = sorted(dist.glob("lexgate-*.whl"))
    assert len(built) == 1, f"expected one lexgate wheel, the build wrote {[p.name for p in dist.iterdir()]}"
    return built[0]


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding the wheel and its dependencies; returns its bin directory. The venv gets
    no pip of its own (ensurepip is ~4 s of CPU): this checkout's uv installs into it (``--python``)."""
    root = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", "--without-pip", str(root)], cwd=root)
    python = str(root / "bin" / "python")
    run([UV, "pip", "install", "--quiet", "--compile-bytecode", "--python", python, str(wheel)], cwd=root)
    return root / "bin"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """No LEXGATE_* (the shipped packs and the default database), nothing pointing into the checkout."""
    dropped = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LEXGATE_") and k not in dropped}
    clean["XDG_DATA_HOME"] = str(tmp_path / "data")  # where the default SQLite file would go
    return clean


@pytest.fixture
def here(tmp_path: Path) -> Path:
    """An empty working directory, away from the checkout (a case file is copied in by the tests)."""
    path = tmp_path / "工作目录"
    path.mkdir()
    return path


def test_the_wheel_carries_every_file_of_the_packages(wheel: Path) -> None:
    expected = {name for name in source_files() if name.split("/")[0] in PACKAGES}
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        meta = {n for n in names if n.split("/")[0].endswith(".dist-info")}
        missing = sorted(expected - names)
        assert not missing, f"not in the wheel (package-data in pyproject.toml?): {missing}"
        assert sorted(names - meta - expected) == [], "the wheel carries files that are not lexgate's"
        changed = [n for n in sorted(expected) if archive.read(n) != (ROOT / n).read_bytes()]
        assert not changed, f"differ from the checkout: {changed}"
        metadata = archive.read(next(n for n in meta if n.endswith("/METADATA"))).decode()
    # the packs, migrations and page files are in the list above; these are named to say why
    for needed in (
        "rules/facts.yaml",
        "rules/README.md",
        "rules/jiangxi/yichun/pack.yaml",
        "store/migrations/script.py.mako",
        "store/migrations/versions/0001_initial.py",
        f"{STATIC}index.html",
        f"{STATIC}favicon.svg",
        f"{STATIC}css/app.css",
        f"{STATIC}js/main.js",
    ):
        assert needed in names, needed
    assert "License-Expression: Apache-2.0" in metadata  # PEP 639 string: no setuptools deprecation


def test_decide_and_lint_from_an_empty_directory(
    venv: Path, env: dict[str, str], here: Path, ruleset: RuleSet
) -> None:
    lexgate = str(venv / "lexgate")
    where = run(
        [
            str(venv / "python"),
            "-c",
            "from engine import default_rules_dir; print(default_rules_dir())",
        ],
        cwd=here,
        env=env,
    ).stdout.strip()
    assert Path(where).is_relative_to(venv.parent), f"the rules come from {where}, not the venv"
    shutil.copy(EXAMPLE, here / "案件.json")
    text = run([lexgate, "decide", "案件.json", "--format", "text"], cwd=here, env=env).stdout
    assert "【法制审核】需要" in text
    assert "依据: 《中华人民共和国行政处罚法》第五十八条" in text
    result = json.loads(run([lexgate, "decide", "案件.json"], cwd=here, env=env).stdout)
    assert result["decisions"]["legal_review"]["outcome"] == "required"
    assert result["ruleset"]["digest"] == ruleset.digest  # the checkout's packs, as shipped
    lint = run([lexgate, "lint"], cwd=here, env=env).stdout
    assert f"0 个错误，0 个警告。 摘要 {ruleset.digest}" in lint


def test_rules_export_gives_a_copy_that_lints_and_decides(
    wheel: Path, venv: Path, env: dict[str, str], here: Path, ruleset: RuleSet
) -> None:
    lexgate = str(venv / "lexgate")
    out = run([lexgate, "rules", "export", "本局规则"], cwd=here, env=env).stdout
    version = wheel.name.split("-")[1]
    assert f"已把 lexgate {version} 自带的规则导出到 {here / '本局规则'}: 7 个规则包" in out
    exported = here / "本局规则"
    assert (exported / "facts.yaml").is_file() and (exported / "README.md").is_file()
    assert not list(exported.rglob("*.py")) and not list(exported.rglob("__pycache__"))
    lint = run([lexgate, "lint", "本局规则"], cwd=here, env=env).stdout
    assert "0 个错误，0 个警告" in lint
    shutil.copy(EXAMPLE, here / "案件.json")
    local = {**env, "LEXGATE_RULES": str(exported)}
    result = json.loads(run([lexgate, "decide", "案件.json"], cwd=here, env=local).stdout)
    assert result["ruleset"]["digest"] == ruleset.digest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def call(
    port: int, path: str, body: object = None, headers: dict[str, str] | None = None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    """GET (or POST a JSON body); (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        payload = None if body is None else json.dumps(body, ensure_ascii=False).encode()
        conn.request("GET" if body is None else "POST", path, payload, headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


@pytest.fixture
def server(venv: Path, env: dict[str, str], here: Path) -> Iterator[tuple[int, str]]:
    """``lexgate serve --workers 2`` on a new SQLite file; yields (port, database URL)."""
    database = f"sqlite:///{here / 'lexgate.db'}"
    port = _free_port()
    command = [str(venv / "lexgate"), "serve", "--port", str(port), "--workers", "2", "--database", database]
    with subprocess.Popen(
        command,
        cwd=here,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            for _ in range(600):  # bounded wait until a worker answers
                if proc.poll() is not None:
                    break
                try:
                    if call(port, "/healthz")[0] == 200:
                        break
                except OSError:
                    pass
                time.sleep(0.1)
            else:
                pytest.fail("lexgate serve did not answer /healthz")
            assert proc.poll() is None, f"lexgate serve exited {proc.returncode}: {proc.communicate()}"
            yield port, database
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
            proc.communicate(timeout=60)


def test_serve_migrates_and_serves_the_page_and_the_api(
    venv: Path, env: dict[str, str], here: Path, server: tuple[int, str], wheel: Path
) -> None:
    port, database = server
    with zipfile.ZipFile(wheel) as archive:
        page = {n.removeprefix(STATIC): archive.read(n) for n in archive.namelist() if n.startswith(STATIC)}
    assert "index.html" in page
    for name, content in sorted(page.items()):  # every file of the page, as shipped
        status, _, body = call(port, f"/ui/{name}")
        assert (status, body) == (200, content), name
    status, headers, body = call(port, "/ui/")
    assert status == 200 and headers["content-type"].startswith("text/html") and body == page["index.html"]
    status, headers, _ = call(port, "/")
    assert (status, headers["location"]) == (307, "/ui/")
    # the installed commands work on the database serve migrated, and the API triages
    lexgate = str(venv / "lexgate")
    create = [lexgate, "keys", "create", "--role", "办案人员", "--name", "张三", "--database", database]
    key = run(create, cwd=here, env=env).stdout.strip()
    request = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    auth = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    status, _, body = call(port, "/v1/triage", request, auth)
    assert status == 200, body.decode()
    result = json.loads(body)
    assert result["decisions"]["legal_review"]["outcome"] == "required"
    assert result["record"]["seq"] == 1
    upgrade = run([lexgate, "db", "upgrade", "--database", database], cwd=here, env=env).stdout
    assert upgrade.strip().endswith(f"结构版本: {head_revision()}"), upgrade  # migrated at start-up
