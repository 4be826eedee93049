"""Who may do what: the three roles of API keys (CONTRACT §1) and their permissions."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    handler = "handler"  # 办案人员
    legal = "legal"  # 法制机构人员
    auditor = "auditor"  # 审计 / 监督


class Permission(StrEnum):
    triage = "triage"  # POST /v1/triage, /v1/triage/batch
    read_own_records = "read_own_records"
    read_all_records = "read_all_records"
    verify_records = "verify_records"
    reload_rules = "reload_rules"
    read_catalog = "read_catalog"  # facts, decisions, jurisdictions, rules


ROLE_LABELS: dict[Role, str] = {Role.handler: "办案人员", Role.legal: "法制", Role.auditor: "审计"}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.handler: frozenset({Permission.triage, Permission.read_own_records, Permission.read_catalog}),
    Role.legal: frozenset(
        {Permission.triage, Permission.read_own_records, Permission.reload_rules, Permission.read_catalog}
    ),
    Role.auditor: frozenset(
        {Permission.read_all_records, Permission.verify_records, Permission.read_catalog}
    ),
}

PERMISSION_LABELS: dict[Permission, str] = {
    Permission.triage: "分流案件",
    Permission.read_own_records: "查看本人的决定记录",
    Permission.read_all_records: "查看全部决定记录",
    Permission.verify_records: "校验决定记录链",
    Permission.reload_rules: "重新加载规则包",
    Permission.read_catalog: "查看事实、决定、管辖地和规则",
}


def parse_role(text: str) -> Role | None:
    """A role by its id (handler) or its Chinese label (办案人员)."""
    for role in Role:
        if text in (role.value, ROLE_LABELS[role]):
            return role
    return None


def roles_with(permission: Permission) -> list[Role]:
    return [role for role in Role if permission in PERMISSIONS[role]]
