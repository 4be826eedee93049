"""Reloading rules from the page (issue 17, item 8): a preview with the diff and the impact on the
stored records first, and only 确认启用 activates exactly that version. This module runs its own
``lexgate serve`` on a copy of the rule packs, which the test edits."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import ROOT, Server, serve, shot, sign_in
from .forms import answer, form, submit, yichun_case

HEARING_RULE = (
    "    effective_from: 2024-07-29\n    decision: social_supervisor\n    when:\n      fact: hearing_held"
)


@pytest.fixture(scope="module")
def rules_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("rules-copy") / "rules"
    shutil.copytree(ROOT / "rules", target)
    return target


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, rules_copy: Path) -> Iterator[Server]:
    yield from serve(tmp_path_factory.mktemp("web-server-copy"), rules_copy)


def test_reload_shows_diff_and_impact_before_a_confirm(page: Page, server: Server, rules_copy: Path) -> None:
    sign_in(page, server, "legal")
    yichun_case(page)
    answer(form(page), "经过听证程序", "是")
    answer(form(page), "重点案件", "否")
    answer(form(page), "争议案件", "否")
    result = submit(page)
    expect(result.locator("li.decision[data-decision=social_supervisor] .badge")).to_have_text("需要")
    running = server.get("/v1/ruleset", who="legal")["digest"]

    path = rules_copy / "jiangxi/yichun/rules.yaml"
    text = path.read_text(encoding="utf-8")
    assert HEARING_RULE in text
    path.write_text(text.replace(HEARING_RULE, HEARING_RULE.replace("2024-07-29", "2027-01-01"), 1), "utf-8")

    page.get_by_role("link", name="规则").click()
    page.get_by_role("button", name="重新加载规则包").click()
    preview = page.locator(".reload-preview")
    expect(preview).to_contain_text("修改规则「听证案件邀请社会监督员参与」")
    expect(preview).to_contain_text("2027年1月1日")  # the diff's own words (lexgate diff)
    expect(preview.locator(".impact-summary")).to_contain_text("结论有变化的 1 条")
    expect(preview).to_contain_text("需要→不需要 1 件")
    shot(page, "16-reload-preview")
    assert server.get("/v1/ruleset", who="legal")["digest"] == running  # nothing active yet

    preview.get_by_role("button", name="取消").click()
    expect(page.locator(".reload-outcome")).to_contain_text("已取消")
    assert server.get("/v1/ruleset", who="legal")["digest"] == running

    page.get_by_role("button", name="重新加载规则包").click()
    page.locator(".reload-preview").get_by_role("button", name="确认启用").click()
    expect(page.locator(".reload-outcome")).to_contain_text("已启用新规则集")
    assert server.get("/v1/ruleset", who="legal")["digest"] != running
