"""Every API answer a test receives, checked against the published OpenAPI document (``/openapi.json``).

The triage routes build their JSON by hand (serialised once for the record and the answer), so
FastAPI's response model never checks what they send; this does, for every answer of every test
client (tests/api's TestClient, the real servers of tests/api/test_serve.py, and what the browser
receives in tests/web). The rules, for a request ``METHOD path`` answered with ``status``:

1. ``path`` and ``METHOD`` are an operation of the document: ``status`` must be one the operation
   declares, the answer's media type the one declared for it, and the body must validate against the
   declared schema (JSON Schema 2020-12 with the document's ``components`` at its root, formats such
   as ``date`` checked).
2. Objects in answers are closed: a field that the document does not describe fails, even where the
   document leaves ``additionalProperties`` open (clients may rely on what is published, and an
   undocumented field is a mismatch all the same).
3. The app's paths that are not API operations (the web page under ``/ui``, the ``/`` redirect, the
   documentation and ``/openapi.json`` itself): only their error answers are checked, and must be the
   error model ``ErrorBody`` like any other.
4. Any other path (or a known path with another method): a 404 (405) whose body is ``ErrorBody``.

A mismatch raises ``ContractError`` naming the request, the status, the schema and each JSON path
at fault.

Speed (bench/README.md): each body is first validated by jsonschema-rs (compiled, about 30 times faster
than the pure-Python jsonschema on a triage answer); only a body it rejects goes through jsonschema,
whose errors the message quotes, and only jsonschema's errors fail it. A document's contract is built
once per distinct document (``Contract.of``): every API test's app publishes the same one.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

# Served by the app outside the OpenAPI document (tests/api/test_web.py checks this list against the
# app's routes, so it cannot drift): exact paths, and the web page's mount.
UNDOCUMENTED = frozenset({"/", "/docs", "/openapi.json"})
UNDOCUMENTED_MOUNTS = ("/ui", "/docs/assets")
ERROR_SCHEMA = {"$ref": "#/components/schemas/ErrorBody"}
JSON = "application/json"


# a schema's fast validator, and the one whose errors are reported
Validators = tuple[jsonschema_rs.Draft202012Validator, Draft202012Validator]
_BY_DOCUMENT: dict[str, Contract] = {}  # Contract.of: digest of the document → its contract


class ContractError(AssertionError):
    """An answer that /openapi.json does not describe."""


def _subschemas(schema: Any) -> Iterator[dict[str, Any]]:
    """``schema`` and every schema nested in it (by JSON Schema keyword, not by key name)."""
    if not isinstance(schema, dict):
        return
    yield schema
    for key in ("properties", "patternProperties", "$defs"):
        for sub in (schema.get(key) or {}).values():
            yield from _subschemas(sub)
    for key in ("items", "additionalProperties", "not", "contains", "if", "then", "else"):
        yield from _subschemas(schema.get(key))
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for sub in schema.get(key) or []:
            yield from _subschemas(sub)


def closed(components: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``components`` whose object schemas with properties admit no undescribed field."""
    out = copy.deepcopy(components)
    for schema in out.get("schemas", {}).values():
        for sub in _subschemas(schema):
            if "properties" in sub and "additionalProperties" not in sub:
                sub["additionalProperties"] = False
    return out


def outside_the_document(path: str) -> bool:
    """One of the app's paths that are not API operations (rule 3)."""
    return path in UNDOCUMENTED or any(path == m or path.startswith(f"{m}/") for m in UNDOCUMENTED_MOUNTS)


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}/]+\})", template)
    return re.compile("".join("[^/]+" if p.startswith("{") else re.escape(p) for p in parts) + "$")


