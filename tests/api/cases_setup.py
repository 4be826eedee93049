"""A unit tree and a case for the case, register and 码上评 tests."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from store.keys import split_key

from .conftest import Api, example

CASE_NO = "宿市监处〔2026〕57号"


@dataclass
class Units:
    city: str
    district: str
    station: str
    other: str


def key_id(api: Api, who: str) -> str:
    parts = split_key(api.keys[who])
    assert parts is not None
    return parts[0]


def units(api: Api) -> Units:
    """宿迁市局 → 宿城分局 → 某所, and 宿豫分局; 张三 and 王法制 in 宿城分局, 李四 in 宿豫分局."""
    store = api.store.units
    city = store.create("宿迁市市场监督管理局").unit_id
    district = store.create("宿城分局", city).unit_id
    station = store.create("某市场监管所", district).unit_id
    other = store.create("宿豫分局", city).unit_id
    store.assign(key_id(api, "handler"), district)
    store.assign(key_id(api, "legal"), district)
    store.assign(key_id(api, "handler2"), other)
    return Units(city, district, station, other)


def open_case(api: Api, case_no: str = CASE_NO, who: str = "handler", **extra: str) -> dict[str, Any]:
    body = {
        "case_no": case_no,
        "title": "某公司生产销售不合格电线案",
        "party": "宿迁某电器有限公司",
        "field": "产品质量",
        "handler": "张三",
        **extra,
    }
    response = api.client.post("/v1/cases", json=body, headers=api.headers(who))
    assert response.status_code == 201, response.text
    opened: dict[str, Any] = response.json()
    return opened


def triage_body(**facts: object) -> dict[str, Any]:
    """The 宿迁 example (普通程序 罚款) as the case's triage, facts changed as given."""
    body = copy.deepcopy(example("suqian_ordinary_penalty"))
    body["case_id"] = CASE_NO
    assert isinstance(body["facts"], dict)
    body["facts"].setdefault("属于不予公开的情形", "否")  # issue 12: 公示 is undetermined without it
    body["facts"].update(facts)
    return body


def triage(api: Api, body: dict[str, Any], who: str = "handler") -> dict[str, Any]:
    response = api.client.post("/v1/triage", json=body, headers=api.headers(who))
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result
