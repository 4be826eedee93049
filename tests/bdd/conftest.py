"""Step definitions for the policy writers' Chinese Gherkin (features/README.md lists every form).

Any ``.feature`` file under ``features/`` runs with these steps; no Python is needed per feature.
"""

from __future__ import annotations

import pytest
from pytest_bdd import given, parsers, then, when
from pytest_bdd.feature import get_features
from pytest_bdd.parser import Feature, Scenario

from engine import Executor, RuleSet

from .coverage_plugin import scenario_record
from .support import FEATURES_DIR, ROOT, ScenarioCase, choose_executor

_SCENARIO = pytest.StashKey[str]()
_BANNED_TAGS = {"skip", "xfail"}  # a scenario states the law: it is never skipped


def pytest_configure(config: pytest.Config) -> None:
    # Tags written in feature files become markers (for -m selection) without registering each one.
    for feature in get_features([str(FEATURES_DIR)]):
        tags = set(feature.tags).union(*(s.tags for s in feature.scenarios.values()))
        banned = tags & _BANNED_TAGS
        if banned:
            tags_text = "、".join("@" + t for t in sorted(banned))
            raise pytest.UsageError(
                f"{feature.rel_filename}: 不允许使用标签 {tags_text}——场景表述法律要求，不能跳过"
            )
        for tag in tags:
            config.addinivalue_line("markers", f"{tag}: features/ 中的标签")


def pytest_bdd_before_scenario(request: pytest.FixtureRequest, feature: Feature, scenario: Scenario) -> None:
    path = ROOT.joinpath(feature.filename).relative_to(ROOT).as_posix()
    name = f"{path}:{scenario.line_number} {scenario.name}"
    callspec = getattr(request.node, "callspec", None)
    example = callspec.params.get("_pytest_bdd_example") if callspec is not None else None
    if isinstance(example, dict) and example:  # one row of 例子, by its column names
        name += " [" + "，".join(f"{k}={v}" for k, v in example.items()) + "]"
    request.node.stash[_SCENARIO] = name


@pytest.fixture(scope="session")
def executor() -> Executor:
    return choose_executor()


@pytest.fixture
def case(request: pytest.FixtureRequest, ruleset: RuleSet, executor: Executor) -> ScenarioCase:
    return ScenarioCase(ruleset, executor, request.node.stash.get(_SCENARIO, request.node.nodeid))


# --------------------------------------------------------------------------- 假如


@given(parsers.re(r'管辖地为"(?P<name>[^"]*)"'))
def given_jurisdiction(case: ScenarioCase, name: str) -> None:
    case.set_jurisdiction(name)


@given(parsers.re(r'评估日期为"(?P<date>[^"]*)"'))
def given_as_of(case: ScenarioCase, date: str) -> None:
    case.set_as_of(date)


@given(parsers.re(r"案件事实如下[:：]"))
def given_facts(case: ScenarioCase, datatable: list[list[str]]) -> None:
    case.set_table(datatable)


@given(parsers.re(r'"(?P<fact>[^"]+)"为"(?P<value>[^"]*)"'))
def given_fact(case: ScenarioCase, fact: str, value: str) -> None:
    case.set_fact(fact, value)


# --------------------------------------------------------------------------- 当


@when("进行分流")
def when_triage(case: ScenarioCase, request: pytest.FixtureRequest) -> None:
    case.triage()
    # read by the rule-coverage plugin from this test's report (in the controlling process under xdist)
    request.node.user_properties.append(scenario_record(case.name, case.executor.name, case.fired, case.near))


# --------------------------------------------------------------------------- 那么


@then(parsers.re(r'"(?P<decision>[^"]+)"的结论应为"(?P<outcome>[^"]*)"'))
def then_outcome(case: ScenarioCase, decision: str, outcome: str) -> None:
    case.expect_outcome(decision, outcome)


@then(parsers.re(r'不应有"(?P<decision>[^"]+)"的结论'))
def then_absent(case: ScenarioCase, decision: str) -> None:
    case.expect_absent(decision)


