"""案卷评查 in a real browser: 法制 draws a round, scores the 初审, another reviewer the 复审 with a
deduction, and the unit's result shows the average and the defect."""

from __future__ import annotations

import json
import secrets
import urllib.request
from typing import Any

from playwright.sync_api import Page, expect

from store import Store
from store.roles import Role

from .conftest import ROOT, Server, shot, sign_in, sign_out


def _post(server: Server, path: str, body: dict[str, Any], who: str) -> Any:
    request = urllib.request.Request(
        server.url + path,
        data=json.dumps(body, ensure_ascii=False).encode(),
        headers={"Authorization": f"Bearer {server.keys[who]}", "Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def _closed_case(server: Server) -> str:
    """A unit of its own with a handler and two reviewers, and one case triaged and closed there."""
    suffix = secrets.token_hex(3)
    store = Store.open(server.database_url)
    try:
        unit = store.units.create(f"衡阳市市场监督管理局-{suffix}")
        for who, name, role in (
            ("review_handler", "周办案", Role.handler),
            ("review_first", "吴初审", Role.legal),
            ("review_second", "郑复审", Role.legal),
        ):
            holder, key = store.keys.create(name, role)
            store.units.assign(holder.key_id, unit.unit_id)
            server.keys[who], server.names[who] = key, name
    finally:
        store.close()
    case_no = f"衡市监处〔2026〕{suffix}号"
    opened = _post(
        server,
        "/v1/cases",
        {"case_no": case_no, "title": "评查页", "party": "某公司", "field": "价格", "handler": "周办案"},
        "review_handler",
    )
    body = json.loads((ROOT / "examples" / "hengyang_major_case.json").read_text(encoding="utf-8"))
    body["case_id"] = case_no
    _post(server, "/v1/triage", body, "review_handler")
    _post(server, f"/v1/cases/{opened['case_ref']}/stage", {"stage": "结案"}, "review_handler")
    return case_no


def test_a_round_is_drawn_and_scored_in_first_and_second_review(page: Page, server: Server) -> None:
    case_no = _closed_case(server)
    sign_in(page, server, "review_first")
    page.get_by_role("link", name="案卷评查").click()
    page.get_by_label("随机种子").fill("页面")
    page.get_by_role("button", name="抽取案卷").click()
    item = page.locator("ul.review-files > li", has_text=case_no)
    expect(item).to_contain_text("初审 —")
    item.get_by_text("初审", exact=True).click()
    item.get_by_role("button", name="提交初审").click()
    expect(item).to_contain_text("初审 100（吴初审）")

    sign_out(page)  # the page asks before signing out (issue 17)
    sign_in(page, server, "review_second")
    page.get_by_role("link", name="案卷评查").click()
    item = page.locator("ul.review-files > li", has_text=case_no)
    item.get_by_text("复审", exact=True).click()
    item.get_by_label("证据（15）").fill("11")
    item.get_by_label("证据存在的问题").fill("询问笔录未由当事人签字")
    item.get_by_role("button", name="提交复审").click()
    expect(item).to_contain_text("复审 96（郑复审）")
    result = page.locator("section.review-unit")
    expect(result).to_contain_text("平均分 96")
    expect(result).to_contain_text("证据：1 件扣分（询问笔录未由当事人签字）")
    shot(page, "review", full_page=True)
