"""Browser tests of the web page: a real ``lexgate serve`` and Debian's headless Chromium.

The server is the installed command, started once per session on a free port with a SQLite file in a
temporary directory and one key per role made beforehand; the page is opened at the address it
prints. Playwright drives Debian's ``chromium-headless-shell`` (``make test`` installs it with apt-get); its
own browser download is never used. Every test gets a fresh browser context, so sessionStorage (the
signed-in key) starts empty. Screenshots land in ``test-artifacts/screenshots/``.

Every answer of the server's API, to the page (``Watch.response``) and to the tests' own look-ups
(``Server.get``), is checked against the /openapi.json that server publishes
(tests/openapi_contract.py); a test fails on any answer the document does not describe.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    ConsoleMessage,
    Page,
    Playwright,
    Request,
    Response,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

from store import Store
from store.roles import Role
from tests.openapi_contract import Contract, ContractError

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# Chromium's old headless mode, the browser Playwright itself runs headless tests on: with the same flags its
# processes cost about half the CPU of the full /usr/bin/chromium in --headless (one renderer per context
# instead of three, no browser UI layer): tests/web 145–154 s of CPU in all, not 235–243 s (bench/README.md).
CHROMIUM = Path("/usr/lib/chromium/chromium-headless-shell")
# The flags that keep Chromium quiet on a machine without internet (no update, sync or field-trial calls).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",
]
BIN = Path(sys.executable).parent
AS_OF = "2026-11-01"
YICHUN = "江西省宜春市"


@dataclass
class Server:
    url: str  # the address lexgate serve printed
    keys: dict[str, str]  # "handler" | "handler2" | "legal" | "auditor" → key
    names: dict[str, str]
    database_url: str
    contract: Contract  # what this server publishes at /openapi.json

    def get(self, path: str, who: str = "handler") -> Any:
        request = urllib.request.Request(
            self.url + path, headers={"Authorization": f"Bearer {self.keys[who]}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
            where = urlsplit(self.url + path).path
            self.contract.check("GET", where, response.status, response.headers["content-type"], body)
            return json.loads(body)

    def post(self, path: str, body: Any, who: str = "handler") -> Any:
        return _post(self, path, body, who)


def _post(server: Server, path: str, body: Any, who: str = "handler") -> Any:
    request = urllib.request.Request(
        server.url + path,
        data=json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {server.keys[who]}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        answer = response.read()
        server.contract.check("POST", path, response.status, response.headers["content-type"], answer)
        return json.loads(answer)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve(home: Path, rules: Path | None = None) -> Iterator[Server]:
    """``lexgate serve`` on a free port with a SQLite file in ``home`` and one key per role; ``rules``:
    its rules directory (default: the shipped packs)."""
    database_url = f"sqlite:///{home / 'records.db'}"
    names = {"handler": "张三", "handler2": "李四", "legal": "王法制", "auditor": "赵审计"}
    roles = {"handler": Role.handler, "handler2": Role.handler, "legal": Role.legal, "auditor": Role.auditor}
    store = Store.open(database_url)
    keys = {who: store.keys.create(names[who], roles[who])[1] for who in names}
    store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEXGATE_")}
    env.update(LEXGATE_DATABASE_URL=database_url, XDG_DATA_HOME=str(home / "data"))
    if rules is not None:
        env["LEXGATE_RULES"] = str(rules)
    port = _free_port()
    log = (home / "serve.log").open("w+", encoding="utf-8")
    process = subprocess.Popen(
        [str(BIN / "lexgate"), "serve", "--port", str(port), "--executor", "compiled"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
        start_new_session=True,
    )
    try:
        assert process.stdout is not None
        banner = process.stdout.readline()  # printed before uvicorn starts listening
        found = re.search(r"http://[\d.]+:\d+", banner)
        assert found, f"lexgate serve printed no address: {banner!r}"
        url = found.group(0)
        for _ in range(300):  # bounded wait for uvicorn to listen
            try:
                with urllib.request.urlopen(url + "/healthz", timeout=2):
                    break
            except OSError:
                if process.poll() is not None:
                    log.seek(0)
                    pytest.fail(f"lexgate serve stopped: {log.read()}")
                time.sleep(0.1)
        else:
            pytest.fail("lexgate serve did not start listening")
        with urllib.request.urlopen(url + "/openapi.json", timeout=30) as published:
            contract = Contract(json.loads(published.read()))
        yield Server(url, keys, names, database_url, contract)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate(timeout=60)
        log.close()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from serve(tmp_path_factory.mktemp("web-server"))


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    assert CHROMIUM.exists(), (
        f"{CHROMIUM} 不存在：请先 apt-get install -y chromium-headless-shell（make test 会自动安装）"
    )
    launched = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    yield launched
    launched.close()


@dataclass
class Watch:
    """What the page did: uncaught errors, console errors and every request it made."""

    errors: list[str] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)  # page files that failed to load
    server: Server | None = None  # set by the page fixture: its API answers are checked
    mismatches: list[str] = field(default_factory=list)  # answers /openapi.json does not describe, and 5xx
    # Requests not yet finished and answers still being read: the page's own counter (data-pending) drops
    # when its script has the answer, which can be before this side has read the body to check it.
    unfinished: set[Request] = field(default_factory=set)
    reading: int = 0

    def request(self, request: Request) -> None:
        self.requests.append(request)
        self.unfinished.add(request)

    def finished(self, request: Request) -> None:
        self.unfinished.discard(request)

    def busy(self) -> bool:
        return bool(self.unfinished) or self.reading > 0

    def response(self, response: Response) -> None:
        if "/ui/" in response.url and response.status >= 400:
            self.broken.append(f"{response.status} {response.url}")
        if self.server is None or not response.url.startswith(self.server.url + "/"):
            return
        if response.status >= 500:  # declared (ErrorBody), but never right in these tests
            self.mismatches.append(f"the server failed: {response.status} {response.url}")
        self.reading += 1
        try:
            self.server.contract.check(
                response.request.method,
                urlsplit(response.url).path,
                response.status,
                response.headers.get("content-type"),
                response.body,  # read only when checked (the page's own files are not)
            )
        except ContractError as mismatch:
            self.mismatches.append(str(mismatch))
        except PlaywrightError as unread:  # not skipped: an answer that cannot be checked is reported
            self.mismatches.append(f"{response.status} {response.url}: the body could not be read: {unread}")
        finally:
            self.reading -= 1

    def console(self, message: ConsoleMessage) -> None:
        # a 4xx the page handles (422, 403) still logs "Failed to load resource"; that is not a defect
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def api_calls(self, path: str) -> list[Request]:
        return [r for r in self.requests if r.url.split("?")[0].endswith(path)]


# The watch of each page the fixture opened, for settled().
_WATCHES: weakref.WeakKeyDictionary[Page, Watch] = weakref.WeakKeyDictionary()


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def page(browser: Browser, server: Server, watch: Watch) -> Iterator[Page]:
    watch.server = server
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    context.set_default_timeout(15_000)
    opened = context.new_page()
    _WATCHES[opened] = watch
    opened.on("console", watch.console)
    opened.on("response", watch.response)
    opened.on("pageerror", lambda error: watch.errors.append(f"uncaught: {error}"))
    opened.on("request", watch.request)
    opened.on("requestfinished", watch.finished)
    opened.on("requestfailed", watch.finished)
    yield opened
    settled(opened)  # answers still on their way are read and checked before the page goes away
    drained(opened, watch)
    context.close()
    assert not watch.errors, watch.errors
    assert not watch.broken, watch.broken
    if watch.mismatches:
        pytest.fail("answers that /openapi.json does not allow:\n" + "\n".join(watch.mismatches))
    foreign = [r.url for r in watch.requests if not r.url.startswith((server.url, "data:"))]
    assert not foreign, f"the page loaded something from elsewhere: {foreign}"


def drained(page: Page, watch: Watch, limit: float = 30.0) -> None:
    """Every request the page made has finished and every answer has been read and checked. Waiting
    pumps Playwright's events, so the handlers of answers already received run meanwhile."""
    deadline = time.monotonic() + limit
    while watch.busy():
        assert time.monotonic() < deadline, f"requests still open after {limit:.0f} s: {watch.unfinished}"
        page.wait_for_timeout(20)


def sign_in(page: Page, server: Server, who: str) -> None:
    page.goto(server.url)
    page.get_by_label("登录密钥").fill(server.keys[who])
    page.get_by_role("button", name="登录").click()
    page.get_by_role("navigation", name="主导航").wait_for()
    settled(page)


def shot(page: Page, name: str, *, full_page: bool = False) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


def settled(page: Page) -> None:
    """Every API call of the page answered (its ``<html data-pending>``) and every answer read and checked
    on this side: a test that reloads or navigates next leaves no answer unread (the fixture checks every
    answer against /openapi.json, and a body can no longer be read once its page has navigated away)."""
    expect(page.locator("html")).not_to_have_attribute("data-pending", re.compile(r"^[1-9]"))
    watch = _WATCHES.get(page)
    if watch is not None:
        drained(page, watch)


def sign_out(page: Page) -> None:
    """退出, confirmed in the page's dialog (it asks first: issue 17, item 9)."""
    page.get_by_role("button", name="退出").click()
    page.get_by_role("dialog").get_by_role("button", name="退出").click()
    page.get_by_role("heading", name="登录").wait_for()
