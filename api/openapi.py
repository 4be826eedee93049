"""OpenAPI with the vocabulary in it: each fact's id, Chinese label, question and allowed values,
and the decisions with their Chinese names — read from the active rule set when the schema is built."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts

from engine import FactDef, RuleSet
from store.roles import ROLE_LABELS, Role

from .deps import ADMITTED, caller
from .services.catalog_answers import TYPE_LABELS

REF = "#/components/schemas/"
# Documents built in this process, by the app's shape and the rule set's digest: every app that
# create_app makes has the same routes, so a second app (tests make one per test; building the
# document costs about a second of FastAPI's schema generation) reuses the first's document.
_BUILT: OrderedDict[tuple[Any, ...], dict[str, Any]] = OrderedDict()
_BUILT_SIZE = 8
_built_lock = threading.Lock()


def app_shape(app: FastAPI) -> tuple[Any, ...]:
    """What the document depends on besides the rule set: the app's title, version, description and
    tags, and each documented route (path, methods, endpoint function, declared answers)."""
    routes = tuple(
        (
            route.path,
            tuple(sorted(route.methods or ())),
            route.endpoint.__module__,
            route.endpoint.__qualname__,
            id(route.endpoint),
            route.operation_id,
            repr(route.response_model),
            route.status_code,
            repr(route.responses),
        )
        for route in app.routes
        if isinstance(route, APIRoute) and route.include_in_schema
    )
    return (app.title, app.version, app.description, repr(app.openapi_tags), routes)


def fact_schema(fact: FactDef) -> dict[str, Any]:
    schema: dict[str, Any]
    if fact.type == "bool":
        schema = {"anyOf": [{"type": "boolean"}, {"type": "string", "enum": ["是", "否"]}]}
    elif fact.type == "enum":
        schema = {"type": "string", "enum": list(fact.values)}
    elif fact.type == "set":
        schema = {
            "type": "array",
            "uniqueItems": True,
            "items": {"type": "string", "enum": list(fact.values)},
        }
    elif fact.type == "money":
        schema = {
            "anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "examples": ["15万", "150000元"]}]
        }
    elif fact.type == "int":
        schema = {"type": "integer", **({"minimum": fact.minimum} if fact.minimum is not None else {})}
    else:
        schema = {"type": "string", "format": "date"}
    values = f"；取值: {'、'.join(fact.values)}" if fact.values else ""
    kind = TYPE_LABELS.get(fact.type, fact.type)
    return {
        **schema,
        "title": fact.label,
        "description": f"{fact.label}（{kind}）。缺失时的提问: {fact.question}{values}",
        "x-label": fact.label,
        "x-group": fact.group,
    }


def facts_schema(ruleset: RuleSet) -> dict[str, Any]:
    return {
        "type": "object",
        "title": "Facts",
        "description": "已知事实，键为事实 id（下列各项）或其中文名称；未填写即未知。",
        "properties": {f.id: fact_schema(f) for f in ruleset.vocabulary.facts},
        "additionalProperties": True,  # Chinese labels are accepted as keys too
    }


def decisions_text(ruleset: RuleSet) -> str:
    seen: dict[str, str] = {}
    for scope in ruleset.scopes.values():
        for view in scope.decisions:
            seen.setdefault(view.id, view.label)
    return "各项决定（id → 结论）: " + "；".join(f"{k} {v}" for k, v in seen.items())


def _refs(node: Any) -> set[str]:
    """The component schemas ``node`` refers to directly (``#/components/schemas/<name>``)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        found = {ref.rsplit("/", 1)[1]} if isinstance(ref, str) and ref.startswith(REF) else set()
        return found.union(*(_refs(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_refs(v) for v in node))
    return set()


def _reachable(roots: Any, components: dict[str, Any]) -> set[str]:
    seen: set[str] = set()
    todo = _refs(roots)
    while todo:
        name = todo.pop()
        if name not in seen and name in components:
            seen.add(name)
            todo |= _refs(components[name])
    return seen


def answers_carry_every_field(schema: dict[str, Any]) -> None:
    """Mark every field of the answers' models as required.

    pydantic leaves a field with a default out of ``required``, but every answer carries all its
    fields (the routes dump models whole, defaults and nulls included; the triage routes send the
    result exactly as stored). So the schemas used only in answers list all their properties as
    required; those also used in requests (where defaults may be left out) are left as they are."""
    components: dict[str, Any] = schema.get("components", {}).get("schemas", {})
    operations = [op for path in schema.get("paths", {}).values() for op in path.values()]
    asked = _reachable([[op.get("requestBody"), op.get("parameters")] for op in operations], components)
    answered = _reachable([op.get("responses") for op in operations], components)
    for name in sorted(answered - asked):
        properties = components[name].get("properties")
        if properties:
            components[name]["required"] = list(properties)


def admitted_roles(route: APIRoute) -> tuple[Role, ...] | None:
    """The roles whose key the route accepts; ``None`` when it needs no key."""
    admitted: tuple[Role, ...] | None = None
    keyed = False
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        pending.extend(dependant.dependencies)
        keyed = keyed or dependant.call is caller
        roles = ADMITTED.get(dependant.call) if dependant.call is not None else None
        if roles is not None:
            admitted = roles if admitted is None else tuple(r for r in admitted if r in roles)
    if admitted is None and keyed:
        return tuple(Role)
    return admitted


def name_roles(app: FastAPI, schema: dict[str, Any]) -> None:
    """Each keyed operation says which roles may call it: ``x-roles`` (role ids) and a line of its
    description (Chinese labels)."""
    by_operation: dict[str, tuple[Role, ...]] = {}
    for context in iter_route_contexts(app.routes):  # the routes of the included routers too
        route = context.original_route
        if isinstance(route, APIRoute) and route.operation_id is not None:
            roles = admitted_roles(route)
            if roles is not None:
                by_operation[route.operation_id] = roles
    for path in schema["paths"].values():
        for operation in path.values():
            roles = by_operation.get(operation.get("operationId", ""))
            if roles is None:
                continue
            operation["x-roles"] = [role.value for role in roles]
            line = f"可调用的角色：{'、'.join(ROLE_LABELS[role] for role in roles)}"
            text = operation.get("description", "")
            operation["description"] = f"{text}\n\n{line}" if text else line


def install(app: FastAPI, ruleset_of: Any) -> None:
    """Replace ``app.openapi`` by one that adds the vocabulary of ``ruleset_of()``, cached per digest
    (and shared by the apps of the same shape in this process)."""
    cache: dict[str, dict[str, Any]] = {}

    def build() -> dict[str, Any]:
        ruleset: RuleSet = ruleset_of()
        found = cache.get(ruleset.digest)
        if found is not None:
            return found
        key = (app_shape(app), ruleset.digest)
        with _built_lock:
            shared = _BUILT.get(key)
        if shared is not None:
            cache.clear()
            cache[ruleset.digest] = shared
            return shared
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Facts"] = facts_schema(ruleset)
        request = components.get("TriageRequest")
        if request is not None:
            description = request["properties"]["facts"].get("description", "")
            request["properties"]["facts"] = {
                "allOf": [{"$ref": "#/components/schemas/Facts"}],
                "description": description,
            }
        for name in ("TriageResponse", "TriageResult"):
            if name in components:
                components[name]["properties"]["decisions"]["description"] = decisions_text(ruleset)
        answers_carry_every_field(schema)
        name_roles(app, schema)
        cache.clear()
        cache[ruleset.digest] = schema
        with _built_lock:
            _BUILT[key] = schema
            while len(_BUILT) > _BUILT_SIZE:
                _BUILT.popitem(last=False)
        return schema

    app.openapi = build  # type: ignore[method-assign]
