"""The server's answers to the page are checked against its /openapi.json (tests/openapi_contract.py)."""

from __future__ import annotations

from playwright.sync_api import Page, Route

from .conftest import Server, Watch, settled, sign_in
from .forms import submit_answered, yichun_case


def test_an_answer_that_the_document_does_not_describe_is_caught(
    page: Page, server: Server, watch: Watch
) -> None:
    sign_in(page, server, "handler")
    assert not watch.mismatches  # sign-in's own answers (/v1/me, /v1/facts …) are as published

    def planted(route: Route) -> None:  # the server's answer with a field the document does not have
        answer = route.fetch()
        body = answer.json()
        body["record"]["signed_by"] = "张三"
        route.fulfill(response=answer, json=body)

    page.route("**/v1/triage", planted)
    yichun_case(page)
    submit_answered(page)  # the triage's own answer, not an earlier result on the page
    settled(page)  # every answer read (and checked) before the count
    assert len(watch.mismatches) == 1, watch.mismatches
    assert "POST /v1/triage → 200" in watch.mismatches[0]
    assert "at $.record: Additional properties are not allowed ('signed_by' was unexpected)" in str(
        watch.mismatches[0]
    )
    watch.mismatches.clear()  # caught as it should be; otherwise the page fixture fails this test
