"""A reload previewed: ``lexgate diff`` of the rules directory against the running rule set, and the
``lexgate whatif`` summary over the stored decision records, computed in this process."""

from __future__ import annotations

import json
from itertools import islice

from engine import RuleSet
from store import Store
from store.records import RecordCases
from tools.diff import diff_rulesets
from tools.whatif.compare import STATE_LABELS, Comparer
from tools.whatif.report import Summary

from ..schemas.reload_preview import DecisionImpact, DiffItem, ImpactSample, ReloadPreviewOut

WHAT = {
    "pack": "规则包",
    "fact": "输入事实",
    "decision": "决定",
    "derived": "中间结论",
    "parameter": "参数",
    "override": "参数覆盖",
    "rule": "规则",
}
KIND = {"added": "新增", "removed": "删除", "changed": "修改"}
SAMPLES = 20
CHUNK = 500


def _arrow(arrow: str) -> str:
    before, _, after = arrow.partition("→")
    return f"{STATE_LABELS.get(before, before)}→{STATE_LABELS.get(after, after)}"


def preview(running: RuleSet, candidate: RuleSet, store: Store) -> ReloadPreviewOut:
    changes = diff_rulesets(running, candidate)
    labels = {d.id: d.label for rs in (running, candidate) for s in rs.scopes.values() for d in s.decisions}
    summary = Summary(labels, "record")
    comparer = Comparer(running, candidate)
    samples: list[ImpactSample] = []
    cases = iter(RecordCases(store.records, store.display_url))
    while batch := list(islice(cases, CHUNK)):
        chunk = comparer.chunk(batch)
        summary.add(chunk)
        for change in chunk.changes[: SAMPLES - len(samples)]:
            samples.append(
                ImpactSample(
                    seq=change["key"],
                    case_id=change["case_id"],
                    jurisdiction=change["jurisdiction"],
                    changes=[
                        f"{d['label']}：{d['before']['outcome_label']}→{d['after']['outcome_label']}"
                        for d in change["decisions"]
                    ],
                )
            )
    data = json.loads(json.dumps(summary.as_json()))
    return ReloadPreviewOut(
        running_digest=running.digest,
        candidate_digest=candidate.digest,
        same=running.digest == candidate.digest,
        diff=[
            DiffItem(
                kind=c.kind,
                kind_label=KIND[c.kind],
                what=c.what,
                what_label=WHAT[c.what],
                id=c.id,
                title=c.title,
                pack=c.pack,
                changes=[f.text for f in c.fields],
            )
            for c in changes
        ],
        records=data["cases"],
        invalid=data["invalid"],
        changed_records=data["changed_cases"],
        by_decision=[
            DecisionImpact(
                decision=decision,
                label=entry["label"],
                changed=entry["changed"],
                transitions={_arrow(a): n for a, n in entry["transitions"].items()},
            )
            for decision, entry in data["by_decision"].items()
        ],
        samples=samples,
    )
