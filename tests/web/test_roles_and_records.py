"""Sign-in with the API key roles, what each role sees, and the decision records."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .conftest import Server, Watch, settled, shot, sign_in, sign_out
from .forms import answer, form, submit_answered, term, yichun_case


def nav_links(page: Page) -> list[str]:
    return page.get_by_role("navigation", name="主导航").get_by_role("link").all_inner_texts()


def test_the_key_stays_in_session_storage_and_out_of_urls(page: Page, server: Server, watch: Watch) -> None:
    sign_in(page, server, "handler")
    key = server.keys["handler"]
    assert page.evaluate("sessionStorage.getItem('lexgate.key')") == key
    # localStorage holds at most the typed form and the 管辖地, never the key
    assert key not in page.evaluate("JSON.stringify(Object.entries(localStorage))")
    assert not [r.url for r in watch.requests if key in r.url]
    assert all(r.headers.get("authorization") == f"Bearer {key}" for r in watch.requests if "/v1/" in r.url)
    settled(page)  # every answer read before the page goes
    page.reload()  # same tab: still signed in
    expect(page.get_by_role("heading", name="案件分流")).to_be_visible()
    sign_out(page)
    assert page.evaluate("sessionStorage.getItem('lexgate.key')") is None


def test_a_wrong_key_is_refused_in_chinese(page: Page, server: Server) -> None:
    page.goto(server.url)
    page.get_by_label("登录密钥").fill("lgk_nope_nope")
    page.get_by_role("button", name="登录").click()
    error = page.locator("#signin-error")
    expect(error).to_contain_text("登录密钥无效或已被吊销")
    expect(page.get_by_role("navigation", name="主导航")).to_be_hidden()
    assert page.evaluate("sessionStorage.getItem('lexgate.key')") is None


def test_a_handler_sees_no_verification_and_the_auditor_no_triage(
    page: Page, server: Server, watch: Watch
) -> None:
    sign_in(page, server, "handler")
    assert nav_links(page) == ["案件分流", "规则", "决定记录", "案件", "公示登记"]
    expect(page.get_by_role("button", name="重新加载规则包")).to_have_count(0)
    page.goto(server.url + "/ui/#/verify")  # typed by hand: still not shown, and not even asked for
    expect(page.get_by_role("alert")).to_contain_text("无权查看此页")
    assert not watch.api_calls("/v1/records/verify")
    page.get_by_role("link", name="规则").click()
    expect(page.locator("article.rule-card").first).to_be_visible()
    expect(page.get_by_role("button", name="重新加载规则包")).to_have_count(0)  # legal staff only

    sign_out(page)
    since = len(watch.requests)
    sign_in(page, server, "auditor")
    assert nav_links(page) == ["规则", "决定记录", "校验记录链", "案件", "公示登记", "统计年报", "案卷评查"]
    expect(page.get_by_role("heading", name="全部决定记录")).to_be_visible()
    page.goto(server.url + "/ui/#/triage")
    expect(page.get_by_role("alert")).to_contain_text("无权查看此页")
    expect(page.locator("#triage-form")).to_have_count(0)
    assert not [r.url for r in watch.requests[since:] if "/v1/relevance" in r.url]  # no form was built


def test_legal_staff_may_reload_the_rules(page: Page, server: Server) -> None:
    sign_in(page, server, "legal")
    assert nav_links(page) == [
        "案件分流",
        "规则",
        "决定记录",
        "案件",
        "公示登记",
        "码上评",
        "单位",
        "统计年报",
        "案卷评查",
    ]
    page.get_by_role("link", name="规则").click()
    page.get_by_role("button", name="重新加载规则包").click()
    expect(page.locator(".reload-outcome")).to_contain_text("规则目录与生效的规则集相同，无需重新加载")


def test_records_of_a_handler_their_detail_and_the_auditors_verification(page: Page, server: Server) -> None:
    sign_in(page, server, "handler2")
    yichun_case(page)
    form(page).get_by_label("案件编号", exact=True).fill("宜市监处〔2026〕99号")
    answer(form(page), "案件情况疑难复杂", "是")
    _, triage_answer = submit_answered(page)
    decision_id = triage_answer["decision_id"]
    page.get_by_role("link", name="决定记录").click()
    expect(page.get_by_role("heading", name="我的决定记录")).to_be_visible()
    rows = page.locator("table.records-table tbody tr")
    expect(rows).to_have_count(1)  # only 李四's own; other handlers' triages are not listed
    expect(rows.first).to_contain_text("宜市监处〔2026〕99号")
    expect(rows.first).to_contain_text("需要")
    shot(page, "11-my-records")
    expect(rows.first).to_have_attribute("data-decision-id", decision_id)
    rows.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(f"#/records/{decision_id}$"))
    detail = page.locator(".record-detail")
    # the record's own decision id, in its metadata and in the result it shows
    expect(term(detail.locator("dl.record-meta"), "决定编号")).to_have_text(decision_id)
    expect(term(detail.locator("dl.record-meta"), "本条哈希")).to_have_text(triage_answer["record"]["hash"])
    expect(term(detail.locator("dl.provenance"), "决定编号")).to_have_text(decision_id)
    expect(detail.locator("li.decision[data-decision=legal_review] .badge")).to_have_text("需要")
    expect(detail.get_by_role("button", name="补充后重新分流")).to_have_count(0)  # a record is read-only
    detail.get_by_role("button", name="用当时的规则集重放").click()
    expect(page.locator(".replay-outcome")).to_contain_text("重放结果与记录完全相同")
    shot(page, "12-record-detail")

    sign_out(page)
    sign_in(page, server, "auditor")
    table = page.locator("table.records-table")
    expect(table.locator("thead")).to_contain_text("提交人")
    expect(table.locator("tbody tr", has_text="宜市监处〔2026〕99号")).to_contain_text("李四")
    page.get_by_role("link", name="校验记录链").click()
    verdict = page.locator(".verify-outcome")
    expect(verdict).to_contain_text("记录链完整")
    records = server.get("/v1/records/verify", who="auditor")["records"]
    expect(verdict).to_contain_text(f"{records} 条记录")
    shot(page, "13-chain-verified")
