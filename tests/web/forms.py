"""Filling the triage form the way a handler does: by the Chinese labels the page shows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, Response, expect

from .conftest import AS_OF, YICHUN


def form(page: Page) -> Locator:
    return page.get_by_role("form", name="案件事实")


def answer(scope: Page | Locator, label: str, value: str) -> None:
    """A yes/no fact: 是, 否 or 未知."""
    scope.get_by_role("group", name=label, exact=True).get_by_label(value, exact=True).check()


def pick(scope: Page | Locator, label: str, value: str) -> None:
    scope.get_by_label(label, exact=True).select_option(value)


def tick(scope: Page | Locator, label: str, *values: str) -> None:
    group = scope.get_by_role("group", name=label, exact=True)
    for value in values:
        group.get_by_label(value, exact=True).check()


def type_in(scope: Page | Locator, label: str, text: str) -> None:
    scope.get_by_label(label, exact=True).fill(text)


def yichun_case(page: Page) -> None:
    """A 宜春 food case with 15万 fine; 案件情况疑难复杂 is left 未知 (so 法制审核 cannot be decided)."""
    f = form(page)
    pick(f, "管辖地", YICHUN)
    type_in(f, "评估日期", AS_OF)
    type_in(f, "案件编号", "宜市监处〔2026〕12号")
    pick(f, "执法行为类别", "行政处罚")
    pick(f, "适用程序", "普通程序")
    pick(f, "当事人类型", "法人")
    pick(f, "案件领域", "食品")
    tick(f, "拟处罚种类", "罚款")
    type_in(f, "拟罚款金额", "15万")
    for label in (
        "经过听证程序",
        "涉及重大公共利益",
        "可能造成重大社会影响或引发社会风险",
        "直接关系当事人或第三人重大权益",
        "涉及多个法律关系",
        "列入法制审核目录清单",
    ):
        answer(f, label, "否")


def submit(page: Page) -> Locator:
    form(page).get_by_role("button", name="分流", exact=True).click()
    result = page.locator("article.result")
    result.wait_for()
    return result


def decision(page: Page, decision_id: str) -> Locator:
    return page.locator(f"li.decision[data-decision={decision_id}]")


def _is_triage(response: Response) -> bool:
    return urlsplit(response.url).path == "/v1/triage" and response.request.method == "POST"


def triaged(page: Page, action: Callable[[], None]) -> dict[str, Any]:
    """Run ``action`` (a click that triages) and return the API's answer, once the page shows it.

    The answer is the truth the page is compared with: its decision id must be the result's."""
    with page.expect_response(_is_triage) as answered:
        action()
    response = answered.value
    assert response.status == 200, response.text()
    answer: dict[str, Any] = response.json()
    expect(page.locator("article.result")).to_have_attribute("data-decision-id", answer["decision_id"])
    return answer


def submit_answered(page: Page) -> tuple[Locator, dict[str, Any]]:
    """``submit``, with the API's answer that the result shows."""
    answer = triaged(page, lambda: form(page).get_by_role("button", name="分流", exact=True).click())
    return page.locator("article.result"), answer


def term(dl: Locator, name: str) -> Locator:
    """The ``<dd>`` of the ``<dt>`` that reads ``name`` in the description list ``dl``."""
    return dl.locator(f"xpath=./dt[normalize-space()='{name}']/following-sibling::dd[1]")
