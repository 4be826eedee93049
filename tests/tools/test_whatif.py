"""``lexgate whatif``: one hearing threshold raised in a copy of the packs; exactly the cases whose
听证告知 outcome changes are reported, checked against an independent evaluation of every case."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli import app
from engine import RuleSet, get_executor, load_ruleset, parse_request, triage
from tests.conftest import AS_OF
from tools.corpus import CorpusSpec, generate

from .conftest import PARAM, copy_rules, raise_override

JIANGXI = "江西省"
DELTA = 2000


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("whatif")
    current = copy_rules(base / "current")
    candidate = copy_rules(base / "candidate")
    raised = raise_override(candidate, JIANGXI, PARAM, DELTA)
    ruleset = load_ruleset(current)
    cases = list(generate(ruleset, CorpusSpec(n=800, seed=7, near=0.7)))
    cases += boundary_cases(raised)
    path = base / "cases.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases), encoding="utf-8")
    after = load_ruleset(candidate)
    return {
        "current": current,
        "candidate": candidate,
        "cases": cases,
        "path": path,
        "raised": raised,
        "expected": expected_changes(ruleset, after, cases),
    }


def boundary_cases(raised: list[tuple[Any, Any]]) -> list[dict[str, Any]]:
    """Fines of a 自然人 around the old and the new threshold, in 江西省 and (unchanged) 全国."""
    start, new = raised[-1]
    old = new - DELTA
    as_of = AS_OF
    assert dt.date.fromisoformat(str(start)) <= as_of
    out = []
    for jurisdiction in (JIANGXI, "全国"):
        for amount in (old - 1, old, new - 1, new, new + 1):
            out.append(
                {
                    "case_id": f"边界-{jurisdiction}-{amount}",
                    "jurisdiction": jurisdiction,
                    "as_of": as_of.isoformat(),
                    "facts": {
                        "执法行为类别": "行政处罚",
                        "适用程序": "普通程序",
                        "当事人类型": "自然人",
                        "拟处罚种类": ["罚款"],
                        "拟罚款金额": amount,
                    },
                }
            )
    return out


def outcomes(ruleset: RuleSet, case: dict[str, Any]) -> dict[str, str]:
    """Independent oracle: the traced triage of one case (the interpreter, not whatif's fast path).
    Its outcomes are explained without reasons: they are the same at every level (test_explain_levels),
    and rendering the reasons of 1,600 triages was most of this module's CPU."""
    request = parse_request(ruleset, case, AS_OF)
    result = triage(ruleset, request, get_executor("compiled"), "none")
    return {d: r.outcome for d, r in result.decisions.items()}


Changes = dict[tuple[str, str], tuple[str, str]]


def expected_changes(old: RuleSet, new: RuleSet, cases: list[dict[str, Any]]) -> Changes:
    """(case, decision) -> (before, after) for every decision whose outcome differs."""
    out: Changes = {}
    for case in cases:
        before, after = outcomes(old, case), outcomes(new, case)
        for decision in before:
            if before[decision] != after[decision]:
                out[(case["case_id"], decision)] = (before[decision], after[decision])
    return out


def hearing(changes: Changes) -> dict[str, tuple[str, str]]:
    return {case: moves for (case, decision), moves in changes.items() if decision == "hearing_notice"}


def run(setup: dict[str, Any], tmp_path: Path, *args: str, cases: Path | None = None) -> tuple[int, Path]:
    out = tmp_path / "report"
    result = CliRunner().invoke(
        app,
        [
            "whatif",
            str(cases or setup["path"]),
            "--rules",
            str(setup["current"]),
            "--candidate",
            str(setup["candidate"]),
            "--no-progress",
            "-o",
            str(out),
            *args,
        ],
    )
    assert result.exit_code in (0, 2), result.output
    return result.exit_code, out


@pytest.mark.parametrize("workers", ["1", "2"])
def test_reports_exactly_the_changed_hearing_notices(
    setup: dict[str, Any], tmp_path: Path, workers: str
) -> None:
    code, out = run(setup, tmp_path, "--format", "json", "--workers", workers, "--chunk-size", "97")
    assert code == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    expected = setup["expected"]
    reported = {
        (c["case_id"], d["decision"]): (d["before"]["outcome"], d["after"]["outcome"])
        for c in report["changes"]
        for d in c["decisions"]
    }
    # exactly the changed 听证告知 outcomes, and the decisions that follow from them (宜春 重大案件…)
    assert hearing(reported) == hearing(expected) and hearing(expected)
    assert reported == expected
    # the boundary cases: in 江西省 only fines from the old to just below the new threshold change
    boundary = {k for k in hearing(reported) if k.startswith("边界-")}
    new = setup["raised"][-1][1]
    assert boundary == {f"边界-{JIANGXI}-{new - DELTA}", f"边界-{JIANGXI}-{new - 1}"}
    # ordered by input line; summary agrees with the changes
    keys = [c["key"] for c in report["changes"]]
    assert keys == sorted(keys)
    summary = report["summary"]
    assert summary["cases"] == len(setup["cases"])
    assert summary["changed_cases"] == len({case for case, _ in expected})
    assert summary["by_decision"]["hearing_notice"]["changed"] == len(hearing(expected))
    by_j = {j: e["changed_cases"] for j, e in summary["by_jurisdiction"].items() if e["changed_cases"]}
    changed_j = {c["jurisdiction"] for c in report["changes"]}
    assert set(by_j) == changed_j and all(j.startswith(JIANGXI) for j in changed_j)
    # before/after reasons explain the change: the raised threshold appears after, not before
    example = next(c for c in report["changes"] if c["case_id"] == f"边界-{JIANGXI}-{new - 1}")
    notice = next(d for d in example["decisions"] if d["decision"] == "hearing_notice")
    after = json.dumps(notice["after"], ensure_ascii=False)
    before = json.dumps(notice["before"], ensure_ascii=False)
    assert notice["before"]["outcome"] == "required"
    assert "national.hearing_notice.large_fine" in before and f'"value": {new}' in after


def test_text_and_csv(setup: dict[str, Any], tmp_path: Path) -> None:
    expected = setup["expected"]
    _, text = run(setup, tmp_path, "--format", "text", "--workers", "1")
    body = text.read_text(encoding="utf-8")
    assert f"其中结论有变化的 {len({case for case, _ in expected})} 件" in body and "【听证告知】" in body
    _, table = run(setup, tmp_path, "--format", "csv", "--workers", "1")
    rows = list(csv.DictReader(table.read_text(encoding="utf-8-sig").splitlines()))
    assert {(r["案件编号"], r["决定"]) for r in rows} == set(expected)
    assert all(r["变更前"] != r["变更后"] for r in rows)


def test_invalid_lines_are_reported_and_the_rest_compared(setup: dict[str, Any], tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    good = setup["cases"][-1]
    bad.write_text(
        "{not json\n"
        + json.dumps({"jurisdiction": JIANGXI, "facts": {}}, ensure_ascii=False)
        + "\n"
        + json.dumps({**good, "facts": {"拟罚款金额": "很多"}}, ensure_ascii=False)
        + "\n\n"
        + json.dumps(good, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    code, out = run(setup, tmp_path, "--format", "json", "--workers", "1", cases=bad)
    assert code == 2
    summary = json.loads(out.read_text(encoding="utf-8"))["summary"]
    assert summary["cases"] == 1 and summary["invalid"] == 3
    assert [s["key"] for s in summary["invalid_samples"]] == [1, 2, 3]


def test_only_jurisdictions_below_the_changed_pack_are_evaluated(setup: dict[str, Any]) -> None:
    from tools.whatif.compare import Comparer

    comparer = Comparer(load_ruleset(setup["current"]), load_ruleset(setup["candidate"]))
    changed = {j for j in comparer.current.ruleset.jurisdictions if j not in comparer.unchanged}
    assert changed == {j for j in comparer.current.ruleset.jurisdictions if j.startswith(JIANGXI)}
    same = Comparer(load_ruleset(setup["current"]), load_ruleset(setup["current"]))
    assert same.unchanged == set(same.current.ruleset.jurisdictions)


def test_a_changed_condition_with_the_same_ids_and_amounts_is_seen(tmp_path: Path) -> None:
    """Executors cache compiled programs by plan signature: the signature must change with the packs'
    contents, or a candidate that edits only a condition would be evaluated with the current program."""
    current = copy_rules(tmp_path / "current")
    candidate = copy_rules(tmp_path / "candidate")
    hearing = candidate / "national" / "hearing.yaml"
    text = hearing.read_text(encoding="utf-8")
    hearing.write_text(text.replace("吊销许可证件, 吊销营业执照, ", "吊销许可证件, "), encoding="utf-8")
    facts = {
        "执法行为类别": "行政处罚",
        "适用程序": "普通程序",
        "当事人类型": "法人",
        "拟处罚种类": ["吊销营业执照"],
    }
    case = {"case_id": "吊照", "jurisdiction": "全国", "as_of": AS_OF.isoformat(), "facts": facts}
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(case, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "report.json"
    args = ["whatif", str(path), "--rules", str(current), "--candidate", str(candidate), "--workers", "1"]
    result = CliRunner().invoke(app, [*args, "--no-progress", "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    changes = json.loads(out.read_text(encoding="utf-8"))["changes"]
    decisions = {
        d["decision"]: (d["before"]["outcome"], d["after"]["outcome"]) for d in changes[0]["decisions"]
    }
    assert decisions["hearing_notice"][0] == "required"
    assert decisions["hearing_notice"][1] != "required"
