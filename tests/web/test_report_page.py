"""The 统计年报 page in a real browser: figures from the API, the three charts drawn by the server (their
bars carry the report's numbers), and the comparison with the previous year."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

from playwright.sync_api import Page, expect

from .conftest import ROOT, Server, shot, sign_in

YEAR = 2026


def _triage(server: Server, as_of: str, case_id: str) -> None:
    body: dict[str, Any] = json.loads(
        (ROOT / "examples" / "yichun_food_hearing.json").read_text(encoding="utf-8")
    )
    body.update(as_of=as_of, case_id=case_id)
    request = urllib.request.Request(
        server.url + "/v1/triage",
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Authorization": f"Bearer {server.keys['handler']}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        assert response.status == 200


def test_the_report_page_shows_the_charts_with_the_reports_figures(page: Page, server: Server) -> None:
    for index, as_of in enumerate(["2025-03-10", "2026-02-16", "2026-03-10", "2026-03-20", "2026-06-01"]):
        _triage(server, as_of, f"统计页-{index % 3}")
    sign_in(page, server, "auditor")
    page.get_by_role("link", name="统计年报").click()
    expect(page.get_by_role("heading", name="统计年报")).to_be_visible()
    charts = page.locator(".report-charts img")
    expect(charts).to_have_count(3)
    report = server.get(f"/v1/report?year={YEAR}", who="auditor")
    expect(page.locator(".view.report [role=status]")).to_have_text(
        f"{YEAR}年：{report['total']['cases']} 件案件，{report['total']['triages']} 次分流"
    )
    for chart in ("months", "decisions", "publicity"):
        image = page.locator(f'img[data-chart="{chart}"]')
        expect(image).to_be_visible()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), (
            f"{chart}: the image did not render"
        )
    source = page.locator('img[data-chart="months"]').get_attribute("src") or ""
    svg = urllib.parse.unquote(source.split(",", 1)[1])
    for month in range(1, 13):
        value = report["months"][str(month)]["triages"]
        assert f'data-series="分流次数" data-category="{month}月" data-value="{value}"' in svg
    assert report["months"]["3"]["triages"] >= 2 and report["previous_year"]["triages"] >= 1
    summary = page.locator("table.report-summary")
    row = summary.locator("tr", has=page.get_by_role("rowheader", name="分流次数", exact=True))
    expect(row.locator("td").nth(0)).to_have_text(str(report["total"]["triages"]))
    expect(row.locator("td").nth(1)).to_have_text(str(report["previous_year"]["triages"]))
    shot(page, "report", full_page=True)
