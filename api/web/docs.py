"""``/docs``: Swagger UI served from the package (``swagger/``), not from a CDN, under a strict CSP."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

ASSETS = Path(__file__).with_name("swagger")
MOUNT = "/docs/assets"

HEADERS = {
    # Swagger UI sets element styles from its script: inline styles are allowed, inline scripts are not.
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-cache",
}

PAGE = f"""<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>lexgate 接口文档</title>
<link rel="stylesheet" href="{MOUNT}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{MOUNT}/swagger-ui-bundle.js"></script>
<script src="{MOUNT}/docs.js"></script>
</body>
</html>
"""


class DocsFiles(StaticFiles):
    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        response.headers.update(HEADERS)
        return response


def install(app: FastAPI) -> None:
    """``/docs`` and its assets (create the app with ``docs_url=None, redoc_url=None``)."""

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(PAGE, headers=HEADERS)

    app.mount(MOUNT, DocsFiles(directory=ASSETS), name="docs-assets")
