"""The page's JavaScript logic run in the browser, and the accessibility basics."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from tools.sheet.model import plain_marks

from .conftest import Server, settled, sign_in
from .forms import form, submit, yichun_case

MARKED = (
    "重大、复杂案件永久保存（UNVERIFIED：出自地方经验材料，须按档案管理规定核实）",
    "118号文的五类情形加本局目录清单；条文措辞 [UNVERIFIED]，情形 [V2]。",
    "不经集体讨论（docs/READINGS.md#national-simple-procedure，测试案例 T1），",
    "UNVERIFIED 《江苏省行政处罚听证程序规则》",
)
HERE = Path(__file__).parent
UNITS = (HERE / "units.js").read_text(encoding="utf-8")
CONTRAST = (HERE / "contrast.js").read_text(encoding="utf-8")


def test_javascript_units(page: Page, server: Server) -> None:
    sign_in(page, server, "handler")
    out = page.evaluate(UNITS)
    assert out["money"] == "150,000 元"
    assert out["values"] == ["3,000 元", "是", "否", "（无）", "警告、罚款", "未知"]
    assert out["periods"] == ["长期有效", "2024年7月29日起", "2021年1月1日至2025年12月31日"]
    # what people type as a date, and how the page writes it (issue 17, item 6)
    assert out["dates"] == ["2026-12-06", "2026-12-06", "2026-12-06", "2026-12-06", None, None, None]
    assert out["cn"] == ["2026年12月6日", "2026年1月5日", ""]
    assert out["today"] == "2026-01-05"
    assert out["outcomes"] == ["需要", "不需要", "无法确定"]
    assert out["states"] == [
        {},
        {"hearing_held": False, "penalties": [], "fine_amount": "15万"},
        ["罚款"],
        [],
        {},
    ]
    assert out["matches"] == [True, False, True, False, True, False]
    # rule search as people type articles (issue 17, item 7)
    assert out["numbers"] == ["一", "十", "十五", "五十八", "一百", "一百零五", "一百一十", "二千零二十六"]
    assert out["words"] == [
        ["第五十八条"],
        ["第五十八条"],
        ["行政处罚法第五十八条"],
        ["听证", "宜春"],
        ["行政处罚法第五十八条第一款"],
    ]
    # the packs' marks in words (item 2), exactly as the 结论单 says them (tools/sheet)
    assert out["marks"] == [
        "重大、复杂案件永久保存（未核实：出自地方经验材料，须按档案管理规定核实）",
        "118号文的五类情形加本局目录清单；条文措辞（未核实），情形（仅经二手来源核对）。",
        "不经集体讨论（见 lexgate 依据说明），",
        "未核实 《江苏省行政处罚听证程序规则》",
        "没有标记的文字",
    ]
    assert out["marks"][:4] == [plain_marks(t) for t in MARKED]
    # the API's suggestions for programs and administrators, as the page shows them (item 3)
    no_unit, unknown, bad = out["problems"]
    assert no_unit["suggestion"].startswith("请系统管理员把您加入一个执法单位")
    ask = "如需帮助，请联系本单位的系统管理员。"
    assert (unknown["message"], unknown["suggestion"]) == ("登录密钥无效", ask)
    assert bad["suggestion"] == "写成 15万 或 150000"  # plain words stay as the API gave them
    assert bad["problems"][0]["suggestion"] == ask


def test_labels_focus_keyboard_and_contrast(page: Page, server: Server) -> None:
    sign_in(page, server, "handler")
    # every control of the form has an accessible name (a <label for> or its fieldset's legend)
    unnamed = form(page).evaluate(
        """f => [...f.querySelectorAll("input, select")].filter(c =>
              !(c.labels && c.labels.length) && !c.closest("fieldset.tri, fieldset.set")).map(c => c.id)"""
    )
    assert unnamed == []
    expect(page.get_by_role("group", name="经过听证程序", exact=True)).to_have_attribute(
        "aria-describedby", "f-hearing_held-q f-hearing_held-err"
    )

    # from the top of the page the keyboard reaches the skip link first, and focus is drawn visibly
    settled(page)  # every answer read before the page goes
    page.reload()
    expect(form(page)).to_be_visible()
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement, s = getComputedStyle(e);"
        " return [e.textContent, s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert focused[0] == "跳到正文" and focused[1] != "none" and focused[2] >= 2

    # a case triaged with the keyboard only: Space picks a radio, Enter submits the form
    yichun_case(page)
    complex_yes = page.get_by_role("group", name="案件情况疑难复杂", exact=True).get_by_label(
        "是", exact=True
    )
    complex_yes.focus()
    page.keyboard.press("Space")
    expect(complex_yes).to_be_checked()
    form(page).get_by_label("拟罚款金额", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator("li.decision[data-decision=legal_review] .badge")).to_have_text("需要")
    expect(page.locator("#result-title")).to_be_focused()  # screen readers land on the result

    # a reason opens from the keyboard too
    reasons = page.locator("li.decision[data-decision=legal_review] details.reasons > summary")
    reasons.focus()
    page.keyboard.press("Enter")
    expect(page.locator("li.decision[data-decision=legal_review] details.reasons")).to_have_attribute(
        "open", ""
    )

    measured = page.evaluate(CONTRAST)
    assert len(measured) > 50 and {"badge badge-required", "badge badge-undetermined"} <= {
        m[0] for m in measured
    }
    low = [item for item in measured if item[2] < 4.5]
    assert not low, f"text below WCAG AA contrast 4.5:1: {low}"


def test_the_form_survives_a_detour_and_a_stale_result_says_so(page: Page, server: Server) -> None:
    sign_in(page, server, "handler")
    yichun_case(page)
    submit(page)
    page.get_by_role("link", name="规则").click()
    expect(page.locator("article.rule-card").first).to_be_visible()
    page.get_by_role("link", name="案件分流").click()
    expect(form(page).get_by_label("拟罚款金额", exact=True)).to_have_value("15万")
    expect(page.locator("li.decision[data-decision=legal_review] .badge")).to_have_text("无法确定")
    expect(page.locator(".stale-note")).to_have_count(0)
    form(page).get_by_label("拟罚款金额", exact=True).fill("20万")
    form(page).get_by_label("拟罚款金额", exact=True).blur()
    expect(page.locator(".stale-note")).to_contain_text("表单已修改")
    submit(page)
    expect(page.locator(".stale-note")).to_have_count(0)
