"""Health, the caller, and the active rule set."""

from __future__ import annotations

from pydantic import BaseModel, Field


class HealthOut(BaseModel):
    status: str
    database: str = Field(description="sqlite 或 postgresql")


class MeOut(BaseModel):
    name: str
    key_id: str
    role: str
    role_label: str
    permissions: list[str]
    permission_labels: list[str]


class ActivationOut(BaseModel):
    generation: int
    digest: str
    activated_at: str
    actor: str


class RulesetOut(BaseModel):
    digest: str
    generation: int
    packs: list[str]
    jurisdictions: list[str]
    history: list[ActivationOut] = Field(description="启用记录，最近的在前")


class ReloadOut(BaseModel):
    changed: bool = Field(description="false: 规则目录与生效的规则集相同")
    digest: str
    previous_digest: str | None
    generation: int
    packs: list[str]
