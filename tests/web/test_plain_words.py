"""What people read is Chinese (issue 17, items 2 and 3): no code identifier in the visible text of the
triage, rules and records views. Ids stay available only inside an explicit 技术信息 toggle."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import Server, settled, shot, sign_in
from .forms import answer, form, submit_answered, type_in, yichun_case

# snake_case, dotted rule ids, pack@digest, lower-case English words (API keys such as timing), a command
# line (lexgate units assign, --key), upper-case words and marks (API, UNVERIFIED, V2, T1)
IDENTIFIER = re.compile(
    r"[a-z][a-z0-9]*_[a-z0-9_]+|[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]+|\w+@[0-9a-f]{6,}|\b[a-z]{3,}\b"
    r"|lexgate\s+[a-z]+|--[a-z]+|\b[A-Z]{2,}[A-Z0-9_]*\b|\b[A-Z]\d+\b"
)
ALLOWED = {"lexgate", "PDF", "A4"}  # the product's name in the masthead; a file format and a paper size


def identifiers(text: str) -> list[str]:
    return sorted({m for m in IDENTIFIER.findall(text) if m not in ALLOWED})


def visible_text(scope: Locator) -> str:
    """The text a person can read with every toggle open, except the 技术信息 toggles."""
    scope.evaluate(
        """root => { for (const d of root.querySelectorAll("details"))
                       d.open = !d.classList.contains("tech"); }"""
    )
    text: str = scope.evaluate("root => root.innerText")
    return text


def test_the_triage_view_and_its_proof_trees_are_in_chinese(page: Page, server: Server) -> None:
    sign_in(page, server, "handler")
    yichun_case(page)
    answer(form(page), "列入法制审核目录清单", "否")
    answer(form(page), "属于不予公开的情形", "否")  # 公示 is 无法确定 until this is answered (issue 12)
    type_in(form(page), "决定日期", "2026年11月20日")  # a 公示 due date in the detail
    result, _ = submit_answered(page)
    text = visible_text(page.locator("main"))
    assert identifiers(text) == [], " ".join(identifiers(text))
    assert "公示截止日期" in text and "2026年12月1日" in text  # detail keys by their labels, dates in 年月日
    # item 3: a negated test reads as one statement; no 「并非」 before a ✓
    publicity = result.locator("li.decision[data-decision=publicity]")
    row = publicity.locator("tr.condition", has_text="拟处罚种类").first
    expect(row).to_contain_text("含有以下以外的种类：警告")
    expect(row.locator("th")).to_have_text("拟处罚种类")
    assert "并非：" not in text
    # the ids are still there for who needs them, behind 技术信息
    tech = result.locator("details.tech").first
    expect(tech.locator("summary")).to_have_text("技术信息")
    tech.evaluate("d => d.open = true")
    expect(tech).to_contain_text(re.compile(r"[a-z]+\.[a-z_]+"))
    shot(page, "22-plain-words-result", full_page=True)


def test_an_evaluation_date_without_parameters_is_explained_in_words(page: Page, server: Server) -> None:
    sign_in(page, server, "handler")
    yichun_case(page)
    type_in(form(page), "评估日期", "2020/1/1")
    form(page).get_by_role("button", name="分流", exact=True).click()
    error = page.locator("#case-as_of-err")
    expect(error).to_contain_text("2020年1月1日没有生效的取值")
    assert identifiers(error.inner_text()) == [], error.inner_text()


def test_the_rules_and_records_views_are_in_chinese(page: Page, server: Server) -> None:
    sign_in(page, server, "legal")
    yichun_case(page)
    submit_answered(page)
    page.get_by_role("link", name="规则").click()
    expect(page.locator("article.rule-card").first).to_be_visible()
    text = visible_text(page.locator("main"))
    assert identifiers(text) == [], " ".join(identifiers(text))
    page.get_by_role("link", name="决定记录").click()
    expect(page.locator("table.records-table tbody tr").first).to_be_visible()
    assert identifiers(visible_text(page.locator("main"))) == []
    page.locator("table.records-table tbody tr a").first.click()
    expect(page.locator(".record-detail li.decision").first).to_be_visible()
    text = visible_text(page.locator("main"))
    assert identifiers(text) == [], " ".join(identifiers(text))
    expect(page.locator(".record-detail")).to_contain_text("（法制）")


def test_the_sign_in_speaks_to_a_civil_servant(page: Page, server: Server) -> None:
    page.goto(server.url)
    text = page.locator("main").inner_text()
    assert "lexgate keys" not in text and identifiers(text) == [], text


@pytest.mark.parametrize("who", ["handler", "legal", "auditor"])
def test_every_view_speaks_to_a_civil_servant(page: Page, server: Server, who: str) -> None:
    """Every view a role reaches, with the hints in its fields: no command line (the units page asked for
    `lexgate keys list`, and a key without a unit was told to run `lexgate units assign --key …`), no
    English marks. What a person should do names whom to ask: the 系统管理员."""
    sign_in(page, server, who)
    links = page.get_by_role("navigation", name="主导航").get_by_role("link")
    names = links.all_inner_texts()
    assert len(names) >= 4, names
    for name in names:
        links.filter(has_text=name).first.click()
        expect(page.locator("main h1").first).to_be_visible()
        settled(page)
        main = page.locator("main")
        hints = main.evaluate(
            """root => [...root.querySelectorAll("[placeholder], [title]")]
                       .map(e => `${e.getAttribute("placeholder") || ""} ${e.getAttribute("title") || ""}`)
                       .join(" ")"""
        )
        text = visible_text(main) + "\n" + hints
        assert identifiers(text) == [], (name, identifiers(text))
        if "不属于任何执法单位" in text:  # this key has no unit yet: the page says whom to ask
            assert "系统管理员" in text, text
