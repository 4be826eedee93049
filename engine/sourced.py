"""The base of every rule-model class: frozen pydantic models that remember where they were read."""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .errors import Location
from .yamlsrc import LocatedMap

ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"
_ID_RE = re.compile(ID_PATTERN)


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Sourced(Frozen):
    """A model read from a rule file: ``at`` is where its mapping starts."""

    at: Location | None = Field(default=None, alias="@at", exclude=True, repr=False)

    @model_validator(mode="before")
    @classmethod
    def _capture_location(cls, data: Any) -> Any:
        if isinstance(data, LocatedMap):
            return {**data, "@at": data.location}
        return data


def check_id(value: str) -> str:
    """An id as rule files write them: ``national.legal_review.after_hearing``."""
    if not _ID_RE.match(value):
        raise PydanticCustomError(
            "bad_id",
            "标识 '{value}' 不合规：只能用小写英文字母、数字、下划线，以字母开头，层级之间用点号分隔",
            {"value": value},
        )
    return value
