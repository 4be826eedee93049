"""Hostile rule directories: YAML aliases (billion laughs) and an empty vocabulary are refused with
the file, line and column, and the running rules stay."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from engine import RuleSetInvalid, load_ruleset

from .conftest import RULES, Api, make_api
from .test_reload import _digest


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


@pytest.fixture
def api_on_copy(database_url: str, rules_copy: Path) -> Iterator[Api]:
    with make_api(database_url, rules_copy) as made:
        yield made


LAUGHS = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)]
)


def test_nested_aliases_in_a_rule_file_are_refused_at_their_position(rules_copy: Path) -> None:
    path = rules_copy / "national" / "laughs.yaml"
    path.write_text(LAUGHS + "\n", encoding="utf-8")
    try:
        load_ruleset(rules_copy, display_root=rules_copy)
    except RuleSetInvalid as exc:
        problems = [p for p in exc.problems if p.code == "yaml_alias"]
    else:
        raise AssertionError("a rules directory with YAML aliases loaded")
    assert problems, "no yaml_alias problem"
    where = str(problems[0].location)
    assert where == "national/laughs.yaml:2:8", where
    assert "*a" in problems[0].message


def test_a_reload_with_aliases_is_refused_and_the_old_rules_stay(
    api_on_copy: Api,
    rules_copy: Path,
) -> None:
    api = api_on_copy
    before = _digest(api)
    (rules_copy / "national" / "laughs.yaml").write_text(LAUGHS + "\n", encoding="utf-8")
    response = api.client.post("/v1/rules/reload", headers=api.headers("legal"))
    assert response.status_code == 422
    body = response.json()
    assert body["problems"][0]["code"] == "yaml_alias"
    assert body["location"] == "national/laughs.yaml:2:8"
    assert _digest(api) == before


def test_an_empty_vocabulary_is_named_not_a_bare_load_failure(
    api_on_copy: Api,
    rules_copy: Path,
) -> None:
    api = api_on_copy
    (rules_copy / "facts.yaml").write_text("# 空\n", encoding="utf-8")
    response = api.client.post("/v1/rules/reload", headers=api.headers("legal"))
    assert response.status_code == 422
    body = response.json()
    codes = [p["code"] for p in body["problems"]]
    assert "load_failed" not in codes
    assert codes[0] == "empty_file"
    assert body["location"] == "facts.yaml:1:1"
    assert "空" in body["problems"][0]["message"]
