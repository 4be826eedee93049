"""The A4 print view of a result, and the rule browser's search."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path
from urllib.parse import urlencode

from docx import Document
from playwright.sync_api import Page, Route, expect

from .conftest import SCREENSHOTS, YICHUN, Server, shot, sign_in
from .forms import submit_answered, yichun_case
from .test_phone import NARROW
from .test_plain_words import identifiers

A4_POINTS = (595.92, 842.88)  # 210 × 297 mm


def test_the_print_view_is_the_a4_sheet_with_decision_id_and_digest(page: Page, server: Server) -> None:
    sign_in(page, server, "handler")
    yichun_case(page)
    _, answer = submit_answered(page)
    decision_id = answer["decision_id"]  # what the API gave; the sheet must show exactly that
    digest = server.get("/v1/ruleset")["digest"]
    assert answer["ruleset"]["digest"] == digest
    sheet = page.locator("#print-sheet")
    expect(sheet).to_be_hidden()  # on screen the page shows the interactive result

    page.emulate_media(media="print")
    expect(sheet).to_be_visible()
    for hidden in ("#triage-form", "header.masthead", "ul.decisions", "section.missing", ".print-button"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(sheet.get_by_role("heading", name="执法案件分流结论单")).to_be_visible()
    # headed with the 单位名称 the .docx/PDF carry (item 4): the server's, for the case's 管辖地
    places = server.get("/v1/jurisdictions")["jurisdictions"]
    unit = next(j["sheet_unit"] for j in places if j["name"] == YICHUN)
    assert unit == "江西省宜春市市场监督管理局"
    expect(sheet.locator(".sheet-unit")).to_have_text(unit)
    expect(sheet.locator("code.decision-id")).to_have_text(decision_id)
    expect(sheet.locator("code.digest")).to_have_text(digest)
    expect(sheet).to_contain_text("宜市监处〔2026〕12号")
    expect(sheet).to_contain_text("经办人")
    row = sheet.locator("table.sheet-decisions tr[data-decision=legal_review]")
    expect(row).to_contain_text("无法确定")
    expect(row).to_contain_text("待补充：案件情况疑难复杂")
    expect(sheet.locator("table.sheet-decisions tr[data-decision=collective_discussion]")).to_contain_text(
        "需要"
    )
    expect(sheet.locator("table.sheet-facts")).to_contain_text("150,000 元")  # 15万 as the API read it
    # item 4: 决定 and 结论 keep their width (no column of one character per line), and every row —
    # not only a 需要 one — says why and on what basis (a 不需要 or 无法确定 row: the rules that do not apply)
    assert sheet.evaluate(NARROW) == []
    rows = sheet.locator("table.sheet-decisions tbody tr").all()
    assert len(rows) == len(answer["decisions"])
    for row in rows:
        reason, basis = row.locator("td").nth(1).inner_text(), row.locator("td").nth(2).inner_text()
        assert reason.strip() and basis.strip(), row.inner_text()
    shot(page, "08-print-view", full_page=True)

    # the page size comes from print.css (@page size: A4), not from the PDF call
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    (SCREENSHOTS / "08-print-view.pdf").write_bytes(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert boxes, "no page in the PDF"
    for width, height in boxes:
        assert abs(float(width) - A4_POINTS[0]) < 2 and abs(float(height) - A4_POINTS[1]) < 2
    _numbered(pdf, "08-print-view")  # the browser's own print: page numbers from print.css
    page.emulate_media(media="screen")
    expect(sheet).to_be_hidden()


def test_the_rules_of_an_earlier_choice_never_replace_those_of_the_latest(page: Page, server: Server) -> None:
    """The first reading of the rules (the place shown on opening) answers only after 宜春 was chosen and
    shown: the view keeps 宜春's rules (it once showed the other place's 67 in a loaded run)."""
    held: list[Route] = []

    def hold_the_first(route: Route) -> None:
        if held:
            route.continue_()
        else:
            held.append(route)

    sign_in(page, server, "legal")
    page.route("**/v1/rules?*", hold_the_first)
    page.get_by_role("link", name="规则").click()
    view = page.locator(".view.rules")
    view.get_by_label("管辖地").select_option("江西省宜春市")
    view.get_by_label("评估日期").fill("2026-11-01")
    total = len(
        server.get("/v1/rules?" + urlencode({"jurisdiction": "江西省宜春市", "as_of": "2026-11-01"}))["rules"]
    )
    cards = view.locator("article.rule-card")
    expect(cards).to_have_count(total)
    assert len(held) == 1, "the opening's reading was not held"
    with page.expect_response(lambda answer: answer.request == held[0].request):
        held[0].continue_()
    page.evaluate("() => new Promise((done) => setTimeout(done, 300))")  # its answer handled, if it were
    expect(view.locator(".count")).to_contain_text(f"共 {total} 条规则")
    expect(cards).to_have_count(total)


def test_rule_browser_lists_packs_and_searches_by_article_fact_and_decision(
    page: Page, server: Server
) -> None:
    sign_in(page, server, "legal")
    page.get_by_role("link", name="规则").click()
    view = page.locator(".view.rules")
    view.get_by_label("管辖地").select_option("江西省宜春市")
    view.get_by_label("评估日期").fill("2026-11-01")
    expect(view.locator(".pack-path li")).to_have_count(3)
    expect(view.locator(".pack-path")).to_contain_text("宜春")
    cards = view.locator("article.rule-card")
    rules = server.get("/v1/rules?" + urlencode({"jurisdiction": "江西省宜春市", "as_of": "2026-11-01"}))[
        "rules"
    ]
    total = len(rules)
    expect(cards).to_have_count(total)
    expect(view.locator("section.pack[data-pack=yichun]")).to_be_visible()

    card = view.locator("article.rule-card[data-rule='national.large_fine.individual']")
    expect(card.locator(".rule-text")).to_contain_text("拟罚款金额≥ 3,000 元")
    expect(card.locator("table.params")).to_contain_text("3,000")
    expect(card.locator("table.params")).to_contain_text("江西省规则")  # 江西省's override, by its title
    expect(card).to_contain_text("national/hearing.yaml:")

    view.get_by_label("按条文或文字").fill("第五十八条")
    expect(view.locator(".count")).to_contain_text("符合条件的")
    shown = cards.count()
    assert 0 < shown < total
    for basis in cards.locator(".rule-facts").all_inner_texts():
        assert "第五十八条" in basis
    shot(page, "09-rule-search-article")

    view.get_by_label("按条文或文字").fill("")
    view.get_by_label("按事实").select_option(label="经过听证程序")
    expect(cards.first).to_be_visible()
    for text in cards.locator(".rule-text").all_inner_texts():
        assert "经过听证程序" in text
    view.get_by_label("按事实").select_option("")
    view.get_by_label("按决定").select_option(label="简易会议")
    about = [
        r["id"]
        for r in rules
        if {"kind": "decision", "id": "simplified_meeting", "label": "简易会议"}
        in r["concludes"] + r["reads"]
    ]
    expect(cards).to_have_count(len(about))
    assert about and cards.evaluate_all("els => els.map(e => e.dataset.rule)") == about
    shot(page, "10-rule-search-decision")


def test_the_sheet_downloads_as_word_and_pdf(page: Page, server: Server) -> None:
    sign_in(page, server, "handler")
    yichun_case(page)
    _, answer = submit_answered(page)
    files = {}
    for fmt, name in (("docx", "下载结论单（Word）"), ("pdf", "下载结论单（PDF）")):
        with page.expect_download() as downloaded:
            page.get_by_role("button", name=name).click()
        path = downloaded.value.path()
        files[fmt] = path.read_bytes()
        assert downloaded.value.suggested_filename == f"结论单-宜市监处〔2026〕12号.{fmt}"
    assert files["pdf"].startswith(b"%PDF") and files["docx"].startswith(b"PK")
    pdf = _numbered(files["pdf"], "14-sheet")
    # what people read on the sheet is Chinese (item 2): no ids, English words, commands or marks
    read = ["pdftotext", "-layout", str(pdf), "-"]
    pdf_text = subprocess.run(read, capture_output=True, text=True, check=True)
    word = Document(io.BytesIO(files["docx"]))
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    for text in (pdf_text.stdout, "\n".join([*(p.text for p in word.paragraphs), *cells])):
        assert "宜市监处〔2026〕12号" in text and "法制审核" in text
        assert identifiers(text) == [], identifiers(text)
        # dates as people write them (item 6): the 评估日期 2026年11月1日, no ISO date anywhere
        assert "2026年11月1日" in text and not re.search(r"\d{4}-\d{2}-\d{2}", text), text[:400]
    # the first page as an image, to look at (README): pdftoppm comes with make browser
    subprocess.run(
        ["pdftoppm", "-r", "70", "-png", "-f", "1", "-l", "1", str(pdf), str(SCREENSHOTS / "14-sheet")],
        check=True,
    )
    assert answer["record"]


def _numbered(pdf: bytes, name: str) -> Path:
    """The PDF saved as ``name``.pdf; every page, read back as text, says 「第 N 页 共 M 页」 (item 4)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    count = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)[1])  # type: ignore[index]
    for number in range(1, count + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-layout", str(path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert re.search(rf"第\s*{number}\s*页\s*共\s*{count}\s*页", text), (name, number, text[-300:])
    return path


def test_rule_search_reads_articles_as_people_type_them(page: Page, server: Server) -> None:
    sign_in(page, server, "legal")
    page.get_by_role("link", name="规则").click()
    view = page.locator(".view.rules")
    view.get_by_label("管辖地").select_option("江西省宜春市")
    cards = view.locator("article.rule-card")
    expect(cards.first).to_be_visible()
    search = view.get_by_label("按条文或文字")
    search.fill("第五十八条")
    expect(view.locator(".count")).to_contain_text("符合条件的")
    article = cards.evaluate_all("els => els.map(e => e.dataset.rule)")
    assert article
    for typed in ("第58条", "58条", "行政处罚法第五十八条"):
        search.fill(typed)
        expect(cards).to_have_count(len(article))
        assert cards.evaluate_all("els => els.map(e => e.dataset.rule)") == article, typed
    search.fill("听证 宜春")  # several words: all of them, the place by its pack
    # the list for these words has replaced the one for the article (not read while it is still shown)
    page.wait_for_function(
        """() => { const c = [...document.querySelectorAll(".view.rules article.rule-card")];
                   return c.length > 0 && c.every(e => e.dataset.rule.startsWith("yichun.")); }"""
    )
    texts = cards.all_inner_texts()
    assert texts and all("听证" in t for t in texts)
    assert all(r.startswith("yichun.") for r in cards.evaluate_all("els => els.map(e => e.dataset.rule)"))
    shot(page, "15-rule-search-58")
