"""The 需要 decisions as an ordered to-do list with deadlines, printable on its own (issue 17)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import Server, shot, sign_in
from .forms import answer, form, submit, type_in, yichun_case


def test_the_required_decisions_are_a_to_do_list_in_case_order(page: Page, server: Server) -> None:
    sign_in(page, server, "handler")
    yichun_case(page)
    answer(form(page), "经过听证程序", "是")
    answer(form(page), "案件情况疑难复杂", "否")
    answer(form(page), "属于不予公开的情形", "否")  # else 公示 is 无法确定 (issue 12), not on the list
    type_in(form(page), "决定日期", "2026年11月20日")
    result = submit(page)
    todo = result.locator("section.todo")
    expect(todo).to_be_visible()
    stages = todo.locator(".todo-stage").evaluate_all("els => els.map(e => e.dataset.stage)")
    assert stages == [s for s in ("告知前", "决定前", "决定后", "办案全过程") if s in stages]
    assert stages[:3] == ["告知前", "决定前", "决定后"]
    # issue 12's 案卷归档 (结案后立卷归档) follows the decision, not 办案全过程
    expect(todo.locator("[data-stage=决定后] li[data-decision=record_retention]")).to_be_visible()
    required = result.locator("li.decision[data-outcome=required]").count()
    expect(todo.locator("li[data-decision]")).to_have_count(required)  # every 需要, nothing else
    notice = todo.locator("[data-stage=告知前] li[data-decision=hearing_notice]")
    expect(notice).to_contain_text("当事人申请听证期限：告知书送达之日起五个工作日内")
    publicity = todo.locator("[data-stage=决定后] li[data-decision=publicity]")
    expect(publicity).to_contain_text("公示截止日期：2026年12月1日")
    expect(todo.locator("[data-stage=决定前] li[data-decision=legal_review]")).to_contain_text("听证结束后")
    todo.evaluate("e => e.scrollIntoView({block: 'start'})")
    shot(page, "19-todo-list")

    page.evaluate("document.body.classList.add('print-todo')")  # what 打印待办清单 does before printing
    page.emulate_media(media="print")
    expect(todo).to_be_visible()
    expect(page.locator("#print-sheet")).to_be_hidden()
    expect(page.locator("ul.decisions")).to_be_hidden()
    page.emulate_media(media="screen")
