"""The active rule set, and reloading the rules directory (legal staff)."""

from __future__ import annotations

from fastapi import APIRouter

from ..deps import CatalogReader, Reloader, RulesDep, StoreDep
from ..metrics import RELOADS
from ..schemas.meta import ActivationOut, ReloadOut, RulesetOut
from .common import errors

router = APIRouter(prefix="/v1", tags=["词表与规则"])


@router.get(
    "/ruleset",
    operation_id="getActiveRuleset",
    summary="生效的规则集",
    description="摘要、规则包、启用代数和启用历史（所有曾经生效的规则集都按摘要保存，可用于重放）。",
    response_model=RulesetOut,
    responses=errors(401, 403),
)
def active_ruleset(_: CatalogReader, rules: RulesDep, store: StoreDep) -> RulesetOut:
    active = rules.current()
    ruleset = active.ruleset
    return RulesetOut(
        digest=ruleset.digest,
        generation=active.generation,
        packs=sorted(p.ref for p in ruleset.packs.values()),
        jurisdictions=ruleset.jurisdictions,
        history=[ActivationOut.model_validate(h) for h in store.rulesets.history()],
    )


@router.post(
    "/rules/reload",
    operation_id="reloadRules",
    summary="重新加载规则包",
    description="校验后加载规则目录：有错误的规则包绝不替换正在使用的规则集，错误逐项返回"
    "（文件:行:列、错误代码、修改建议）。成功后所有工作进程在下一个请求时改用新规则集。",
    response_model=ReloadOut,
    responses=errors(401, 403, 422),
)
def reload(caller: Reloader, rules: RulesDep) -> ReloadOut:
    try:
        activation = rules.reload(f"{caller.name}（{caller.key_id}）")
    except Exception:
        RELOADS.labels("refused").inc()
        raise
    RELOADS.labels("changed" if activation.changed else "unchanged").inc()
    ruleset = rules.cached().ruleset
    return ReloadOut(
        changed=activation.changed,
        digest=activation.digest,
        previous_digest=activation.previous_digest,
        generation=activation.generation,
        packs=sorted(p.ref for p in ruleset.packs.values()),
    )
