"""What the Chinese step forms do: one scenario's case, its triage, and checks that explain failures.

Every check that fails prints the triage in Chinese (``render_text``): the policy writer sees the
conclusions, the rules and the facts behind them, not a Python traceback. Names are Chinese labels;
a wrong one fails with the list of names that exist.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import pytest

from engine import (
    EXECUTORS,
    LABEL_OUTCOMES,
    OUTCOME_LABELS,
    DecisionResult,
    Executor,
    InputInvalid,
    ParameterNotInForce,
    ParsedRequest,
    RuleSet,
    TriageResult,
    did_you_mean,
    get_executor,
    parse_request,
    render_text,
    triage_in_time,
)
from engine.evaluate import Evaluation, evaluate, explain
from engine.result import ParamUse
from engine.text_report import detail_text
from engine.trace import RecordingTracer
from tools.coverage import fired_rules, near_misses
from tools.mutate.checks import VERIFICATION_LABELS, detail_value, number_text, param_uses, split_labels
from tools.mutate.scenarios import DEFAULT_AS_OF, EMPTY_SET_WORDS  # scenarios never depend on the clock

ROOT = Path(__file__).resolve().parents[2]
FEATURES_DIR = ROOT / "features"
COVERAGE_REPORT = ROOT / "test-artifacts" / "rule-coverage.json"
EXECUTOR_ENV = "LEXGATE_EXECUTOR"


def fail(message: str, result: TriageResult | None = None) -> NoReturn:
    text = message
    if result is not None:
        text += "\n\n本场景的分流结果:\n" + render_text(result)
    pytest.fail(text, pytrace=False)


def choose_executor() -> Executor:
    """``$LEXGATE_EXECUTOR`` if set, else the process default (what the CLI and API use)."""
    name = os.environ.get(EXECUTOR_ENV) or None
    if name is not None and name not in EXECUTORS:
        raise pytest.UsageError(f"{EXECUTOR_ENV}={name} 不是已知的执行器；可选: {'、'.join(EXECUTORS)}")
    return get_executor(name)


def _listing(names: Iterable[str]) -> str:
    return "、".join(names)


@dataclass
class ScenarioCase:
    """One scenario's case, built step by step, then triaged once."""

    ruleset: RuleSet
    executor: Executor
    name: str
    jurisdiction: str | None = None
    as_of: dt.date = DEFAULT_AS_OF
    facts: dict[str, Any] = field(default_factory=dict)  # by fact id, raw text as written
    result: TriageResult | None = None
    fired: frozenset[str] = frozenset()
    near: frozenset[str] = frozenset()

    # ---- 假如

    def set_jurisdiction(self, name: str) -> None:
        if name not in self.ruleset.scopes:
            fail(f"管辖地「{name}」不存在；可用的管辖地: {_listing(self.ruleset.scopes)}")
        self.jurisdiction = name

    def set_as_of(self, text: str) -> None:
        try:
            self.as_of = dt.date.fromisoformat(text.strip())
        except ValueError:
            fail(f"评估日期「{text}」不是 YYYY-MM-DD 格式的日期，例如 2026-11-01")

    def set_fact(self, label: str, value: str) -> None:
        fact = self.ruleset.vocabulary.get(label.strip())
        if fact is None:
            fail(f"没有名为「{label}」的事实{self._fact_hint(label)}")
        # A table cell cannot hold an empty list: "无" states that a multi-choice fact has no value.
        self.facts[fact.id] = [] if fact.type == "set" and value.strip() in EMPTY_SET_WORDS else value

    def set_table(self, rows: list[list[str]]) -> None:
        if not rows or [c.strip() for c in rows[0]] != ["事实", "值"]:
            fail('案件事实表的第一行必须是 "| 事实 | 值 |"')
        for row in rows[1:]:
            if len(row) != 2:
                fail(f"案件事实表的每一行必须恰好两列（事实、值），这一行是: {' | '.join(row)}")
            self.set_fact(row[0], row[1])

    # ---- 当

    def triage(self) -> TriageResult:
        if self.jurisdiction is None:
            fail('没有指定管辖地；请在背景或场景中写 假如 管辖地为"江西省宜春市"')
        raw = {
            "case_id": self.name.split(" ", 1)[0],  # feature file and line: short enough for a case id
            "jurisdiction": self.jurisdiction,
            "as_of": self.as_of.isoformat(),
            "facts": self.facts,
        }
        problem = None
        runs: dict[dt.date, tuple[Evaluation, RecordingTracer]] = {}

        def triage_at(request: ParsedRequest) -> TriageResult:
            tracer = RecordingTracer()
            evaluation = evaluate(
                self.ruleset,
                request.facts,
                jurisdiction=request.jurisdiction,
                as_of=request.as_of,
                executor=self.executor,
                tracer=tracer,
            )
            runs[request.as_of] = (evaluation, tracer)
            return explain(self.ruleset, request, evaluation, tracer)

        try:
            request = parse_request(self.ruleset, raw, self.as_of)
            # the time of the act (从旧兼从轻, 追责时效) around the evaluation, as the CLI and the API do
            self.result = triage_in_time(self.ruleset, request, triage_at)
        except InputInvalid as exc:
            problem = "案件事实有误:\n" + "\n".join(f"  - {p}" for p in exc.problems)
        except ParameterNotInForce as exc:
            problem = f"评估日期 {self.as_of} 无法评估: {exc}"
        if problem is not None:
            fail(problem)
        assert self.result is not None and self.result.time_of_act is not None
        evaluation, tracer = runs[self.result.time_of_act.evaluated_on]
        self.fired = fired_rules(evaluation.plan, tracer)
        self.near = near_misses(evaluation.plan, tracer)
        return self.result

    # ---- 那么

    @property
    def triaged(self) -> TriageResult:
        if self.result is None:
            fail("还没有进行分流；请在检查结论之前写 当 进行分流")
        return self.result

    def decision(self, label: str) -> DecisionResult:
        result = self.triaged
        for decision in result.decisions.values():
            if decision.label == label:
                return decision
        here = [d.label for d in result.decisions.values()]
        if label in self._all_decision_labels():
            fail(f"{result.jurisdiction}没有「{label}」这一决定；本管辖地的决定: {_listing(here)}", result)
        close = did_you_mean(label, here)
        hint = f"；您是否想写「{close}」？" if close else ""
        fail(f"没有名为「{label}」的决定{hint}；本管辖地的决定: {_listing(here)}", result)

    def _all_decision_labels(self) -> set[str]:
        return {view.label for scope in self.ruleset.scopes.values() for view in scope.decisions}

    def expect_outcome(self, label: str, outcome_label: str) -> None:
        if outcome_label not in LABEL_OUTCOMES:
            fail(f"结论「{outcome_label}」不存在；可用的结论: {_listing(OUTCOME_LABELS.values())}")
        decision = self.decision(label)
        if decision.outcome_label != outcome_label:
            fail(
                f"「{label}」的结论应为「{outcome_label}」，实际为「{decision.outcome_label}」", self.triaged
            )

    def expect_absent(self, label: str) -> None:
        result = self.triaged
        if label not in self._all_decision_labels():
            fail(f"没有名为「{label}」的决定；全部决定: {_listing(sorted(self._all_decision_labels()))}")
        if any(d.label == label for d in result.decisions.values()):
            fail(f"{result.jurisdiction}不应有「{label}」这一决定，但结果中有", result)

    def expect_cites(self, label: str, text: str) -> None:
        decision = self.decision(label)
        cited = [basis for reason in decision.reasons for basis in reason.basis]
        if not any(text in basis for basis in cited):
            fail(f"「{label}」的理由应引用「{text}」，实际引用: {_listing(cited) or '（无）'}", self.triaged)

    def expect_rule(self, label: str, rule_id: str) -> None:
        decision = self.decision(label)
        rules = [reason.rule for reason in decision.reasons]
        if rule_id not in rules:
            fail(f"「{label}」的理由应包括规则 {rule_id}，实际: {_listing(rules) or '（无）'}", self.triaged)

    def expect_no_rule(self, label: str, rule_id: str) -> None:
        decision = self.decision(label)
        rules = [reason.rule for reason in decision.reasons]
        if rule_id in rules:
            fail(f"「{label}」的理由不应包括规则 {rule_id}，实际: {_listing(rules)}", self.triaged)

    def param_use(self, label: str, param_label: str) -> ParamUse:
        """A parameter the decision's reasons compared with, as in force here on the evaluation date."""
        decision = self.decision(label)
        uses: dict[str, ParamUse] = {p.label: p for p in param_uses(decision.reasons)}
        if param_label not in uses:
            fail(
                f"「{label}」的理由没有用到参数「{param_label}」；用到的参数: {_listing(uses) or '（无）'}",
                self.triaged,
            )
        return uses[param_label]

    def expect_param(self, label: str, param_label: str, want: str, *, verification: bool = False) -> None:
        """A parameter's value here, or how far it is verified."""
        use = self.param_use(label, param_label)
        got = (
            VERIFICATION_LABELS.get(use.verification, use.verification)
            if verification
            else number_text(use.value)
        )
        if got != want:
            what = "核实程度" if verification else "取值"
            fail(
                f"参数「{param_label}」的{what}应为「{want}」，实际为「{got}」（出处: {use.source}）",
                self.triaged,
            )

    def expect_param_source(self, label: str, param_label: str, text: str) -> None:
        """The legal source of the parameter's value in force on the evaluation date."""
        use = self.param_use(label, param_label)
        if text not in use.source:
            fail(f"参数「{param_label}」的出处应包括「{text}」，实际为「{use.source}」", self.triaged)

    def expect_detail_contains(self, label: str, text: str) -> None:
        decision = self.decision(label)
        shown = detail_text(decision)
        if text not in shown:
            fail(f"「{label}」的说明应包括「{text}」，实际说明: {shown or '（无）'}", self.triaged)

    def expect_detail_value(self, label: str, item: str, want: str) -> None:
        decision = self.decision(label)
        detail = decision.detail or {}
        names = {decision.detail_labels.get(k, k): k for k in detail if not k.endswith("_note")}
        if item not in names:
            fail(f"「{label}」的说明中没有「{item}」；有: {_listing(names) or '（无）'}", self.triaged)
        got = detail_value(detail[names[item]])
        if got != want:
            fail(f"「{label}」的说明「{item}」应为「{want}」，实际为「{got}」", self.triaged)

    def _fact_label(self, label: str) -> str:
        fact = self.ruleset.vocabulary.get(label)
        if fact is None:
            fail(f"没有名为「{label}」的事实{self._fact_hint(label)}")
        return fact.label

    def _fact_hint(self, label: str) -> str:
        labels = [f.label for f in self.ruleset.vocabulary.facts]
        close = did_you_mean(label, labels)
        return (f"；您是否想写「{close}」？" if close else "") + f"；可用的事实名称: {_listing(labels)}"

    def missing_labels(self, decision_label: str | None) -> list[str]:
        if decision_label is None:
            return [m.label for m in self.triaged.missing_facts]
        return [m.label for m in self.decision(decision_label).missing_facts]

    def expect_missing(
        self, fact_label: str, decision_label: str | None = None, present: bool = True
    ) -> None:
        wanted = self._fact_label(fact_label)
        missing = self.missing_labels(decision_label)
        where = f"「{decision_label}」" if decision_label else ""
        if present and wanted not in missing:
            fail(f"{where}缺少的事实应包括「{wanted}」，实际: {_listing(missing) or '（无）'}", self.triaged)
        if not present and wanted in missing:
            fail(f"{where}缺少的事实不应包括「{wanted}」（与本案无关的事实不应追问）", self.triaged)

    def expect_missing_exactly(self, labels_text: str, decision_label: str | None = None) -> None:
        wanted = sorted(self._fact_label(x) for x in split_labels(labels_text))
        missing = sorted(self.missing_labels(decision_label))
        if wanted != missing:
            where = f"「{decision_label}」" if decision_label else ""
            expected = _listing(wanted) or "（无）"
            fail(
                f"{where}缺少的事实应恰为「{expected}」，实际: {_listing(missing) or '（无）'}", self.triaged
            )

    def expect_warning(self, text: str, present: bool = True) -> None:
        messages = [w.message for w in self.triaged.warnings]
        found = any(text in m for m in messages)
        if present and not found:
            fail(f"应有包含「{text}」的提示，实际提示: {_listing(messages) or '（无）'}", self.triaged)
        if not present and found:
            fail(f"不应有包含「{text}」的提示", self.triaged)

    def expect_time_of_act(self, text: str) -> None:
        time = self.triaged.time_of_act
        shown = f"{time.reason}；{time.limitation_note}" if time else ""
        if text not in shown:
            fail(f"行为时的说明应包括「{text}」，实际说明: {shown or '（无）'}", self.triaged)

    def expect_evaluated_on(self, day: str) -> None:
        time = self.triaged.time_of_act
        got = time.evaluated_on.isoformat() if time else "（无）"
        if got != day:
            fail(f"适用的规定日期应为「{day}」，实际为「{got}」", self.triaged)

    def expect_no_warnings(self) -> None:
        if self.triaged.warnings:
            fail("不应有提示，实际: " + _listing(w.message for w in self.triaged.warnings), self.triaged)
