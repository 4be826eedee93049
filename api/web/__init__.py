"""The web page for case handlers, legal staff and auditors: static files served by lexgate itself.

Everything the page needs (HTML, CSS, ES modules) ships inside this package, so it works with no
internet; the Content-Security-Policy forbids loading anything from elsewhere, which also keeps a
stray CDN link from creeping in unnoticed. The page talks to the same ``/v1`` API as any client,
with the key held in the browser tab's ``sessionStorage``.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC = Path(__file__).with_name("static")
MOUNT = "/ui"

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # revalidate every time (ETag): after an upgrade of lexgate nobody runs yesterday's script
    "Cache-Control": "no-cache",
}


class PageFiles(StaticFiles):
    """Static files with the page's security and caching headers."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(HEADERS)
        return response


def install(app: FastAPI) -> None:
    """Serve the page at ``/ui/`` and send ``/`` there (the address ``lexgate serve`` prints)."""

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse(f"{MOUNT}/", status_code=307)

    app.mount(MOUNT, PageFiles(directory=STATIC, html=True), name="ui")
