"""码上评: the QR code, the public page and its API (tokens, enumeration, oversized input, rate limits),
feedback per unit and the bureau's answer, which the party sees at the same link."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from .cases_setup import open_case, triage, triage_body, units
from .conftest import Api, make_api

PUBLIC = "/v1/public/evaluations"


def decode_qr(png: bytes) -> str:
    """Read the QR code in a PNG as a phone would."""
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
    assert len(found) == 1, "exactly one QR code in the image"
    text: str = found[0].text
    return text


def _token(api: Api, case_ref: str) -> str:
    png = api.client.get(f"/v1/cases/{case_ref}/qr.png", headers=api.headers())
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    url = decode_qr(png.content)
    assert url.startswith("http://testserver/e/")
    return url.rsplit("/", 1)[1]


def test_the_qr_code_leads_to_a_public_page_that_shows_the_bureau_and_act_but_not_the_facts(api: Api) -> None:
    units(api)
    case = open_case(api)
    triage(api, triage_body())
    token = _token(api, case["case_ref"])
    detail = api.client.get(f"/v1/cases/{case['case_ref']}", headers=api.headers()).json()
    assert detail["evaluation_path"] == f"/e/{token}"
    page = api.client.get(f"/e/{token}")  # no key
    assert page.status_code == 200 and "码上评" in page.text
    view = api.client.get(f"{PUBLIC}/{token}")
    assert view.status_code == 200
    body = view.json()
    assert body["bureau"] == "宿迁市市场监督管理局 / 宿城分局" and body["act"] == "行政处罚"
    assert body["case_no"] == case["case_no"] and body["rated"] is False
    text = view.text
    for secret in (
        case["party"],
        case["title"],
        case["case_ref"],
        "36000",
        "生产销售伪劣产品",
        "产品质量",
        "张三",
    ):
        assert secret not in text


def test_a_party_rates_once_and_sees_the_answer_of_legal_staff_at_the_same_link(api: Api) -> None:
    units(api)
    case = open_case(api)
    token = _token(api, case["case_ref"])
    rated = api.client.post(f"{PUBLIC}/{token}", json={"rating": "不满意", "comment": "执法人员未出示证件"})
    assert rated.status_code == 201 and rated.json()["rated"] and rated.json()["answer"] is None
    twice = api.client.post(f"{PUBLIC}/{token}", json={"rating": "满意"})
    assert twice.status_code == 409 and twice.json()["code"] == "already_rated"
    listed = api.client.get("/v1/feedback", headers=api.headers("legal")).json()["items"]
    assert len(listed) == 1 and listed[0]["rating"] == "不满意" and listed[0]["answer_due"] is not None
    assert listed[0]["comment"] == "执法人员未出示证件" and listed[0]["case_no"] == case["case_no"]
    assert api.client.get("/v1/feedback", headers=api.headers()).status_code == 403  # 办案人员
    not_handler = api.client.post(
        f"/v1/cases/{case['case_ref']}/answer", json={"text": "x"}, headers=api.headers()
    )
    assert not_handler.status_code == 403
    answered = api.client.post(
        f"/v1/cases/{case['case_ref']}/answer",
        json={"text": "经核实，已对执法人员批评教育，感谢监督。"},
        headers=api.headers("legal"),
    )
    assert answered.status_code == 201 and answered.json()["kind"] == "answer"
    again = api.client.post(
        f"/v1/cases/{case['case_ref']}/answer", json={"text": "y"}, headers=api.headers("legal")
    )
    assert again.status_code == 409  # answers are records: not rewritten
    seen = api.client.get(f"{PUBLIC}/{token}").json()
    assert seen["rating"] == "不满意" and seen["answer"] == "经核实，已对执法人员批评教育，感谢监督。"
    item = api.client.get("/v1/feedback", headers=api.headers("legal")).json()["items"][0]
    assert item["answered_by"] == "王法制" and item["overdue"] is False
    kinds = [
        e["kind"]
        for e in api.client.get(f"/v1/cases/{case['case_ref']}", headers=api.headers()).json()["events"]
    ]
    assert kinds == ["opened", "feedback", "answer"]
    assert api.store.events.verify().ok


def test_tokens_do_not_reveal_other_cases_and_cannot_be_enumerated(api: Api) -> None:
    units(api)
    one = open_case(api)
    two = open_case(api, "宿市监处〔2026〕61号", party="另一当事人")
    token_one, token_two = _token(api, one["case_ref"]), _token(api, two["case_ref"])
    assert len(token_one) >= 32 and token_one != token_two
    api.client.post(f"{PUBLIC}/{token_one}", json={"rating": "不满意", "comment": "第一案的意见"})
    other = api.client.get(f"{PUBLIC}/{token_two}").json()
    assert other["rated"] is False and "第一案的意见" not in json.dumps(other, ensure_ascii=False)
    assert other["case_no"] == two["case_no"]
    for guess in (token_one[:-1] + ("A" if token_one[-1] != "A" else "B"), one["case_ref"], "a" * 32):
        missing = api.client.get(f"{PUBLIC}/{guess}")
        assert missing.status_code == 404 and missing.json()["code"] == "evaluation_not_found"
        assert api.client.post(f"{PUBLIC}/{guess}", json={"rating": "满意"}).status_code in (404, 429)
    for bad in ("short", "a" * 65, "../" + token_one):
        assert api.client.get(f"{PUBLIC}/{bad}").status_code in (404, 422)


def test_oversized_and_malformed_input_is_refused(api: Api) -> None:
    units(api)
    case = open_case(api)
    token = _token(api, case["case_ref"])
    long = api.client.post(f"{PUBLIC}/{token}", json={"rating": "不满意", "comment": "长" * 501})
    assert long.status_code == 422
    wrong = api.client.post(f"{PUBLIC}/{token}", json={"rating": "很好"})
    assert wrong.status_code == 422
    extra = api.client.post(f"{PUBLIC}/{token}", json={"rating": "满意", "case_ref": case["case_ref"]})
    assert extra.status_code == 422
    huge = api.client.post(
        f"{PUBLIC}/{token}",
        content=b'{"rating": "\xe6\xbb\xa1\xe6\x84\x8f", "comment": "' + b"x" * (2 << 20) + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert huge.status_code == 413  # refused before it is read into memory
    assert api.client.get(f"{PUBLIC}/{token}").json()["rated"] is False  # nothing stored


@pytest.mark.parametrize("backend", ["sqlite"])
def test_public_requests_are_rate_limited_per_client(backend: str, tmp_path: Path) -> None:
    del backend
    with make_api(
        f"sqlite:///{tmp_path / 'r.db'}", public_reads_per_minute=5, public_writes_per_minute=2
    ) as api:
        statuses = [api.client.get(f"{PUBLIC}/{'x' * 32}").status_code for _ in range(7)]
        assert statuses == [404] * 5 + [429] * 2
        limited = api.client.get(f"{PUBLIC}/{'x' * 32}")
        assert limited.json()["code"] == "too_many_requests" and int(limited.headers["retry-after"]) >= 1
        writes = [
            api.client.post(f"{PUBLIC}/{'y' * 32}", json={"rating": "满意"}).status_code for _ in range(3)
        ]
        assert writes == [404, 404, 429]
