"""A rule-set difference as Chinese text for legal staff."""

from __future__ import annotations

from collections.abc import Sequence

from .compare import Change

_WHAT = {
    "pack": "规则包",
    "fact": "输入事实",
    "decision": "决定",
    "derived": "中间结论",
    "parameter": "参数",
    "override": "参数覆盖",
    "rule": "规则",
}
_KIND = {"added": "新增", "removed": "删除", "changed": "修改"}


def render_text(changes: Sequence[Change], old_name: str, new_name: str) -> str:
    lines = [f"规则差异：{old_name} → {new_name}"]
    if not changes:
        return lines[0] + "\n没有差异。\n"
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.kind] = counts.get(change.kind, 0) + 1
    lines.append(
        "，".join(f"{_KIND[k]} {counts[k]} 项" for k in ("added", "removed", "changed") if k in counts)
    )
    current = None
    for change in changes:
        if change.what != current:
            current = change.what
            lines += ["", f"【{_WHAT[change.what]}】"]
        pack = f"（{change.pack}）" if change.pack else ""
        title = f" {change.title}" if change.title else ""
        where = change.new_location or change.old_location
        lines.append(f"  {_KIND[change.kind]} {change.id}{pack}{title}" + (f"  @ {where}" if where else ""))
        for item in change.fields:
            lines.append(f"    · {item.text}")
            if item.field == "condition":
                lines.append(f"      原条件: {item.old}")
                lines.append(f"      新条件: {item.new}")
    return "\n".join(lines) + "\n"
