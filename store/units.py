"""执法单位 (a tree: 宜春市局 → 袁州分局 → 某所) and the key holders who belong to them.

A key holder (an identity: every key made with ``--same-as`` is the same person) belongs to at most one
unit; membership is stored on one of the holder's keys and read through any of them. What a holder may
see of cases, the 公示 register and 码上评 feedback is their unit and the units under it (``subtree``).
A triage records its holder's unit. Membership is remembered ``CACHE_SECONDS`` per process, like keys,
so a triage costs no extra query.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

from sqlalchemy import CompoundSelect, Engine, delete, insert, literal, select

from .ledger import utc_now
from .schema import api_keys, unit_members, units

CACHE_SECONDS = 10.0
MAX_DEPTH = 8  # 省局 → 市局 → 分局 → 所 …: deeper trees are a mistake


class UnitError(ValueError):
    """A unit operation that cannot be done; the message says what and how to fix it."""

    def __init__(self, code: str, message: str, suggestion: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.suggestion = suggestion


@dataclass(frozen=True)
class Unit:
    unit_id: str
    name: str
    parent_id: str | None
    created_at: str


class UnitStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._cache: dict[str, tuple[str | None, float]] = {}
        self._lock = threading.Lock()

    def create(self, name: str, parent_id: str | None = None) -> Unit:
        name = name.strip()
        if not name:
            raise UnitError("invalid_unit", "单位名称不能为空", "给出单位全称，如 宜春市市场监督管理局")
        if parent_id is not None:
            chain = self.ancestors(parent_id)
            if len(chain) >= MAX_DEPTH:
                raise UnitError("invalid_unit", f"单位层级不能超过 {MAX_DEPTH} 级", "挂到更高一级的单位下")
        siblings = [u for u in self.all() if u.parent_id == parent_id and u.name == name]
        if siblings:
            raise UnitError(
                "unit_exists",
                f"上级单位下已有名为「{name}」的单位（{siblings[0].unit_id}）",
                "换一个名称，或直接使用已有的单位",
            )
        unit = Unit("u-" + secrets.token_hex(5), name, parent_id, utc_now())
        with self.engine.begin() as conn:
            conn.execute(insert(units).values(**unit.__dict__))
        return unit

    def get(self, unit_id: str) -> Unit | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(units).where(units.c.unit_id == unit_id)).first()
        return Unit(**row._mapping) if row else None

    def all(self) -> list[Unit]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(units).order_by(units.c.created_at, units.c.unit_id))
            return [Unit(**r._mapping) for r in rows]

    def ancestors(self, unit_id: str) -> list[Unit]:
        """``unit_id`` and its parents up to the root; raises when the unit does not exist."""
        by_id = {u.unit_id: u for u in self.all()}
        if unit_id not in by_id:
            raise UnitError(
                "unit_not_found",
                f"没有编号为 {unit_id} 的执法单位",
                "单位编号见 lexgate units list 或 GET /v1/units",
            )
        chain: list[Unit] = []
        current: str | None = unit_id
        while current is not None and current in by_id and len(chain) <= MAX_DEPTH:
            chain.append(by_id[current])
            current = by_id[current].parent_id
        return chain

    def subtree(self, unit_id: str) -> set[str]:
        """``unit_id`` and every unit under it."""
        children: dict[str | None, list[str]] = {}
        for unit in self.all():
            children.setdefault(unit.parent_id, []).append(unit.unit_id)
        found, todo = set(), [unit_id]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo.extend(children.get(current, []))
        return found

    def path(self, unit_id: str) -> str:
        """The unit's name with its parents: 宜春市局 / 袁州分局 / 某所."""
        return " / ".join(u.name for u in reversed(self.ancestors(unit_id)))

    def assign(self, key_id: str, unit_id: str) -> None:
        """Put the holder of ``key_id`` (all their keys) into ``unit_id``."""
        self.ancestors(unit_id)  # exists
        with self.engine.begin() as conn:
            conn.execute(delete(unit_members).where(unit_members.c.key_id.in_(_same_holder(key_id))))
            conn.execute(insert(unit_members).values(key_id=key_id, unit_id=unit_id, assigned_at=utc_now()))
        with self._lock:
            self._cache.clear()  # the holder's other keys are cached under their own ids

    def members(self) -> dict[str, str]:
        """key id → unit id."""
        with self.engine.connect() as conn:
            return {r.key_id: r.unit_id for r in conn.execute(select(unit_members))}

    def unit_of(self, key_id: str) -> str | None:
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(key_id)
        if cached is not None and cached[1] > now:
            return cached[0]
        with self.engine.connect() as conn:
            row = conn.execute(
                select(unit_members.c.unit_id)
                .where(unit_members.c.key_id.in_(_same_holder(key_id)))
                .order_by(unit_members.c.assigned_at.desc())
            ).first()
        unit_id = row[0] if row else None
        with self._lock:
            if len(self._cache) > 10_000:
                self._cache.clear()
            self._cache[key_id] = (unit_id, now + CACHE_SECONDS)
        return unit_id


def _same_holder(key_id: str) -> CompoundSelect[tuple[str]]:
    """The ids of every key of ``key_id``'s holder (``key_id`` itself when it is no stored key)."""
    holder = select(api_keys.c.holder_id).where(api_keys.c.key_id == key_id).scalar_subquery()
    return select(api_keys.c.key_id).where(api_keys.c.holder_id == holder).union(select(literal(key_id)))
