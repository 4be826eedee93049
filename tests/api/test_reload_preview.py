"""A reload previewed before it is confirmed (issue 17, item 8): the diff of the rules directory against
the running rules, and the impact on the stored decision records."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import RULES, Api, example, make_api

YICHUN_RULES = Path("jiangxi/yichun/rules.yaml")
# the 听证 rule of 社会监督员 starts after the example's 评估日期: its records change 需要 → 不需要
HEARING_RULE = (
    "    effective_from: 2024-07-29\n    decision: social_supervisor\n    when:\n      fact: hearing_held"
)
LATER = HEARING_RULE.replace("2024-07-29", "2027-01-01")


@pytest.fixture
def api_on_copy(database_url: str, tmp_path: Path) -> Iterator[Api]:
    shutil.copytree(RULES, tmp_path / "rules")
    with make_api(database_url, tmp_path / "rules") as made:
        yield made


def _rules_dir(api: Api) -> Path:
    return api.settings.rules_dir


def test_preview_shows_the_diff_and_the_impact_and_confirm_takes_that_version(api_on_copy: Api) -> None:
    api = api_on_copy
    case = example()
    case["facts"]["重点案件"] = "否"  # type: ignore[index]  # 听证 alone asks for the 社会监督员
    assert api.client.post("/v1/triage", json=case, headers=api.headers()).status_code == 200
    same = api.client.post("/v1/rules/reload/preview", headers=api.headers("legal")).json()
    assert (
        same["same"] is True and same["diff"] == [] and same["changed_records"] == 0 and same["records"] == 1
    )

    path = _rules_dir(api) / YICHUN_RULES
    text = path.read_text(encoding="utf-8")
    assert HEARING_RULE in text
    path.write_text(text.replace(HEARING_RULE, LATER, 1), encoding="utf-8")
    answer = api.client.post("/v1/rules/reload/preview", headers=api.headers("legal"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["same"] is False
    assert [(d["kind_label"], d["what_label"], d["title"]) for d in body["diff"]] == [
        ("修改", "规则", "听证案件邀请社会监督员参与")
    ]
    assert any("2027" in c for c in body["diff"][0]["changes"])
    assert body["records"] == 1 and body["changed_records"] == 1
    impact = {d["decision"]: d for d in body["by_decision"]}
    assert impact["social_supervisor"]["transitions"] == {"需要→不需要": 1}
    assert body["samples"][0]["changes"] == [f"{impact['social_supervisor']['label']}：需要→不需要"]
    running = api.client.get("/v1/ruleset", headers=api.headers("legal")).json()["digest"]
    assert body["running_digest"] == running  # nothing was activated by the preview

    path.write_text(text, encoding="utf-8")  # changed again after the preview: confirm refuses
    stale = api.client.post(
        "/v1/rules/reload", params={"expect": body["candidate_digest"]}, headers=api.headers("legal")
    )
    assert stale.status_code == 409 and stale.json()["code"] == "rules_changed_since_preview"
    path.write_text(text.replace(HEARING_RULE, LATER, 1), encoding="utf-8")
    done = api.client.post(
        "/v1/rules/reload", params={"expect": body["candidate_digest"]}, headers=api.headers("legal")
    )
    assert done.status_code == 200 and done.json()["digest"] == body["candidate_digest"]


def test_only_legal_staff_preview(api_on_copy: Api) -> None:
    response = api_on_copy.client.post("/v1/rules/reload/preview", headers=api_on_copy.headers("handler"))
    assert response.status_code == 403
