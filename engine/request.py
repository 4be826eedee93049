"""A triage request: ``{"case_id", "jurisdiction", "as_of", "facts"}`` (docs/CONTRACT.md §6), parsed once
at the boundary into typed facts; every problem of a request is reported at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from .errors import FactProblem, InputInvalid
from .ruleset import RuleSet


class TriageRequest(BaseModel):
    """One case: ``{"case_id", "jurisdiction", "as_of", "facts"}``."""

    model_config = ConfigDict(extra="forbid")

    case_id: str | None = Field(default=None, max_length=200)
    jurisdiction: str = Field(min_length=1)
    as_of: dt.date | None = None
    facts: dict[str, Any] = Field(default_factory=dict)

    @field_validator("as_of", mode="before")
    @classmethod
    def _date_as_text(cls, value: Any) -> Any:
        """Dates are YYYY-MM-DD text: pydantic would read a number as a Unix timestamp."""
        if value is None or isinstance(value, str | dt.date):
            return value
        raise PydanticCustomError("date_type", "date should be YYYY-MM-DD text")


@dataclass(frozen=True)
class ParsedRequest:
    case_id: str | None
    jurisdiction: str
    as_of: dt.date
    facts: dict[str, Any]  # typed, by id; unknown facts absent


_REQUEST_MESSAGES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不认识的字段（请求只能有 case_id、jurisdiction、as_of、facts）",
    "date_from_datetime_parsing": "日期格式应为 YYYY-MM-DD",
    "date_parsing": "日期格式应为 YYYY-MM-DD",
    "date_type": "日期格式应为 YYYY-MM-DD",
    "dict_type": "应为对象（事实名称: 值）",
    "model_type": "请求应为 JSON 对象",
    "model_attributes_type": "请求应为 JSON 对象",
    "string_type": "应为文字",
    "string_too_short": "不能为空",
    "string_too_long": "太长（最多 200 个字符）",
}


def request_problems(errors: Iterable[Mapping[str, Any]]) -> list[FactProblem]:
    """Pydantic's errors about a request's fields, in the case handler's terms (CLI and API alike)."""
    problems = []
    for err in errors:
        where = ".".join(str(p) for p in err["loc"]) or "request"
        message = _REQUEST_MESSAGES.get(err["type"], err["msg"])
        problems.append(FactProblem("invalid_request", where, message, value=err.get("input")))
    return problems


def parse_request(ruleset: RuleSet, raw: Any, default_as_of: dt.date) -> ParsedRequest:
    """Validate a raw request; every problem (request fields and facts) is reported at once."""
    try:
        request = TriageRequest.model_validate(raw)
    except ValidationError as exc:
        raise InputInvalid(request_problems(exc.errors())) from None
    problems: list[FactProblem] = []
    if request.jurisdiction not in ruleset.scopes:
        try:
            ruleset.scope(request.jurisdiction)
        except InputInvalid as exc:  # the list of known jurisdictions, reported with the facts' problems
            problems.extend(exc.problems)
    facts, fact_problems = ruleset.vocabulary.parse(request.facts)
    problems.extend(fact_problems)
    if problems:
        raise InputInvalid(problems)
    return ParsedRequest(request.case_id, request.jurisdiction, request.as_of or default_as_of, facts)
