"""One error hierarchy for lexgate.

Rule-authoring problems are collected as :class:`RuleProblem` values (a broken pack reports every
problem in one run); input problems as :class:`FactProblem` values. Each carries a stable ``code``
that tools and tests may rely on, a message in the author's terms and a fix.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Location:
    """A position in a rule file; line and column are 1-based, as editors show them."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class RuleProblem:
    """One problem found while loading or checking rule packs."""

    code: str
    message: str
    location: Location
    fix: str = ""
    rule: str | None = None
    severity: str = "error"  # "error" | "warning"
    related: tuple[Location, ...] = ()
    related_rules: tuple[str, ...] = ()  # other rules a finding is about (shadowing, conflicts)

    def __str__(self) -> str:
        rules = ", ".join(r for r in (self.rule, *self.related_rules) if r)
        rule = f" [{rules}]" if rules else ""
        fix = f" — 修改建议: {self.fix}" if self.fix else ""
        return f"{self.location}: {self.code}:{rule} {self.message}{fix}"

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.location.file, self.location.line, self.location.column, self.code)


@dataclass(frozen=True)
class FactProblem:
    """One problem with a submitted fact value."""

    code: str
    key: str  # the key as submitted (id or label)
    message: str
    fact: str | None = None  # resolved fact id, if the key was recognised
    label: str | None = None
    value: object = None
    allowed: str | None = None
    suggestion: str | None = None

    def __str__(self) -> str:
        name = f"{self.label}（{self.fact}）" if self.fact and self.label else self.key
        parts = [f"{name}: {self.message}"]
        if self.allowed:
            parts.append(f"允许的取值: {self.allowed}")
        if self.suggestion:
            parts.append(f"您是否想输入: {self.suggestion}")
        return "；".join(parts)


class LexgateError(Exception):
    """Base of every error lexgate raises on purpose."""

    code = "lexgate_error"


class RuleSetInvalid(LexgateError):
    """The rule packs could not be compiled; ``problems`` lists every error, sorted by position."""

    code = "ruleset_invalid"

    def __init__(self, problems: Sequence[RuleProblem]) -> None:
        self.problems = tuple(sorted(problems, key=RuleProblem.sort_key))
        errors = [p for p in self.problems if p.severity == "error"]
        super().__init__(f"规则包有 {len(errors)} 处错误:\n" + "\n".join(str(p) for p in errors))


class InputInvalid(LexgateError):
    """A triage request is invalid; ``problems`` lists every bad field at once."""

    code = "invalid_input"

    def __init__(self, problems: Sequence[FactProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("输入有误:\n" + "\n".join(f"- {p}" for p in self.problems))


class ParameterNotInForce(LexgateError):
    """A rule in force on ``as_of`` needs a parameter that has no value on that date."""

    code = "parameter_not_in_force"


class ExecutorError(LexgateError):
    """An executor failed or disagreed with the explanation of its own verdicts (a defect, never input)."""

    code = "executor_error"


@dataclass
class ProblemList:
    """Collects problems during a load so that all of them are reported together."""

    items: list[RuleProblem] = field(default_factory=list)

    def add(
        self,
        code: str,
        message: str,
        location: Location,
        *,
        fix: str = "",
        rule: str | None = None,
        severity: str = "error",
        related: Iterable[Location] = (),
    ) -> None:
        self.items.append(RuleProblem(code, message, location, fix, rule, severity, tuple(related)))

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.items)


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate to ``word``, if one is close enough to be a likely typo."""
    pool = list(candidates)
    # Chinese names are short: one wrong character in two (法任 for 法人) is still a likely typo.
    cjk = any("\u4e00" <= ch <= "\u9fff" for ch in word)
    matches = difflib.get_close_matches(word, pool, n=1, cutoff=0.5 if cjk else 0.6)
    if matches:
        return matches[0]
    # A shared two-character stretch is still a useful hint for longer Chinese labels.
    for cand in pool:
        if cjk and len(word) >= 2 and any(word[i : i + 2] in cand for i in range(len(word) - 1)):
            return cand
    return None
