"""Stage ``assemble``: vocabulary uniqueness, one pack per directory, and the jurisdiction tree."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

from ..errors import Location, ProblemList
from ..model import (
    DecisionAmend,
    DecisionDef,
    PackContent,
    PackManifest,
    ParameterDef,
    ParameterOverride,
    VocabularyFile,
)
from ..scope import Pack
from ..vocabulary import Vocabulary
from .report import suggest, where_of
from .state import LoadState

ROOT_JURISDICTION = "全国"


def assemble(state: LoadState) -> None:
    """Vocabulary uniqueness, one pack per directory, and the jurisdiction tree."""
    vocab_source = state.vocabulary_file
    if vocab_source is not None and isinstance(vocab_source.model, VocabularyFile):
        seen_ids: dict[str, Location] = {}
        seen_labels: dict[str, Location] = {}
        for fact in vocab_source.model.facts:
            where = fact.at or Location(vocab_source.display)
            for key, seen, what in ((fact.id, seen_ids, "标识"), (fact.label, seen_labels, "中文名称")):
                if key in seen:
                    state.problems.add(
                        "duplicate_fact",
                        f"事实{what} '{key}' 重复（先前定义在第 {seen[key].line} 行）",
                        where,
                        fix=f"每个事实的{what}必须唯一",
                        related=[seen[key]],
                    )
                seen[key] = where
            if fact.label in seen_ids and fact.label != fact.id:
                state.problems.add(
                    "label_clashes_id", f"事实中文名称 '{fact.label}' 与某个事实标识相同", where
                )
        state.vocabulary = Vocabulary(vocab_source.model.facts, vocab_source.model.groups)

    for pack_dir, group in state.pack_files.items():
        manifest_source = group[0]
        manifest = manifest_source.model
        if not isinstance(manifest, PackManifest):
            continue
        contents: list[PackContent] = [manifest]
        contents += [s.model for s in group[1:] if isinstance(s.model, PackContent)]
        if any(s.model is None for s in group[1:]):
            # a file of the pack failed validation: its errors are reported; keep checking the rest
            pass
        digest = hashlib.sha256()
        for source in group:
            digest.update(source.rel.encode() + b"\0" + source.text.encode() + b"\0")
        pack = Pack(
            manifest=manifest,
            files=tuple(s.rel for s in group),
            digest=digest.hexdigest(),
            parameters=tuple(p for c in contents for p in c.parameters if isinstance(p, ParameterDef)),
            overrides=tuple(p for c in contents for p in c.parameters if isinstance(p, ParameterOverride)),
            decisions=tuple(d for c in contents for d in c.decisions if isinstance(d, DecisionDef)),
            amendments=tuple(d for c in contents for d in c.decisions if isinstance(d, DecisionAmend)),
            derived=tuple(d for c in contents for d in c.derived),
            rules=tuple(r for c in contents for r in c.rules),
        )
        where = manifest.at or Location(manifest_source.display)
        if pack.id in state.packs:
            other = state.packs[pack.id].manifest.at
            state.problems.add(
                "duplicate_pack",
                f"规则包标识 '{pack.id}' 重复",
                where,
                fix="每个规则包的 pack 标识必须唯一",
                related=[other] if other else [],
            )
            continue
        state.packs[pack.id] = pack
        del pack_dir

    check_jurisdiction_tree(state.packs, state.problems)


def check_jurisdiction_tree(packs: Mapping[str, Pack], problems: ProblemList) -> None:
    by_jurisdiction: dict[str, Pack] = {}
    for pack in packs.values():
        where = where_of(pack.manifest, Location(pack.files[0]))
        if pack.jurisdiction in by_jurisdiction:
            problems.add(
                "duplicate_jurisdiction",
                f"管辖地 '{pack.jurisdiction}' 已由规则包 {by_jurisdiction[pack.jurisdiction].id} 使用",
                where,
                fix="一个管辖地只对应一个规则包；把规则合并到同一个包中",
            )
            continue
        by_jurisdiction[pack.jurisdiction] = pack
    roots = [p for p in packs.values() if p.manifest.parent is None]
    if packs and len(roots) != 1:
        for pack in roots or list(packs.values())[:1]:
            problems.add(
                "jurisdiction_root",
                f"必须恰好有一个没有上级的根规则包（{ROOT_JURISDICTION}），现有 {len(roots)} 个",
                where_of(pack.manifest, Location(pack.files[0])),
                fix="除全国规则包外，每个规则包都写明 parent（上级管辖地）",
            )
    for pack in packs.values():
        parent = pack.manifest.parent
        if parent is not None and parent not in by_jurisdiction:
            problems.add(
                "unknown_parent",
                f"上级管辖地 '{parent}' 没有对应的规则包",
                where_of(pack.manifest, Location(pack.files[0])),
                fix=suggest(parent, [j for j in by_jurisdiction if j != pack.jurisdiction], "管辖地"),
            )
    # cycles in parent links
    for pack in packs.values():
        seen: list[str] = []
        current: Pack | None = pack
        while current is not None and current.manifest.parent is not None:
            if current.jurisdiction in seen:
                problems.add(
                    "jurisdiction_cycle",
                    "上级管辖地形成循环: " + " → ".join([*seen, current.jurisdiction]),
                    where_of(pack.manifest, Location(pack.files[0])),
                )
                break
            seen.append(current.jurisdiction)
            current = by_jurisdiction.get(current.manifest.parent)
