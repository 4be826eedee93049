"""Two generated years of cases (2025 and 2026) in two units, triaged through the API, with 公示.

The cases come from the corpus generator (``lexgate corpus generate``, 评估日期 spread over both
years); every fourth one is triaged a second time under the same 案号. 张三 (宿城分局) and 李四
(宿豫分局) triage them in turn; 张三's cases that need 公示 are opened, decided on their 评估日期 and,
in turn, published on time, published late, left unpublished, or published and then revoked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from engine import load_ruleset, nth_workday_after
from tools.corpus import CorpusSpec, generate

from .cases_setup import Units, units
from .conftest import RULES, Api


@dataclass
class Triaged:
    unit_id: str
    request: dict[str, Any]
    answer: dict[str, Any]


@dataclass
class Year:
    units: Units
    triaged: list[Triaged] = field(default_factory=list)
    # 公示 of 张三's decided cases: (decided_on, due, published_on, revoked)
    publicity: list[tuple[str, str, str | None, bool]] = field(default_factory=list)


def _post(api: Api, path: str, body: dict[str, Any], who: str, status: int = 201) -> dict[str, Any]:
    response = api.client.post(path, json=body, headers=api.headers(who))
    assert response.status_code == status, response.text
    answer: dict[str, Any] = response.json()
    return answer


def generate_year(api: Api, n: int = 60, seed: int = 16) -> Year:
    made = Year(units(api))
    spec = CorpusSpec(n=n, seed=seed, start=dt.date(2025, 1, 1), end=dt.date(2026, 12, 31))
    cases = list(generate(load_ruleset(RULES), spec))
    for index, generated in enumerate(cases):
        case = generated
        if index % 4 == 3:  # a second triage of the case before it
            case = {**generated, "case_id": cases[index - 2]["case_id"]}  # same unit (same parity)
        who = "handler" if index % 2 == 0 else "handler2"
        unit = made.units.district if who == "handler" else made.units.other
        answer = _post(api, "/v1/triage", case, who, 200)
        made.triaged.append(Triaged(unit, case, answer))
    last: dict[str, Triaged] = {}
    for item in made.triaged:
        if item.unit_id == made.units.district:
            last[item.request["case_id"]] = item
    decided = [t for t in last.values() if t.answer["decisions"]["publicity"]["outcome"] == "required"]
    for turn, item in enumerate(decided):
        _decide(api, made, item, turn)
    return made


def _decide(api: Api, made: Year, item: Triaged, turn: int) -> None:
    opened = _post(
        api,
        "/v1/cases",
        {
            "case_no": item.request["case_id"],
            "title": "合成案件",
            "party": "某公司",
            "field": "价格",
            "handler": "张三",
        },
        "handler",
    )
    ref, decided_on = opened["case_ref"], item.request["as_of"]
    entry = _post(api, f"/v1/cases/{ref}/stage", {"stage": "决定", "decided_on": decided_on}, "handler", 200)
    due = entry["register_entry"]["due"]
    assert due is not None
    day = dt.date.fromisoformat(due)
    published: str | None = None
    if turn % 4 in (0, 3):
        published = due
    elif turn % 4 == 1:
        later = nth_workday_after(day, 2).due
        assert later is not None
        published = later.isoformat()
    if published is not None and published <= dt.date.today().isoformat():
        _post(api, f"/v1/cases/{ref}/publication", {"on": published, "where": "信用信息公示系统"}, "legal")
    else:
        published = None
    revoked = published is not None and turn % 4 == 3
    if revoked:
        _post(api, f"/v1/cases/{ref}/revocation", {"on": published, "reason": "撤销"}, "legal")
    made.publicity.append((decided_on, due, published, revoked))
