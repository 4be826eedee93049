"""The page on a phone, 390 × 844 (issue 17, items 5 and 6): nothing scrolls sideways, no table column is
squeezed to one character per line, and dates read 2026年12月6日."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import Server, shot, sign_in
from .forms import form, submit, type_in, yichun_case

NARROW = """root => [...root.querySelectorAll("td, th, caption")]
  .filter(c => c.offsetParent !== null && c.innerText.trim().length > 1)
  .filter(c => c.getBoundingClientRect().width < 40)
  .map(c => c.innerText.slice(0, 20))"""


def no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


def test_triage_rules_and_records_fit_a_phone(page: Page, server: Server) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, server, "legal")
    expect(page.locator(".view.triage")).not_to_have_attribute("data-guided", "")
    page.locator("section.guided").evaluate("e => e.scrollIntoView({block: 'start'})")
    shot(page, "30-phone-guided")
    yichun_case(page)
    type_in(form(page), "评估日期", "2026/11/1")  # typed the way people write dates
    result = submit(page)
    expect(result.locator(".result-case")).to_contain_text("评估日期 2026年11月1日")
    for details in result.locator("details.reasons, details.reason").all()[:6]:
        details.evaluate("d => d.open = true")
    no_sideways_scroll(page)
    assert result.evaluate(NARROW) == []
    result.locator("section.todo").evaluate("e => e.scrollIntoView({block: 'start'})")
    shot(page, "34-phone-todo")
    # the 结论单 on a phone: its downloads (Word, PDF) and print at the head of the result
    sheet = result.get_by_role("button", name="下载结论单（PDF）")
    expect(sheet).to_be_visible()
    sheet.evaluate("e => e.scrollIntoView({block: 'center'})")
    no_sideways_scroll(page)
    shot(page, "35-phone-sheet")
    result.locator("li.decision[data-decision=legal_review]").evaluate(
        "e => e.scrollIntoView({block: 'start'})"
    )
    shot(page, "31-phone-result")

    page.get_by_role("link", name="规则").click()
    expect(page.locator("article.rule-card").first).to_be_visible()
    no_sideways_scroll(page)
    assert page.locator("main").evaluate(NARROW) == []
    shot(page, "32-phone-rules")

    page.get_by_role("link", name="决定记录").click()
    expect(page.locator("table.records-table tbody tr").first).to_be_visible()
    no_sideways_scroll(page)
    assert page.locator("main").evaluate(NARROW) == []
    expect(page.locator("table.records-table tbody tr").first).to_contain_text("年")  # 2026年12月6日 10:00
    shot(page, "33-phone-records")
