"""The web page's files: served by lexgate itself (no CDN), with their headers, and shipped in the package."""

from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch

from api.web import STATIC

from .conftest import ROOT, Api

ASSET = re.compile(r'(?:src|href)="([^"]+)"')
IMPORT = re.compile(r'from "(\./[^"]+)"')


def test_home_redirects_to_the_page_and_the_page_is_not_in_the_openapi(api: Api) -> None:
    home = api.client.get("/", follow_redirects=False)
    assert home.status_code == 307 and home.headers["location"] == "/ui/"
    page = api.client.get("/ui/")
    assert page.status_code == 200 and '<html lang="zh-CN">' in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    paths = api.client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and not any(p.startswith("/ui") for p in paths)
    missing = api.client.get("/ui/js/nothing.js")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_every_asset_is_local_and_served(api: Api) -> None:
    html = (STATIC / "index.html").read_text(encoding="utf-8")
    refs = [r for r in ASSET.findall(html) if not r.startswith("#")]
    assert refs and not [r for r in refs if "//" in r], "assets must come from lexgate itself"
    for script in STATIC.glob("js/*.js"):
        text = script.read_text(encoding="utf-8")
        assert "http://" not in text and "https://" not in text, script.name
        refs += [f"js/{name[2:]}" for name in IMPORT.findall(text)]
    for ref in sorted(set(refs)):
        response = api.client.get(f"/ui/{ref}")
        assert response.status_code == 200, ref
        assert (STATIC / ref).is_file()
    assert api.client.get("/ui/js/main.js").headers["content-type"].startswith("text/javascript")


def test_every_static_file_ships_in_the_package() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["api.web"]
    files = [p.relative_to(STATIC.parent).as_posix() for p in STATIC.rglob("*") if p.is_file()]
    assert files
    unshipped = [f for f in files if not any(fnmatch(f, pattern) for pattern in patterns)]
    assert not unshipped, f"add these to [tool.setuptools.package-data] api.web: {unshipped}"
