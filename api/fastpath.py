"""``POST /v1/triage`` without the framework in between, for the request that needs nothing of it.

FastAPI's request handling (route matching, the dependency tree, parameter validation, the exception
middleware) cost about as much CPU per triage as everything lexgate itself does outside the engine
(bench/README.md). This pure ASGI middleware answers the common request itself — a bearer key whose
role may triage, ``Content-Type: application/json``, no query but ``explain``, no ``Idempotency-Key`` —
by the same steps as the route (``routes/triage.py``): the strict body reader, the request model, the
triage service, the same answer bytes and headers. Anything else, and any request that one of those
steps refuses, is handed to FastAPI unchanged, its body replayed as received, so that every error
answer (401, 403, 409, 413, 422, 503 …) is the framework's own; the route stays the one published in
/openapi.json. A refusal is never half done here: nothing is recorded before the triage succeeds,
and the route then does the whole request again (an invalid request costs its triage twice). An
unexpected error goes up to ``crash.py`` as the route's would.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine import EXPLAIN_LEVELS, Explain, InputInvalid, ParameterNotInForce, RuleSetInvalid
from store.keys import KeyHolder
from store.roles import PERMISSIONS, Permission

from .errors import ApiError
from .inputs import BodyRefused, strict_loads
from .routes import triage as triage_routes
from .schemas.triage import TriageRequest
from .state import AppState

PATH = "/v1/triage"
_QUERIES: dict[bytes, Explain] = {b"": "full", **{f"explain={x}".encode(): x for x in EXPLAIN_LEVELS}}
_JSON = "application/json"
# What the triage service refuses before recording anything, each answered by a handler of errors.py:
# 422 (bad input, an as_of without parameters), the rule set that no longer loads, 503 (reloads).
_REFUSALS = (InputInvalid, ParameterNotInForce, RuleSetInvalid, ApiError)


class TriageFastPath:
    def __init__(self, app: ASGIApp, state: AppState) -> None:
        self.app = app
        self.state = state
        # the route FastAPI would have chosen (its own object), for the request's log line and metrics
        self.route = next(r for r in triage_routes.router.routes if getattr(r, "path", None) == PATH)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != PATH or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        admitted = self._admit(scope)
        if admitted is None:
            await self.app(scope, receive, send)
            return
        holder, explain = admitted
        received: list[Message] = []
        chunks: list[bytes] = []
        while True:
            message = await receive()
            received.append(message)
            if message["type"] != "http.request":  # the client went away: the route says so
                await self.app(scope, _replay(received, receive), send)
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        raw = _request(b"".join(chunks))
        if raw is not None:
            scope["route"] = self.route  # observe.py labels the request with it
            try:
                recorded = await self.state.triage.single(raw, holder, dt.date.today(), explain)
            except _REFUSALS:  # nothing was recorded: the route answers (the 422 with its problems …)
                pass
            else:
                # the route module's serializer, looked up now: one definition of the answer's bytes
                await _answer(send, triage_routes.recorded_json(recorded).encode())
                return
        await self.app(scope, _replay(received, receive), send)

    def _admit(self, scope: Scope) -> tuple[KeyHolder, Explain] | None:
        """The caller and explanation level of a request this path can take the whole way, else None."""
        explain = _QUERIES.get(scope["query_string"])
        if explain is None or scope.get("root_path"):
            return None
        authorization = content_type = None
        for name, value in scope["headers"]:
            if name == b"authorization" and authorization is None:
                authorization = value.decode("latin-1")
            elif name == b"content-type" and content_type is None:
                content_type = value.decode("latin-1")
            elif name == b"idempotency-key":
                return None
        if content_type is None or content_type.partition(";")[0].strip().lower() != _JSON:
            return None
        scheme, _, credentials = (authorization or "").partition(" ")
        credentials = credentials.strip()
        if scheme.lower() != "bearer" or not credentials:
            return None
        holder = self.state.store.keys.authenticate(credentials)
        if holder is None or Permission.triage not in PERMISSIONS[holder.role]:
            return None
        return holder, explain


def _request(body: bytes) -> dict[str, Any] | None:
    """The request as the route hands it to the service (validated, then dumped), or None when the
    route must answer it."""
    if not body:
        return None
    try:
        return TriageRequest.model_validate(strict_loads(body)).model_dump(mode="json")
    except (BodyRefused, ValueError):  # refused by the reader, not JSON, or not a valid request
        return None


async def _answer(send: Send, body: bytes) -> None:
    """What the route's ``Response(body, media_type="application/json")`` sends, header for header."""
    headers = [(b"content-length", str(len(body)).encode()), (b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _replay(received: list[Message], receive: Receive) -> Receive:
    """``receive`` giving the messages already read first."""
    pending = list(received)

    async def again() -> Message:
        if pending:
            return pending.pop(0)
        return await receive()

    return again
