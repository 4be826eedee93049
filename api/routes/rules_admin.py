"""The active rule set, and reloading the rules directory (legal staff)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from ..deps import CatalogReader, Reloader, RulesDep, StoreDep
from ..metrics import RELOADS
from ..schemas.meta import ActivationOut, ReloadOut, RulesetOut
from ..schemas.reload_preview import ReloadPreviewOut
from ..services.reload_preview import preview
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
    responses=errors(401, 403, 409, 422),
)
def reload(
    caller: Reloader,
    rules: RulesDep,
    expect: Annotated[
        str | None, Query(description="预览时候选规则集的摘要：规则目录已不是该版本时不启用（409）")
    ] = None,
) -> ReloadOut:
    try:
        activation = rules.reload(f"{caller.name}（{caller.key_id}）", expect)
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


@router.post(
    "/rules/reload/preview",
    operation_id="previewReload",
    summary="预览重新加载：规则差异与对已存决定记录的影响",
    description="校验并加载规则目录（不启用），给出与生效规则集的差异（同 lexgate diff），并用两套规则重放"
    "数据库中的全部决定记录，汇总结论有变化的记录（同 lexgate whatif --records）。确认后以 "
    "POST /v1/rules/reload?expect=<candidate_digest> 启用。",
    response_model=ReloadPreviewOut,
    responses=errors(401, 403, 422),
)
def preview_reload(_: Reloader, rules: RulesDep, store: StoreDep) -> ReloadPreviewOut:
    candidate = rules.load_directory()  # RuleSetInvalid: 422, every problem listed
    return preview(rules.current().ruleset, candidate, store)