class Contract:
    """The answers ``spec`` (an OpenAPI 3.1 document) allows."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.components = closed(spec.get("components", {}))
        paths: dict[str, dict[str, Any]] = spec.get("paths", {})
        self.literal = {p: ops for p, ops in paths.items() if "{" not in p}
        # OpenAPI: concrete paths match before templated ones (/v1/records/verify before /{decision_id})
        self.templated = [(_pattern(p), p, ops) for p, ops in paths.items() if "{" in p]
        self._validators: dict[str, Validators] = {}

    @classmethod
    def of(cls, spec: dict[str, Any]) -> Contract:
        """The contract of ``spec``, shared by every equal document of the test session."""
        key = hashlib.blake2b(json.dumps(spec, sort_keys=True).encode(), digest_size=20).hexdigest()
        found = _BY_DOCUMENT.get(key)
        if found is None:
            found = _BY_DOCUMENT[key] = cls(copy.deepcopy(spec))
        return found

    def _validator(
        self, schema: dict[str, Any]
    ) -> tuple[jsonschema_rs.Draft202012Validator, Draft202012Validator]:
        """The fast validator of ``schema`` and the one whose errors are reported."""
        key = json.dumps(schema, sort_keys=True)
        found = self._validators.get(key)
        if found is None:
            root = {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "components": self.components,
                "allOf": [schema],
            }
            found = (
                jsonschema_rs.Draft202012Validator(root, validate_formats=True),
                Draft202012Validator(root, format_checker=Draft202012Validator.FORMAT_CHECKER),
            )
            self._validators[key] = found
        return found

    def find(self, path: str) -> tuple[str, dict[str, Any]] | None:
        """The document's path template for ``path`` and its operations."""
        if path in self.literal:
            return path, self.literal[path]
        for pattern, template, ops in self.templated:
            if pattern.match(path):
                return template, ops
        return None

    def check(
        self, method: str, path: str, status: int, content_type: str | None, body: bytes | Callable[[], bytes]
    ) -> None:
        """Raise ContractError unless the document allows this answer (rules 1-4 above). ``body`` may be
        a function that reads it: it is called only when the body is checked (not for the web page's
        files, whose bodies a browser may not keep)."""
        method = method.lower()
        where = f"{method.upper()} {path} → {status}"
        found = self.find(path)
        if found is None:
            if outside_the_document(path):
                if status >= 400:
                    self._error(where, content_type, body)
                return
            if status != 404:
                raise ContractError(f"{where}: no such operation in /openapi.json, yet not a 404")
            self._error(where, content_type, body)
            return
        template, ops = found
        operation = ops.get(method)
        if operation is None:
            if status != 405:
                raise ContractError(f"{where}: {template} has no {method.upper()} operation, yet not a 405")
            self._error(where, content_type, body)
            return
        name = f"{operation.get('operationId', template)}"
        responses: dict[str, Any] = operation.get("responses", {})
        declared = next(
            (responses[k] for k in (str(status), f"{status // 100}XX", "default") if k in responses), None
        )
        if declared is None:
            text = body() if callable(body) else body
            raise ContractError(
                f"{where}: status {status} is not declared for operation {name} "
                f"(declared: {', '.join(sorted(responses))}); body: {text[:300]!r}"
            )
        content: dict[str, Any] = declared.get("content") or {}
        if not content:
            text = body() if callable(body) else body
            if text:
                raise ContractError(f"{where}: {name} declares no body for {status}, got {text[:300]!r}")
            return
        media = (content_type or "").split(";")[0].strip()
        if media not in content:
            raise ContractError(f"{where}: media type {media!r} is not declared ({', '.join(content)})")
        schema = content[media].get("schema")
        if schema is not None and media == JSON:  # other media (text/plain metrics): the type is the check
            self._body(where, f"{name} {status}", schema, body)

    def _error(self, where: str, content_type: str | None, body: bytes | Callable[[], bytes]) -> None:
        """An error answer outside the operations: still the error model, as JSON."""
        media = (content_type or "").split(";")[0].strip()
        if media != JSON:
            raise ContractError(f"{where}: an error answer must be {JSON} (ErrorBody), not {media!r}")
        self._body(where, "ErrorBody", ERROR_SCHEMA, body)

    def _body(self, where: str, what: str, schema: dict[str, Any], body: bytes | Callable[[], bytes]) -> None:
        text = body() if callable(body) else body
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise ContractError(f"{where}: the body is not JSON ({exc}): {text[:300]!r}") from None
        fast, reported = self._validator(schema)
        if fast.is_valid(value):
            return
        errors = sorted(reported.iter_errors(value), key=lambda e: list(e.absolute_path))
        if errors:
            lines = "\n".join(f"  at {_json_path(e)}: {_short(e)}" for e in errors[:10])
            more = f"\n  … and {len(errors) - 10} more" if len(errors) > 10 else ""
            raise ContractError(f"{where}: the body does not match {what} of /openapi.json:\n{lines}{more}")


def _json_path(error: ValidationError) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path)


def _leaves(error: ValidationError) -> Iterator[ValidationError]:
    if not error.context:
        yield error
    for sub in error.context or ():
        yield from _leaves(sub)


def _short(error: ValidationError) -> str:
    if error.context:  # anyOf / oneOf: the alternative that got furthest into the answer says most
        closest = max(_leaves(error), key=lambda e: len(e.absolute_path))
        return f"fits none of the alternatives; the closest fails at {_json_path(closest)}: {_short(closest)}"
    message = error.message
    return message if len(message) < 300 else message[:300] + "…"
