"""Answering an unexpected error with 500 and keeping the connection open (pure ASGI).

Starlette's outermost middleware answers an unhandled exception and then raises it again, for the
server to log; uvicorn, seeing an exception after the answer started, closes the connection, so a
client's keep-alive connection died with every 500 (and its next request on it failed). Here the
exception is logged and answered with the usual error body, and not raised further."""

from __future__ import annotations

import json
import logging
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import internal_error
from .observe import REQUEST_ID, route_of

log = logging.getLogger("lexgate.api")


class CrashAnswer:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception:
            if started:  # half an answer was sent: only closing the connection can tell the client
                raise
            log.exception(
                "unhandled error in %s %s",
                scope.get("method"),
                route_of(scope),  # the route's template: a path can hold an id
                extra={"request_id": REQUEST_ID.get()},
            )
            body = json.dumps(internal_error().body.model_dump(mode="json"), ensure_ascii=False).encode()
            headers: list[Any] = [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ]
            await send({"type": "http.response.start", "status": 500, "headers": headers})
            await send({"type": "http.response.body", "body": body})
