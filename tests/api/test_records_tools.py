"""The rule maintenance tools over the decision-record store: ``lexgate whatif --records`` analyses the
stored records' requests, and ``lexgate diff`` compares rule sets by the digests records carry."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from cli import app
from engine import RuleSet, get_executor, load_ruleset, parse_request, triage
from tests.conftest import AS_OF
from tests.tools.conftest import PARAM, copy_rules, raise_override
from tools.corpus import CorpusSpec, generate

from .conftest import make_api

runner = CliRunner()


def _outcomes(ruleset: RuleSet, request: dict[str, Any]) -> dict[str, str]:
    result = triage(ruleset, parse_request(ruleset, request, AS_OF), get_executor("compiled"))
    return {d: r.outcome for d, r in result.decisions.items()}


def _cases(ruleset: RuleSet) -> list[dict[str, Any]]:
    """江西省 and 全国 fines around the 3,000 元 自然人 threshold, and generated cases."""
    cases = list(generate(ruleset, CorpusSpec(n=60, seed=3, near=0.8)))
    for jurisdiction in ("江西省", "全国"):
        for amount in (2999, 3000, 4999, 5000):
            facts = {"执法行为类别": "行政处罚", "适用程序": "普通程序", "当事人类型": "自然人"}
            facts |= {"拟处罚种类": ["罚款"], "拟罚款金额": amount}
            cases.append(
                {
                    "case_id": f"边界-{jurisdiction}-{amount}",
                    "jurisdiction": jurisdiction,
                    "as_of": "2026-11-01",
                }
                | {"facts": facts}
            )
    return cases


def test_whatif_analyses_the_stored_records(database_url: str, tmp_path: Path) -> None:
    current = copy_rules(tmp_path / "current")
    candidate = copy_rules(tmp_path / "candidate")
    raise_override(candidate, "江西省", PARAM, 2000)
    before, after = load_ruleset(current), load_ruleset(candidate)
    with make_api(database_url, rules_dir=current) as api:
        stored: dict[int, dict[str, Any]] = {}
        for case in _cases(before):
            response = api.client.post("/v1/triage", json=case, headers=api.headers())
            assert response.status_code == 200, response.text
            record = api.client.get(
                f"/v1/records/{response.json()['decision_id']}", headers=api.headers()
            ).json()
            stored[record["seq"]] = case
    expected = {seq for seq, case in stored.items() if _outcomes(before, case) != _outcomes(after, case)}
    assert expected, "the change must move some of these cases"

    out = tmp_path / "report.json"
    args = ["whatif", "--records", "--database", database_url, "--rules", str(current)]
    args += ["--candidate", str(candidate), "--workers", "1", "--no-progress"]
    result = runner.invoke(app, [*args, "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["key_kind"] == "record"
    assert report["summary"]["cases"] == len(stored)
    assert {change["key"] for change in report["changes"]} == expected
    assert "决定记录" in report["cases"]

    text = runner.invoke(app, args)
    assert text.exit_code == 0
    first = min(expected)
    assert f"记录第 {first} 条 · {stored[first]['case_id']}" in text.stdout


def test_diff_compares_the_rule_sets_stored_under_their_digests(database_url: str, tmp_path: Path) -> None:
    rules = copy_rules(tmp_path / "rules")
    with make_api(database_url, rules_dir=rules) as api:
        old = api.client.get("/v1/ruleset", headers=api.headers()).json()["digest"]
        raise_override(rules, "江西省", PARAM, 2000)
        reloaded = api.client.post("/v1/rules/reload", headers=api.headers("legal"))
        assert reloaded.status_code == 200, reloaded.text
        new = api.client.get("/v1/ruleset", headers=api.headers()).json()["digest"]
    assert old != new
    shutil.rmtree(rules)  # only the store has them now

    result = runner.invoke(app, ["diff", old[:19], new, "--database", database_url, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["old"]["digest"] == old and payload["new"]["digest"] == new
    changed = [c for c in payload["changes"] if c["id"] == PARAM]
    assert changed and changed[0]["kind"] == "changed"

    missing = runner.invoke(app, ["diff", "sha256:000000000000", new, "--database", database_url])
    assert missing.exit_code == 2
    assert "没有摘要以 sha256:000000000000 开头的规则集" in missing.stderr
    assert old in missing.stderr  # the stored rule sets are listed
