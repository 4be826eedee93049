"""The annual statistics report over a generated year: its figures equal counts made here from the
triages' answers and the 公示 dates the test chose; the Excel file and the charts carry the same."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections import Counter, defaultdict
from typing import Any

from openpyxl import load_workbook
from typer.testing import CliRunner

from cli import app
from store.statistics import reminder

from .conftest import Api
from .year_setup import Year, generate_year

YEAR = 2026


def _expected(made: Year, year: int) -> dict[str, dict[str, Any]]:
    """Counts per unit: triages and cases per month, 需要/无法确定 per decision, offences, missing facts."""
    out: dict[str, dict[str, Any]] = defaultdict(
        lambda: {
            "triages": Counter(),
            "cases": Counter(),
            "required": Counter(),
            "undetermined": Counter(),
            "offences": Counter(),
            "missing": Counter(),
        }
    )
    first: dict[tuple[str, str], str] = {}
    for item in made.triaged:
        day = item.request["as_of"]
        if not day.startswith(str(year)):
            continue
        unit = out[item.unit_id]
        unit["triages"][int(day[5:7])] += 1
        key = (item.unit_id, item.request["case_id"])
        first[key] = min(first.get(key, day), day)
        for name, decision in item.answer["decisions"].items():
            if decision["outcome"] in ("required", "undetermined"):
                unit[decision["outcome"]][name] += 1
        transfer = item.answer["decisions"]["judicial_transfer"]
        if transfer["outcome"] == "required":
            unit["offences"].update(o["offence"] for o in transfer["detail"]["offences"])
        unit["missing"].update(m["label"] for m in item.answer["missing_facts"])
    for (unit_id, _case), day in first.items():
        out[unit_id]["cases"][int(day[5:7])] += 1
    return out


def _publicity(made: Year, year: int) -> dict[str, int]:
    today = dt.date.today().isoformat()
    counts = {"on_time": 0, "late": 0, "revoked": 0}
    for decided_on, due, published, revoked in made.publicity:
        if not decided_on.startswith(str(year)):
            continue
        if published is not None:
            counts["on_time" if published <= due else "late"] += 1
        elif today > due:
            counts["late"] += 1
        counts["revoked"] += revoked
    return counts


def test_the_report_counts_a_generated_year(api: Api, database_url: str, tmp_path: Any) -> None:
    made = generate_year(api)
    answer = api.client.get("/v1/report", params={"year": YEAR}, headers=api.headers("auditor"))
    assert answer.status_code == 200, answer.text
    report = answer.json()
    expected = _expected(made, YEAR)
    assert {u["unit_id"] for u in report["units"]} == set(expected) == {made.units.district, made.units.other}
    for unit in report["units"]:
        want = expected[unit["unit_id"]]
        months = unit["months"]
        assert {int(m): v["triages"] for m, v in months.items() if v["triages"]} == dict(want["triages"])
        assert {int(m): v["cases"] for m, v in months.items() if v["cases"]} == dict(want["cases"])
        assert unit["total"]["required"] == dict(want["required"])
        assert unit["total"]["undetermined"] == dict(want["undetermined"])
        assert unit["total"]["transfers_by_offence"] == dict(want["offences"])
        triages = sum(want["triages"].values())
        for name, count in want["undetermined"].items():
            assert unit["total"]["undetermined_rate"][name] == round(count / triages, 4)
        top = unit["total"]["missing_facts"]
        assert [m["count"] for m in top] == [c for _, c in want["missing"].most_common(len(top))]
    assert report["total"]["triages"] == sum(sum(e["triages"].values()) for e in expected.values())
    assert report["total"]["publicity"] == _publicity(made, YEAR)
    assert sum(_publicity(made, YEAR).values()) > 0, "the generated year must exercise 公示"
    before = _expected(made, YEAR - 1)
    assert report["previous_year"]["triages"] == sum(sum(e["triages"].values()) for e in before.values()) > 0
    assert report["previous_year"]["publicity"] == _publicity(made, YEAR - 1)
    assert report["labels"]["legal_review"] == "法制审核"

    # the CLI reads the same figures from the same database, and writes the same workbook
    out = tmp_path / "report.xlsx"
    args = ["report", "--year", str(YEAR), "--database", database_url, "--format", "json", "--xlsx", str(out)]
    cli = CliRunner().invoke(app, args)
    assert cli.exit_code == 0, cli.output
    assert json.loads(cli.stdout)["total"] == report["total"]
    text = CliRunner().invoke(app, ["report", "--year", str(YEAR), "--database", database_url])
    assert f"分流次数：{report['total']['triages']}（上年 {report['previous_year']['triages']}" in text.stdout

    book = load_workbook(out)
    assert book.sheetnames == ["汇总", "分单位", "分月", "移送罪名", "缺失事实"]
    rows = {r[0]: r for r in book["分单位"].iter_rows(min_row=5, values_only=True)}
    district = next(u for u in report["units"] if u["unit_id"] == made.units.district)
    assert rows[district["unit"]][1:3] == (district["total"]["cases"], district["total"]["triages"])
    summary = {r[0]: r[1:] for r in book["汇总"].iter_rows(min_row=5, values_only=True)}
    assert summary["分流次数"] == (
        report["total"]["triages"],
        report["previous_year"]["triages"],
        report["total"]["triages"] - report["previous_year"]["triages"],
    )
    offences = {r[0]: r[1] for r in book["移送罪名"].iter_rows(min_row=5, values_only=True)}
    assert offences == report["total"]["transfers_by_offence"]
    web = api.client.get("/v1/report.xlsx", params={"year": YEAR}, headers=api.headers("auditor"))
    assert web.status_code == 200
    assert load_workbook(io.BytesIO(web.content)).sheetnames == book.sheetnames

    svg = api.client.get(
        "/v1/report/charts/months.svg", params={"year": YEAR}, headers=api.headers("auditor")
    )
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    bars = re.findall(r'data-series="分流次数" data-category="(\d+)月" data-value="(\d+)"', svg.text)
    assert {int(m): int(v) for m, v in bars} == {m: report["months"][str(m)]["triages"] for m in range(1, 13)}


def test_who_sees_which_report(api: Api) -> None:
    made = generate_year(api, n=8)
    assert api.client.get("/v1/report", params={"year": YEAR}, headers=api.headers()).status_code == 403
    legal = api.client.get("/v1/report", params={"year": YEAR}, headers=api.headers("legal")).json()
    assert [u["unit_id"] for u in legal["units"]] == [made.units.district]  # 法制: own unit and below
    other = api.client.get(
        "/v1/report", params={"year": YEAR, "unit": made.units.other}, headers=api.headers("legal")
    )
    assert other.status_code == 404 and other.json()["code"] == "unit_not_found"
    wide = api.client.get(
        "/v1/report", params={"year": YEAR, "unit": made.units.city}, headers=api.headers("auditor")
    ).json()
    assert {u["unit_id"] for u in wide["units"]} == {made.units.district, made.units.other}


def test_the_deadline_reminder_runs_from_new_year_to_publication() -> None:
    assert reminder(2026, dt.date(2026, 12, 31)) is None
    first = reminder(2026, dt.date(2027, 1, 1))
    assert first is not None and first["report_by"] == "2027-01-15" and first["publish_by"] == "2027-01-31"
    assert "报送（还有 14 天）" in first["text"] and "公开（还有 30 天）" in first["text"]
    late = reminder(2026, dt.date(2027, 1, 20))
    assert late is not None and "报送" not in late["text"] and "还有 11 天" in late["text"]
    assert reminder(2026, dt.date(2027, 2, 1)) is None
