"""执法单位 and their people: ``/v1/units``. Roots are made with ``lexgate units create``; 法制 staff
add units and people under their own unit."""

from __future__ import annotations

from fastapi import APIRouter

from store.units import UnitError

from ..deps import CaseReader, StoreDep, UnitManager
from ..errors import ApiError
from ..schemas.cases import MemberOut, UnitIn, UnitOut, UnitsOut
from ..services.cases import case_error, scope
from .common import errors

router = APIRouter(prefix="/v1/units", tags=["案件"])


@router.get(
    "",
    operation_id="listUnits",
    summary="执法单位（本单位及下级单位；审计：全部）",
    response_model=UnitsOut,
    responses=errors(401, 403),
)
def list_units(caller: CaseReader, store: StoreDep) -> UnitsOut:
    units = scope(store, caller)
    members: dict[str, list[str]] = {}
    for key_id, unit_id in store.units.members().items():
        members.setdefault(unit_id, []).append(key_id)
    return UnitsOut(
        units=[
            UnitOut(
                unit_id=u.unit_id,
                name=u.name,
                parent_id=u.parent_id,
                path=store.units.path(u.unit_id),
                members=sorted(members.get(u.unit_id, [])),
            )
            for u in store.units.all()
            if units is None or u.unit_id in units
        ],
        mine=store.units.unit_of(caller.key_id),
    )


def _within(caller_units: set[str] | None, unit_id: str | None) -> None:
    if caller_units is not None and unit_id not in caller_units:
        raise ApiError(
            403,
            "outside_unit",
            "只能管理本单位及下级单位",
            location="parent_id",
            suggestion="根单位和其他单位由管理员用 lexgate units create / assign 管理",
        )


@router.post(
    "",
    status_code=201,
    operation_id="createUnit",
    summary="新建下级执法单位（法制）",
    response_model=UnitOut,
    responses=errors(400, 401, 403, 404, 409, 422),
)
def create_unit(body: UnitIn, caller: UnitManager, store: StoreDep) -> UnitOut:
    _within(scope(store, caller), body.parent_id)
    try:
        unit = store.units.create(body.name, body.parent_id)
    except UnitError as exc:
        raise case_error(exc) from None
    return UnitOut(
        unit_id=unit.unit_id, name=unit.name, parent_id=unit.parent_id, path=store.units.path(unit.unit_id)
    )


@router.put(
    "/{unit_id}/members/{key_id}",
    operation_id="assignMember",
    summary="把一个密钥持有人加入单位（法制）",
    response_model=MemberOut,
    responses=errors(401, 403, 404, 422),
)
def assign_member(unit_id: str, key_id: str, caller: UnitManager, store: StoreDep) -> MemberOut:
    units = scope(store, caller)
    _within(units, unit_id)
    if key_id not in {k.key_id for k in store.keys.list()}:
        raise ApiError(
            404,
            "key_not_found",
            f"没有编号为 {key_id} 的密钥",
            location="key_id",
            suggestion="密钥编号见 lexgate keys list",
        )
    current = store.units.unit_of(key_id)
    _within(units, current if current is not None else unit_id)
    try:
        store.units.assign(key_id, unit_id)
    except UnitError as exc:
        raise case_error(exc) from None
    return MemberOut(key_id=key_id, unit_id=unit_id)
