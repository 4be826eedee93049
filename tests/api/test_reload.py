"""Reloading rule packs: validated (a broken pack never replaces the running one), and every
worker on the same database converges on the reloaded rule set."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import RULES, Api, make_api
from .test_triage import SMALL

YICHUN_RULES = Path("jiangxi/yichun/rules.yaml")
RULE = "yichun.major_case.hearing_notice"
OLD_TITLE = "拟作出须告知听证权利的行政处罚的，属于重大案件"


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


@pytest.fixture
def api_on_copy(database_url: str, rules_copy: Path) -> Iterator[Api]:
    with make_api(database_url, rules_copy) as made:
        yield made


def _digest(api: Api, who: str = "handler") -> str:
    body = api.client.get("/v1/ruleset", headers=api.headers(who)).json()
    digest: str = body["digest"]
    return digest


def _edit(rules: Path, old: str, new: str) -> None:
    path = rules / YICHUN_RULES
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_broken_pack_is_refused_with_its_errors_and_the_old_rules_stay(
    api_on_copy: Api, rules_copy: Path
) -> None:
    api = api_on_copy
    before = _digest(api)
    _edit(rules_copy, "fact: hearing_held", "fact: hearing_hold")
    response = api.client.post("/v1/rules/reload", headers=api.headers("legal"))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "ruleset_invalid"
    problem = body["problems"][0]
    assert problem["location"].startswith(f"{YICHUN_RULES.as_posix()}:")
    line, column = problem["location"].split(":")[1:]
    assert int(line) > 0 and int(column) > 0
    assert problem["code"] and problem["suggestion"]
    assert "hearing_hold" in problem["message"]
    assert _digest(api) == before
    triaged = api.client.post("/v1/triage", json=SMALL, headers=api.headers()).json()
    assert triaged["ruleset"]["digest"] == before


def test_a_valid_reload_activates_the_new_rules_and_old_records_still_replay(
    api_on_copy: Api, rules_copy: Path
) -> None:
    api = api_on_copy
    old = api.client.post("/v1/triage", json=SMALL, headers=api.headers()).json()
    _edit(rules_copy, OLD_TITLE, "拟作出须告知听证权利的行政处罚的，属于重大案件（修订）")
    response = api.client.post("/v1/rules/reload", headers=api.headers("legal"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["changed"] and body["previous_digest"] == old["ruleset"]["digest"]
    assert body["generation"] == 2
    new = api.client.post("/v1/triage", json=SMALL, headers=api.headers()).json()
    assert new["ruleset"]["digest"] == body["digest"] != old["ruleset"]["digest"]
    replay = api.client.post(
        f"/v1/records/{old['decision_id']}/replay", headers=api.headers("auditor")
    ).json()
    assert replay["identical"] and replay["ruleset_digest"] == old["ruleset"]["digest"]
    again = api.client.post("/v1/rules/reload", headers=api.headers("legal")).json()
    assert not again["changed"] and again["generation"] == 2
    history = api.client.get("/v1/ruleset", headers=api.headers()).json()["history"]
    assert [h["generation"] for h in history] == [2, 1] and "王法制" in history[0]["actor"]


def test_every_worker_converges_on_the_reloaded_rule_set(database_url: str, rules_copy: Path) -> None:
    with make_api(database_url, rules_copy) as a, make_api(database_url, rules_copy) as b:
        _converge(a, b, rules_copy)


def _converge(a: Api, b: Api, rules_copy: Path) -> None:
    first = _digest(b)
    _edit(rules_copy, OLD_TITLE, "拟作出须告知听证权利的行政处罚的，属于重大案件（新）")
    reloaded = a.client.post("/v1/rules/reload", headers=a.headers("legal")).json()["digest"]
    assert reloaded != first
    # b has not looked since: its triage is checked against the ledger when recorded, and redone
    triaged = b.client.post("/v1/triage", json=SMALL, headers=b.headers()).json()
    assert triaged["ruleset"]["digest"] == reloaded
    stored = b.store.records.get(triaged["decision_id"])
    assert stored is not None and stored["ruleset_digest"] == reloaded
    assert _digest(b) == reloaded
    rule = b.client.get(f"/v1/rules/{RULE}", headers=b.headers()).json()
    assert rule["title"].endswith("（新）")


def test_a_worker_started_later_uses_the_active_rules_not_its_directory(
    database_url: str, rules_copy: Path
) -> None:
    with make_api(database_url, rules_copy) as a:
        active = _digest(a)
        _edit(rules_copy, OLD_TITLE, "未经重新加载的修改")  # edited on disk, nobody reloaded
        with make_api(database_url, rules_copy) as b:
            assert _digest(b) == active
            notes = b.client.app.state.lexgate.rules.notes
            assert any("POST /v1/rules/reload" in n for n in notes)