@then(parsers.re(r'"(?P<decision>[^"]+)"的理由应引用"(?P<text>[^"]+)"'))
def then_cites(case: ScenarioCase, decision: str, text: str) -> None:
    case.expect_cites(decision, text)


@then(parsers.re(r'"(?P<decision>[^"]+)"的理由应包括规则"(?P<rule>[^"]+)"'))
def then_rule(case: ScenarioCase, decision: str, rule: str) -> None:
    case.expect_rule(decision, rule)


@then(parsers.re(r'"(?P<decision>[^"]+)"的理由不应包括规则"(?P<rule>[^"]+)"'))
def then_no_rule(case: ScenarioCase, decision: str, rule: str) -> None:
    case.expect_no_rule(decision, rule)


@then(parsers.re(r'"(?P<decision>[^"]+)"的说明应包括"(?P<text>[^"]+)"'))
def then_detail_contains(case: ScenarioCase, decision: str, text: str) -> None:
    case.expect_detail_contains(decision, text)


@then(parsers.re(r'"(?P<decision>[^"]+)"的说明"(?P<item>[^"]+)"应为"(?P<value>[^"]*)"'))
def then_detail_value(case: ScenarioCase, decision: str, item: str, value: str) -> None:
    case.expect_detail_value(decision, item, value)


@then(parsers.re(r'"(?P<decision>[^"]+)"依据的参数"(?P<param>[^"]+)"应为"(?P<value>[^"]*)"'))
def then_param_value(case: ScenarioCase, decision: str, param: str, value: str) -> None:
    case.expect_param(decision, param, value)


@then(parsers.re(r'"(?P<decision>[^"]+)"依据的参数"(?P<param>[^"]+)"的核实程度应为"(?P<mark>[^"]*)"'))
def then_param_verification(case: ScenarioCase, decision: str, param: str, mark: str) -> None:
    case.expect_param(decision, param, mark, verification=True)


@then(parsers.re(r'"(?P<decision>[^"]+)"依据的参数"(?P<param>[^"]+)"的出处应包括"(?P<text>[^"]+)"'))
def then_param_source(case: ScenarioCase, decision: str, param: str, text: str) -> None:
    case.expect_param_source(decision, param, text)


@then(parsers.re(r'(?:"(?P<decision>[^"]+)")?缺少的事实应包括"(?P<fact>[^"]+)"'))
def then_missing(case: ScenarioCase, decision: str | None, fact: str) -> None:
    case.expect_missing(fact, decision)


@then(parsers.re(r'(?:"(?P<decision>[^"]+)")?缺少的事实不应包括"(?P<fact>[^"]+)"'))
def then_not_missing(case: ScenarioCase, decision: str | None, fact: str) -> None:
    case.expect_missing(fact, decision, present=False)


@then(parsers.re(r'(?:"(?P<decision>[^"]+)")?缺少的事实应恰为"(?P<facts>[^"]*)"'))
def then_missing_exactly(case: ScenarioCase, decision: str | None, facts: str) -> None:
    case.expect_missing_exactly(facts, decision)


@then(parsers.re(r'应有提示"(?P<text>[^"]+)"'))
def then_warning(case: ScenarioCase, text: str) -> None:
    case.expect_warning(text)


@then(parsers.re(r'不应有提示"(?P<text>[^"]+)"'))
def then_no_such_warning(case: ScenarioCase, text: str) -> None:
    case.expect_warning(text, present=False)


@then("没有提示")
def then_no_warnings(case: ScenarioCase) -> None:
    case.expect_no_warnings()


@then(parsers.re(r'行为时的说明应包括"(?P<text>[^"]+)"'))
def then_time_of_act(case: ScenarioCase, text: str) -> None:
    case.expect_time_of_act(text)


@then(parsers.re(r'适用的规定日期应为"(?P<day>[^"]+)"'))
def then_evaluated_on(case: ScenarioCase, day: str) -> None:
    case.expect_evaluated_on(day)
