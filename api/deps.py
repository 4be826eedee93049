"""``Annotated`` dependencies: the routes get the rule set, the services and the caller from here.

The ones on the triage path are ``async``: FastAPI runs them on the event loop instead of handing
each to the thread pool (see ``routes/triage.py`` for why the triage path stays on one thread)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from engine import RuleSet
from store import Store
from store.keys import KeyHolder
from store.roles import PERMISSION_LABELS, PERMISSIONS, ROLE_LABELS, Permission, Role, roles_with

from .errors import ApiError
from .services.recording import TriageService
from .services.rules import ActiveRules
from .state import AppState

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="`lexgate keys create --role 办案人员|法制|审计 --name 姓名` 创建的密钥，"
    "放在请求头 `Authorization: Bearer lgk_…`",
)


async def app_state(request: Request) -> AppState:
    state: AppState = request.app.state.lexgate
    return state


StateDep = Annotated[AppState, Depends(app_state)]


def active_rules(state: StateDep) -> ActiveRules:
    return state.rules


def current_ruleset(state: StateDep) -> RuleSet:
    return state.rules.current().ruleset


def store(state: StateDep) -> Store:
    return state.store


async def triage_service(state: StateDep) -> TriageService:
    return state.triage


RulesDep = Annotated[ActiveRules, Depends(active_rules)]
RuleSetDep = Annotated[RuleSet, Depends(current_ruleset)]
StoreDep = Annotated[Store, Depends(store)]
TriageDep = Annotated[TriageService, Depends(triage_service)]

_UNAUTHENTICATED = {"WWW-Authenticate": "Bearer"}


async def caller(
    state: StateDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> KeyHolder:
    if credentials is None:
        raise ApiError(
            401,
            "unauthenticated",
            "缺少 API 密钥",
            location="Authorization",
            suggestion="在请求头加 Authorization: Bearer lgk_…；密钥由管理员用 lexgate keys create 创建",
            headers=_UNAUTHENTICATED,
        )
    holder = state.store.keys.authenticate(credentials.credentials)
    if holder is None:
        raise ApiError(
            401,
            "invalid_key",
            "API 密钥无效或已被吊销",
            location="Authorization",
            suggestion="检查密钥是否完整复制（lgk_ 开头）；已吊销的密钥请向管理员申请新的",
            headers=_UNAUTHENTICATED,
        )
    return holder


CallerDep = Annotated[KeyHolder, Depends(caller)]


# Each dependency that ``require`` made, with the roles it admits: the OpenAPI document names them on
# every operation (``x-roles``), and the attack suite sends each role's hostile cases to its own ones.
ADMITTED: dict[Callable[..., object], tuple[Role, ...]] = {}


def require(*permissions: Permission) -> Callable[[KeyHolder], Awaitable[KeyHolder]]:
    """A dependency admitting callers whose role has any of ``permissions``."""

    async def check(holder: CallerDep) -> KeyHolder:
        if any(p in PERMISSIONS[holder.role] for p in permissions):
            return holder
        allowed = list(dict.fromkeys(r for p in permissions for r in roles_with(p)))
        what = "、".join(PERMISSION_LABELS[p] for p in permissions)
        raise ApiError(
            403,
            "forbidden",
            f"角色「{ROLE_LABELS[holder.role]}」无权{what}",
            suggestion=f"需要以下角色之一的密钥: {'、'.join(ROLE_LABELS[r] for r in allowed)}",
        )

    ADMITTED[check] = tuple(role for role in Role if any(p in PERMISSIONS[role] for p in permissions))
    return check


CatalogReader = Annotated[KeyHolder, Depends(require(Permission.read_catalog))]
Triager = Annotated[KeyHolder, Depends(require(Permission.triage))]
RecordReader = Annotated[
    KeyHolder, Depends(require(Permission.read_own_records, Permission.read_all_records))
]
Verifier = Annotated[KeyHolder, Depends(require(Permission.verify_records))]
Reloader = Annotated[KeyHolder, Depends(require(Permission.reload_rules))]
CaseReader = Annotated[KeyHolder, Depends(require(Permission.read_cases))]
CaseManager = Annotated[KeyHolder, Depends(require(Permission.manage_cases))]
RegisterManager = Annotated[KeyHolder, Depends(require(Permission.manage_register))]
FeedbackManager = Annotated[KeyHolder, Depends(require(Permission.manage_feedback))]
UnitManager = Annotated[KeyHolder, Depends(require(Permission.manage_units))]
ReportReader = Annotated[KeyHolder, Depends(require(Permission.read_reports))]
Reviewer = Annotated[KeyHolder, Depends(require(Permission.run_reviews))]
