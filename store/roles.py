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
    # Cases (issue 15): scoped to the holder's 执法单位 and the units under it (审计: every unit).
    read_cases = "read_cases"  # case files, their history, the 公示 register
    manage_cases = "manage_cases"  # open a case, change its stage
    manage_register = "manage_register"  # record publication, revocation and 撤下
    manage_feedback = "manage_feedback"  # read 码上评 feedback and answer it
    manage_units = "manage_units"  # create 执法单位, put key holders in them
    # Supervision (issue 16): the annual statistics report (法制: own unit and below; 审计: every unit).
    read_reports = "read_reports"
    run_reviews = "run_reviews"  # 案卷评查: draw a round, score files (初审, 复审)


ROLE_LABELS: dict[Role, str] = {Role.handler: "办案人员", Role.legal: "法制", Role.auditor: "审计"}

PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.handler: frozenset(
        {
            Permission.triage,
            Permission.read_own_records,
            Permission.read_catalog,
            Permission.read_cases,
            Permission.manage_cases,
        }
    ),
    # 法制 also administers units and people (no separate 管理员 role: docs/ARCHITECTURE.md, 案件).
    Role.legal: frozenset(
        {
            Permission.triage,
            Permission.read_own_records,
            Permission.reload_rules,
            Permission.read_catalog,
            Permission.read_cases,
            Permission.manage_cases,
            Permission.manage_register,
            Permission.manage_feedback,
            Permission.manage_units,
            Permission.read_reports,
            Permission.run_reviews,
        }
    ),
    Role.auditor: frozenset(
        {
            Permission.read_all_records,
            Permission.verify_records,
            Permission.read_catalog,
            Permission.read_cases,
            Permission.read_reports,
        }
    ),
}

PERMISSION_LABELS: dict[Permission, str] = {
    Permission.triage: "分流案件",
    Permission.read_own_records: "查看本人的决定记录",
    Permission.read_all_records: "查看全部决定记录",
    Permission.verify_records: "校验决定记录链",
    Permission.reload_rules: "重新加载规则包",
    Permission.read_catalog: "查看事实、决定、管辖地和规则",
    Permission.read_cases: "查看本单位的案件和公示登记",
    Permission.manage_cases: "立案、变更案件阶段",
    Permission.manage_register: "登记公示、撤销和撤下",
    Permission.manage_feedback: "查看和答复码上评",
    Permission.manage_units: "管理执法单位和人员",
    Permission.read_reports: "查看统计年报和案卷评查结果",
    Permission.run_reviews: "组织案卷评查、评分",
}


def parse_role(text: str) -> Role | None:
    """A role by its id (handler) or its Chinese label (办案人员)."""
    for role in Role:
        if text in (role.value, ROLE_LABELS[role]):
            return role
    return None


def roles_with(permission: Permission) -> list[Role]:
    return [role for role in Role if permission in PERMISSIONS[role]]
