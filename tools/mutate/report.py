"""The mutation report in Chinese: per pack the score, then every survivor with a scenario to paste."""

from __future__ import annotations

from .judge import CAUGHT_LINT, CAUGHT_SCENARIO, ENGINE, EQUIVALENT, SURVIVED
from .run import MutateReport, PackScore

VERDICT_LABELS = {
    CAUGHT_SCENARIO: "被场景发现",
    CAUGHT_LINT: "被 lint 拒绝",
    EQUIVALENT: "等价（任何案件都不受影响）",
    SURVIVED: "存活（没有场景发现）",
    ENGINE: "引擎执行器与逐项解释不一致",
}


def _line(score: PackScore) -> str:
    return (
        f"{score.pack}: 得分 {score.score:.1%}（{score.mutants} 个变异：场景发现 {score.by_scenario}，"
        f"lint 拒绝 {score.by_lint}，等价 {score.equivalent}，存活 {score.survived}）"
    )


def render(report: MutateReport, *, verbose: bool = False) -> str:
    lines = [f"变异测试：{report.mutants} 个变异，{report.scenarios} 个场景", ""]
    for pack in report.packs:
        lines.append("规则包 " + _line(pack))
        for outcome in report.outcomes:
            if outcome.pack != pack.pack:
                continue
            if outcome.verdict in (SURVIVED, ENGINE) or verbose:
                label = VERDICT_LABELS[outcome.verdict]
                lines.append(f"  {outcome.where} {outcome.description}：{label}")
                if outcome.by:
                    lines.append(f"      {outcome.by}")
                if outcome.suggestion:
                    lines.append("      建议补充的场景（可直接粘贴到 features/ 中相应的 .feature 文件）:")
                    lines += ["      " + line for line in outcome.suggestion.rstrip("\n").splitlines()]
    lines += ["", "合计 " + _line(report.total)]
    lines.append(
        "得分 = (场景发现 + lint 拒绝) / (变异总数 - 等价变异)；存活的变异说明场景没有钉住这条法律规定。"
    )
    return "\n".join(lines) + "\n"
