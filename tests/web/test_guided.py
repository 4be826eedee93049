"""Guided questioning (issue 17): the README's 宜春 example reaches a full result in at most 12 answers
by always answering the first question the page puts at the top, the way a handler following it would:
a yes/no question is answered with its group, the group's few 是 one by one and the rest by 本组均为否.
The example answers issue 12's questions (商标/专利/知识产权, 不予公开的情形);
without them 移送 and 公示 stay 无法确定."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

from playwright.sync_api import Locator, Page, expect

from .conftest import AS_OF, ROOT, YICHUN, Server, settled, shot, sign_in
from .forms import answer, form, submit_answered

EXAMPLE: dict[str, Any] = json.loads(
    (ROOT / "examples" / "yichun_food_hearing.json").read_text(encoding="utf-8")
)


def _give(field: Locator, kind: str, value: Any) -> None:
    """Answer one field as a handler does: click 是/否, pick, tick or type."""
    if kind == "bool":
        field.get_by_label(str(value), exact=True).check()
    elif kind == "enum":
        field.locator("select").select_option(str(value))
    elif kind == "set":
        for item in value:
            field.get_by_label(item, exact=True).check()
        field.page.locator("#guided-title").click()  # and moves on to the next question
    else:
        field.locator("input").fill(str(value))
        field.locator("input").dispatch_event("change")


def test_the_yichun_example_in_at_most_12_answers_following_the_guided_order(
    page: Page, server: Server
) -> None:
    sign_in(page, server, "handler")
    facts = {f["id"]: f for f in server.get("/v1/facts")["facts"]}
    answers = {
        next(i for i, f in facts.items() if f["label"] == label): v for label, v in EXAMPLE["facts"].items()
    }
    f = form(page)
    f.get_by_label("管辖地", exact=True).select_option(EXAMPLE["jurisdiction"])
    f.get_by_label("评估日期", exact=True).fill(EXAMPLE["as_of"])
    f.get_by_label("评估日期", exact=True).dispatch_event("change")
    guide = page.locator("section.guided")
    view = page.locator(".view.triage")
    expect(view).not_to_have_attribute("data-guided", "")  # the API's first order has arrived
    settled(page)  # and no later one is on its way (an order for the default place or date)
    shot(page, "17-guided-form")
    given = 0
    while guide.locator("li.guided-item").count() and given <= 12:
        before = view.get_attribute("data-guided") or ""
        print("ASK", before)
        fact = before.split()[0]  # the first question, as the page orders them
        kind, group = facts[fact]["type"], facts[fact]["group"]
        section = page.locator(f"fieldset.group[data-group='{group}']")
        unknown = section.evaluate(
            """(g, guided) => [...document.querySelectorAll(".field[data-type=bool]")]
                 .filter(w => w.closest("fieldset.group") === g || guided.includes(w.dataset.fact))
                 .filter(w => !w.closest("details.irrelevant"))
                 .filter(w => w.querySelector("input:checked")?.value === "")
                 .map(w => w.dataset.fact)""",
            [g for g in before.split() if facts[g]["group"] == group],
        )
        yes = [b for b in unknown if answers.get(b, "否") != "否"]
        if kind == "bool" and len(yes) < len(unknown) - 1:
            # the group's few 是 first, each one answer, then one 本组均为否 for the rest: fewer answers
            # than one by one once a group holds more than two open yes/no questions (issue 12 added some)
            for b in yes:
                _give(page.locator(f".field[data-fact={b}]"), "bool", answers[b])
                given += 1
            section.get_by_role("button", name="本组均为否").click()  # one answer for the rest of the group
        else:
            assert fact in answers, f"the page asks {facts[fact]['label']}, which the example leaves open"
            _give(page.locator(f".field[data-fact={fact}]"), kind, answers[fact])
        given += 1
        expect(view).not_to_have_attribute("data-guided", before)
        settled(page)  # the order for every answer given so far, not one sent before the last answer
    expect(guide.locator(".guided-status")).to_contain_text("已能确定全部结论")
    assert given <= 12, given
    _, answer = submit_answered(page)
    assert all(d["outcome"] != "undetermined" for d in answer["decisions"].values()), answer["decisions"]
    # the same outcomes as the whole README example sent to the API
    full = server.post("/v1/triage", EXAMPLE)
    assert {k: d["outcome"] for k, d in answer["decisions"].items()} == {
        k: d["outcome"] for k, d in full["decisions"].items()
    }
    shot(page, "18-guided-result")


def _marked(page: Page) -> set[str]:
    """The facts whose 「必答」 mark is visible on the form."""
    return set(
        page.locator(".field").evaluate_all(
            """ws => ws.filter(w => w.querySelector(".question > .must")?.checkVisibility())
                      .map(w => w.dataset.fact)"""
        )
    )


def _always_read(server: Server, jurisdiction: str) -> set[str]:
    found = server.get(f"/v1/relevance?jurisdiction={quote(jurisdiction)}&as_of={AS_OF}")
    return {f["fact"] for f in found["facts"] if f["always_read_by"]}


def test_the_facts_every_case_needs_are_marked_from_the_rules_in_force(page: Page, server: Server) -> None:
    sign_in(page, server, "handler")
    f = form(page)
    f.get_by_label("评估日期", exact=True).fill(AS_OF)
    f.get_by_label("评估日期", exact=True).dispatch_event("change")
    view = page.locator(".view.triage")
    f.get_by_label("管辖地", exact=True).select_option(YICHUN)
    expect(view).to_have_attribute("data-relevance", re.compile(f"^{YICHUN}\\|"))
    yichun = _always_read(server, YICHUN)
    assert {"hearing_held", "disputed", "action_type"} <= yichun  # a 宜春 rule reads 经过听证程序 alone
    expect(page.locator(".field[data-fact=hearing_held] .question > .must")).to_be_visible()
    assert _marked(page) == yichun
    hearing = f.get_by_role("group", name="经过听证程序", exact=True)
    expect(hearing).to_have_accessible_description(re.compile("^必答"))  # read out with the question
    mark = page.locator(".field[data-fact=hearing_held] .must")
    expect(mark).to_have_attribute("title", re.compile("社会监督员参与"))  # which decision reads it, by name
    expect(page.locator(".field[data-fact=fine_amount] .must")).to_be_hidden()
    count = f.locator(".filled-count")
    expect(count).to_contain_text(f"必答 0 / {len(yichun)}")
    answer(f, "经过听证程序", "否")
    expect(count).to_contain_text(f"必答 1 / {len(yichun)}")
    shot(page, "17-required-marks")
    # another jurisdiction, other rules: the marks follow them (none of 宜春's 社会监督 facts nationally)
    f.get_by_label("管辖地", exact=True).select_option("全国")
    expect(view).to_have_attribute("data-relevance", re.compile("^全国\\|"))
    national = _always_read(server, "全国")
    assert national and "hearing_held" not in national
    expect(page.locator(".field[data-fact=hearing_held] .must")).to_be_hidden()
    assert _marked(page) == national
    expect(count).to_contain_text(f"必答 0 / {len(national)}")
