"""案卷评查: the seeded sample (same seed → same files; 重大 and 移送 cases always in), and a full round
of 初审 and 复审 by two reviewers with the results per unit and the Excel export."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from engine import load_ruleset
from store.review import CHECKLIST
from store.roles import Role
from tools.corpus import CorpusSpec, generate

from .cases_setup import units
from .conftest import RULES, Api

PER_UNIT = 2


def _closed_cases(api: Api, n: int = 16) -> dict[str, dict[str, Any]]:
    """Generated cases, opened, triaged once and closed, half in each unit: case_ref → what the test knows."""
    made = units(api)
    for who, name in (("first", "孙初审"), ("second", "钱复审")):
        holder, key = api.store.keys.create(name, Role.legal)
        api.store.units.assign(holder.key_id, made.city)
        api.keys[who] = key
    known: dict[str, dict[str, Any]] = {}
    for index, case in enumerate(generate(load_ruleset(RULES), CorpusSpec(n=n, seed=7))):
        who = "handler" if index % 2 == 0 else "handler2"
        opened = api.client.post(
            "/v1/cases",
            json={
                "case_no": case["case_id"],
                "title": "合成",
                "party": "某公司",
                "field": "价格",
                "handler": "张三",
            },
            headers=api.headers(who),
        ).json()
        answer = api.client.post("/v1/triage", json=case, headers=api.headers(who)).json()
        moved = api.client.post(
            f"/v1/cases/{opened['case_ref']}/stage", json={"stage": "结案"}, headers=api.headers(who)
        )
        assert moved.status_code == 200, moved.text
        outcome = {k: v["outcome"] for k, v in answer["decisions"].items()}
        known[opened["case_ref"]] = {
            "unit": made.district if who == "handler" else made.other,
            "transferred": outcome["judicial_transfer"] == "required",
            "major": "required" in (outcome["legal_review"], outcome["collective_discussion"]),
        }
    api.keys["city"] = made.city
    return known


def _start(api: Api, seed: str, **extra: object) -> dict[str, Any]:
    today = dt.date.today().isoformat()
    body = {"title": "2026年度案卷评查", "period_from": "2026-01-01", "period_to": today, "seed": seed}
    response = api.client.post(
        "/v1/reviews", json={**body, "per_unit": PER_UNIT, **extra}, headers=api.headers("first")
    )
    assert response.status_code == 201, response.text
    found: dict[str, Any] = response.json()
    return found


def test_the_same_seed_draws_the_same_files_with_every_major_and_transferred_case(
    api: Api, database_url: str
) -> None:
    known = _closed_cases(api)
    one, two, other = _start(api, "2026-评查"), _start(api, "2026-评查"), _start(api, "另一个种子")
    picked = [(f["case_ref"], f["reason"]) for f in one["files"]]
    assert picked == [(f["case_ref"], f["reason"]) for f in two["files"]]
    always = {ref for ref, k in known.items() if k["major"] or k["transferred"]}
    assert always, "the generated cases must include 重大 or transferred ones"
    for found in (one, other):
        reasons = {f["case_ref"]: f["reason"] for f in found["files"]}
        assert {ref for ref, why in reasons.items() if why != "随机"} == always
        for ref in always:
            assert reasons[ref] == ("移送" if known[ref]["transferred"] else "重大")
        drawn = Counter(known[ref]["unit"] for ref, why in reasons.items() if why == "随机")
        ordinary = Counter(k["unit"] for ref, k in known.items() if ref not in always)
        assert drawn == {unit: min(PER_UNIT, count) for unit, count in ordinary.items()}
    assert one["seed"] == "2026-评查" and one["unit_id"] == api.keys["city"]
    today = dt.date.today().isoformat()
    args = ["review", "start", "--title", "命令行评查", "--seed", "2026-评查", "--from", "2026-01-01"]
    args += [
        "--to",
        today,
        "--per-unit",
        str(PER_UNIT),
        "--unit",
        api.keys["city"],
        "--database",
        database_url,
    ]
    cli = CliRunner().invoke(app, args)
    assert cli.exit_code == 0, cli.output
    lines = [line.split("\t") for line in cli.stdout.splitlines()[1:]]
    assert [(line[1], line[2]) for line in lines] == picked  # the command line draws the same files
    nothing = api.client.post(
        "/v1/reviews",
        json={"title": "x", "period_from": "2025-01-01", "period_to": "2025-12-31", "seed": "s"},
        headers=api.headers("first"),
    )
    assert nothing.status_code == 422 and nothing.json()["code"] == "nothing_to_review"
    assert api.client.post("/v1/reviews", json={}, headers=api.headers("auditor")).status_code == 403


def _scores(deduct: dict[str, int]) -> dict[str, dict[str, object]]:
    return {
        item.item_id: {
            "score": item.points - deduct.get(item.item_id, 0),
            "note": "问题" + item.label if deduct.get(item.item_id) else "",
        }
        for item in CHECKLIST
    }


def test_a_full_round_of_first_and_second_review(api: Api, database_url: str, tmp_path: Path) -> None:
    _closed_cases(api, n=10)
    found = _start(api, "全流程")
    round_id = found["round_id"]
    files = found["files"]
    url = f"/v1/reviews/{round_id}/files"
    first_ref = files[0]["case_ref"]
    early = api.client.post(
        f"{url}/{first_ref}/second", json={"scores": _scores({})}, headers=api.headers("second")
    )
    assert early.status_code == 409 and early.json()["code"] == "first_review_missing"
    bad = _scores({"evidence": 3})
    bad["evidence"]["note"] = ""
    unexplained = api.client.post(
        f"{url}/{first_ref}/first", json={"scores": bad}, headers=api.headers("first")
    )
    assert unexplained.status_code == 422 and unexplained.json()["location"] == "scores.evidence.note"
    final: dict[str, int] = {}
    for index, item in enumerate(files):
        ref = item["case_ref"]
        done = api.client.post(
            f"{url}/{ref}/first", json={"scores": _scores({"documents": 2})}, headers=api.headers("first")
        )
        assert done.status_code == 201, done.text
        again = api.client.post(
            f"{url}/{ref}/first", json={"scores": _scores({})}, headers=api.headers("first")
        )
        assert again.status_code == 409 and again.json()["code"] == "already_scored"
        same = api.client.post(
            f"{url}/{ref}/second", json={"scores": _scores({})}, headers=api.headers("first")
        )
        assert same.status_code == 409 and same.json()["code"] == "same_reviewer"
        deduct = {"procedure": 5, "evidence": 4} if index % 2 == 0 else {"evidence": 12, "discretion": 10}
        second = api.client.post(
            f"{url}/{ref}/second", json={"scores": _scores(deduct)}, headers=api.headers("second")
        )
        assert second.status_code == 201, second.text
        final[ref] = 100 - sum(deduct.values())
        assert second.json()["total"] == final[ref]

    shown = api.client.get(f"/v1/reviews/{round_id}", headers=api.headers("auditor")).json()
    assert all(
        f["初审"]["reviewer"] == "孙初审" and f["复审"]["reviewer"] == "钱复审" for f in shown["files"]
    )
    for unit in shown["results"]:
        mine = [final[f["case_ref"]] for f in files if f["unit_id"] == unit["unit_id"]]
        assert unit["files"] == unit["reviewed"] == len(mine)
        assert unit["average"] == round(sum(mine) / len(mine), 1)
        assert unit["grades"] == dict(
            Counter("优秀" if t >= 90 else "合格" if t >= 60 else "不合格" for t in mine)
        )
        defects = {d["item"]: d["files"] for d in unit["defects"]}
        assert defects["evidence"] == len(mine)  # every file lost points on 证据 at 复审
        assert "documents" not in defects  # only the 初审 took points off 文书: the 复审 decides
    export = api.client.get(f"/v1/reviews/{round_id}/export.xlsx", headers=api.headers("auditor"))
    assert export.status_code == 200
    book = load_workbook(io.BytesIO(export.content))
    assert book.sheetnames == ["评查结果", "分单位", "常见问题"]
    rows = list(book["评查结果"].iter_rows(min_row=3, values_only=True))
    assert [r[7] for r in rows] == [final[f["case_ref"]] for f in files]
    shown_cli = CliRunner().invoke(app, ["review", "show", round_id, "--database", database_url])
    assert shown_cli.exit_code == 0 and "证据：" in shown_cli.stdout
    out = tmp_path / "review.xlsx"
    exported = CliRunner().invoke(
        app, ["review", "export", round_id, "-o", str(out), "--database", database_url]
    )
    assert exported.exit_code == 0 and load_workbook(out).sheetnames == book.sheetnames
    listed = api.client.get("/v1/reviews", headers=api.headers("legal")).json()
    assert listed["items"] == []  # 王法制 (宿城分局) does not see a round of the 市局
