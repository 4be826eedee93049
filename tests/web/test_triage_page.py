"""The triage page in a real browser: the 宜春 case with a missing fact, answered in place."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlencode

from playwright.sync_api import Page, expect

from .conftest import Server, Watch, shot, sign_in
from .forms import answer, decision, form, submit, submit_answered, term, tick, triaged, type_in, yichun_case


def test_the_printed_address_opens_the_sign_in_and_then_the_triage_page(page: Page, server: Server) -> None:
    page.goto(server.url)
    assert page.url == server.url + "/ui/"
    expect(page.get_by_role("heading", name="登录")).to_be_visible()
    shot(page, "01-sign-in")
    sign_in(page, server, "handler")
    expect(page.get_by_role("heading", name="案件分流")).to_be_visible()
    expect(page.locator("#who")).to_contain_text("张三（办案人员）")
    legends = form(page).locator("fieldset.group > legend").all_inner_texts()
    groups = ["违法行为时间", "拟处罚", "审核情形", "听证情形", "社会监督", "涉嫌犯罪", "执法环节", "公示"]
    assert legends == ["案件", "案件基本信息", *groups]


def test_every_fact_of_the_vocabulary_is_a_field_with_its_label_and_question(
    page: Page, server: Server
) -> None:
    sign_in(page, server, "handler")
    vocabulary = server.get("/v1/facts")["facts"]
    fields = form(page).locator(".field[data-fact]")
    expect(fields).to_have_count(len(vocabulary))
    for fact in vocabulary:
        field = form(page).locator(f".field[data-fact={fact['id']}]")
        assert field.get_attribute("data-type") == fact["type"]
        expect(field).to_contain_text(fact["label"])
        # the question as the vocabulary words it, after 「必答」 where the rules read it in every case
        expect(field.locator(".question")).to_have_text(re.compile(f"^(必答)?{re.escape(fact['question'])}$"))
    # three states for yes/no facts, 未知 preselected; sets have 以上皆无 besides their values
    hearing = page.get_by_role("group", name="经过听证程序", exact=True)
    assert hearing.locator("label").all_inner_texts() == ["是", "否", "未知"]
    expect(hearing.get_by_label("未知", exact=True)).to_be_checked()
    penalties = page.get_by_role("group", name="拟处罚种类", exact=True)
    values = next(f["values"] for f in vocabulary if f["id"] == "penalties")
    assert penalties.locator("label").all_inner_texts() == [*values, "以上皆无"]


def sent_to_triage(watch: Watch) -> dict[str, Any]:
    """The body of the page's last POST /v1/triage."""
    calls = watch.api_calls("/v1/triage")
    assert calls, "the page sent no triage request"
    body = calls[-1].post_data
    assert body, "the page's triage request had no body"
    sent: dict[str, Any] = json.loads(body)
    return sent


def test_undetermined_then_answered_in_place(page: Page, server: Server, watch: Watch) -> None:
    sign_in(page, server, "handler")
    yichun_case(page)
    shot(page, "02-form-filled")
    result, first = submit_answered(page)
    sent = sent_to_triage(watch)
    assert sent["jurisdiction"] == "江西省宜春市" and sent["as_of"] == "2026-11-01"
    assert sent["facts"]["fine_amount"] == "15万"  # as typed: the API reads 万
    assert sent["facts"]["hearing_held"] is False
    assert "complex_case" not in sent["facts"]  # 未知 is left out, never sent as false

    legal = decision(page, "legal_review")
    expect(legal.locator(".badge")).to_have_text("无法确定")
    expect(legal).to_contain_text("待补充：案件情况疑难复杂")
    expect(decision(page, "collective_discussion").locator(".badge")).to_have_text("需要")
    ask = result.locator("section.missing li.ask[data-fact=complex_case]")
    expect(ask).to_contain_text("本案案件情况是否疑难复杂？")
    expect(ask).to_contain_text("影响：法制审核、案件审核")
    # the decision id the API gave is the one shown (to quote it, e.g. in the case file)
    expect(term(result.locator("dl.provenance"), "决定编号")).to_have_text(first["decision_id"])
    expect(term(result.locator("dl.provenance"), "规则集摘要")).to_have_text(first["ruleset"]["digest"])
    shot(page, "03-undetermined")
    result.locator("section.missing").evaluate("e => e.scrollIntoView({block: 'start'})")
    shot(page, "03-questions-in-place")

    answer(ask, "案件情况疑难复杂", "是")
    second = triaged(page, lambda: result.get_by_role("button", name="补充后重新分流").click())
    assert second["decision_id"] != first["decision_id"]  # a new triage, a new record
    expect(term(page.locator("article.result dl.provenance"), "决定编号")).to_have_text(second["decision_id"])
    expect(decision(page, "legal_review").locator(".badge")).to_have_text("需要")
    expect(decision(page, "case_review").locator(".badge")).to_have_text("不需要")
    resent = sent_to_triage(watch)
    assert resent["facts"] == {**sent["facts"], "complex_case": True}  # nothing retyped, nothing lost
    # the answer went into the form itself, next to what was typed before
    expect(
        page.get_by_role("group", name="案件情况疑难复杂", exact=True).get_by_label("是", exact=True)
    ).to_be_checked()
    expect(form(page).get_by_label("拟罚款金额", exact=True)).to_have_value("15万")
    expect(page.locator("section.missing li.ask[data-fact=complex_case]")).to_have_count(0)
    shot(page, "04-answered-in-place")


