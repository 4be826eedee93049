"""A triage request: ``{"case_id", "jurisdiction", "as_of", "facts"}`` (docs/CONTRACT.md §6), parsed once
at the boundary into typed facts; every problem of a request is reported at once."""

from __future__ import annotations

import datetime as dt
import re
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


_FIELDS = frozenset(TriageRequest.model_fields)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _quick_fields(raw: Any) -> TriageRequest | None:
    """The fields of a request of plain JSON types that :class:`TriageRequest` would accept unchanged
    (ISO dates, text within its bounds), without pydantic's machinery; None: ask pydantic. The facts'
    keys are checked only when the facts have a problem (:func:`parse_request`)."""
    if raw.__class__ is not dict or not _FIELDS.issuperset(raw):
        return None
    case_id = raw.get("case_id")
    jurisdiction = raw.get("jurisdiction")
    as_of = raw.get("as_of")
    facts = raw.get("facts", {})
    if case_id is not None and (case_id.__class__ is not str or len(case_id) > 200):
        return None
    if jurisdiction.__class__ is not str or not jurisdiction or facts.__class__ is not dict:
        return None
    if as_of is not None:
        if as_of.__class__ is not str or len(as_of) != 10 or not _ISO_DATE.match(as_of):
            return None
        try:
            as_of = dt.date.fromisoformat(as_of)
        except ValueError:
            return None
    return TriageRequest.model_construct(case_id=case_id, jurisdiction=jurisdiction, as_of=as_of, facts=facts)


def _validated(raw: Any) -> TriageRequest:
    try:
        return TriageRequest.model_validate(raw)
    except ValidationError as exc:
        raise InputInvalid(request_problems(exc.errors())) from None


def parse_request(ruleset: RuleSet, raw: Any, default_as_of: dt.date) -> ParsedRequest:
    """Validate a raw request; every problem (request fields and facts) is reported at once."""
    request = _quick_fields(raw)
    if request is None:
        request = _validated(raw)
    problems: list[FactProblem] = []
    if request.jurisdiction not in ruleset.scopes:
        try:
            ruleset.scope(request.jurisdiction)
        except InputInvalid as exc:  # the list of known jurisdictions, reported with the facts' problems
            problems.extend(exc.problems)
    facts, fact_problems = ruleset.vocabulary.parse(request.facts)
    if fact_problems and not all(key.__class__ is str for key in request.facts):
        _validated(raw)  # a key that is not text: pydantic's problem comes first, as without the quick path
    problems.extend(fact_problems)
    if problems:
        raise InputInvalid(problems)
    return ParsedRequest(request.case_id, request.jurisdiction, request.as_of or default_as_of, facts)