def test_a_reason_opens_to_its_rule_facts_and_legal_basis(page: Page, server: Server) -> None:
    sign_in(page, server, "handler")
    yichun_case(page)
    answer(form(page), "案件情况疑难复杂", "是")
    submit(page)
    legal = decision(page, "legal_review")
    expect(legal.locator(".badge")).to_have_text("需要")
    legal.locator("details.reasons > summary").click()
    reason = legal.locator("details.reason").first
    reason.locator("summary").first.click()
    expect(reason.locator(".rule-title").first).to_contain_text("疑难复杂")
    row = reason.locator("table.conditions tr", has_text="案件情况疑难复杂")
    expect(row).to_contain_text("是")
    expect(row).to_contain_text("✓ 成立")
    basis = reason.locator("details.basis").first
    expect(basis.locator(".basis-list")).not_to_be_visible()
    basis.locator("summary").click()
    expect(basis.locator(".basis-list")).to_be_visible()
    expect(basis.locator(".basis-list")).to_contain_text("第五十八条第一款第（三）项")
    # a proof tree: 集体讨论 rests on the derived 重大案件, whose own reasons nest under it
    discussion = decision(page, "collective_discussion")
    discussion.locator("details.reasons > summary").click()
    outer = discussion.locator("details.reason").first
    outer.locator("summary").first.click()
    nested = outer.locator(".because details.reason")
    expect(nested.first).to_be_attached()
    nested.first.locator("summary").first.click()
    expect(nested.first.locator("details.basis summary").first).to_be_visible()
    shot(page, "05-reason-and-basis")


def test_input_errors_are_shown_next_to_the_field(page: Page, server: Server) -> None:
    sign_in(page, server, "handler")
    yichun_case(page)
    type_in(form(page), "拟罚款金额", "十五万元")
    form(page).get_by_role("button", name="分流", exact=True).click()
    error = page.locator("#f-fine_amount-err")
    expect(error).to_be_visible()
    expect(error).to_contain_text("拟罚款金额")
    expect(error).to_contain_text("无法识别的金额")
    amount = form(page).get_by_label("拟罚款金额", exact=True)
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(amount).to_be_focused()
    expect(amount).to_have_attribute("aria-describedby", re.compile(r"(^|\s)f-fine_amount-err(\s|$)"))
    expect(page.locator("#result")).to_contain_text("输入有误，未分流")
    shot(page, "06-input-error")
    type_in(form(page), "拟罚款金额", "150000元")
    submit(page)
    expect(error).to_be_hidden()


def test_warnings_are_prominent(page: Page, server: Server) -> None:
    sign_in(page, server, "handler")
    f = form(page)
    f.get_by_label("管辖地", exact=True).select_option("全国")
    type_in(f, "评估日期", "2026-11-01")
    f.get_by_label("执法行为类别", exact=True).select_option("行政处罚")
    f.get_by_label("适用程序", exact=True).select_option("简易程序")
    f.get_by_label("当事人类型", exact=True).select_option("自然人")
    tick(f, "拟处罚种类", "罚款")
    type_in(f, "拟罚款金额", "3000")
    result = submit(page)
    alert = result.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("简易程序")
    box = alert.bounding_box()
    decisions = result.locator("ul.decisions").bounding_box()
    assert box and decisions and box["y"] < decisions["y"]  # above the decisions, not at the end


def test_irrelevant_fields_are_folded_as_the_rules_say(page: Page, server: Server) -> None:
    sign_in(page, server, "handler")
    f = form(page)
    f.get_by_label("管辖地", exact=True).select_option("江西省宜春市")
    type_in(f, "评估日期", "2026-11-01")
    view = page.locator(".view.triage")
    for field in ("广告", "药品"):
        f.get_by_label("案件领域", exact=True).select_option(field)
        expect(view).to_have_attribute("data-relevance", f"江西省宜春市|{field}|2026-11-01")
        query = urlencode({"jurisdiction": "江西省宜春市", "as_of": "2026-11-01", "field": field})
        api = server.get(f"/v1/relevance?{query}")
        expected = {x["fact"] for x in api["facts"] if not x["relevant"]}
        folded = set(
            f.locator("details.irrelevant .field").evaluate_all("els => els.map(e => e.dataset.fact)")
        )
        assert folded == expected and folded
        for fact in expected:
            expect(f.locator(f".field[data-fact={fact}]")).to_be_hidden()
    expect(f.locator(".field[data-fact=counterfeit_drug]")).to_be_visible()  # 药品: 假药 matters
    expect(f.locator(".field[data-fact=false_advertising]")).to_be_hidden()
    crime = f.locator("fieldset[data-group=涉嫌犯罪] details.irrelevant")
    expect(crime.locator("summary")).to_contain_text("与本案无关的事实")
    crime.locator("summary").click()  # still reachable on purpose
    expect(f.locator(".field[data-fact=false_advertising]")).to_be_visible()
    shot(page, "07-folded-fields")
