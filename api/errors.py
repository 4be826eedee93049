"""Every error the API returns has one body: ``{code, message, location, suggestion, problems}``.

One place maps engine errors (bad facts, broken rule packs, parameters not in force), request
validation and HTTP errors to that body, so clients can rely on ``code`` and people can read
``message`` (Chinese: what is wrong, where, how to fix it).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine import (
    FactProblem,
    InputInvalid,
    ParameterNotInForce,
    RuleProblem,
    RuleSetInvalid,
    request_problems,
)

from .metrics import REJECTED

log = logging.getLogger("lexgate.api")

FACT_CODES = frozenset({"unknown_fact", "duplicate_fact"})
MAX_LISTED = 50  # problems listed in one error answer


class ProblemOut(BaseModel):
    """One problem: a bad fact or request field, or an error in a rule file."""

    code: str = Field(description="稳定的错误代码，如 unknown_fact、invalid_value、unknown_jurisdiction")
    message: str = Field(description="中文说明：哪里错了、错在什么、如何改正")
    location: str | None = Field(
        default=None, description="出错位置：facts.<事实>、jurisdiction、as_of，或规则文件的 文件:行:列"
    )
    suggestion: str | None = Field(default=None, description="修改建议或“您是否想输入”的候选")
    fact: str | None = Field(default=None, description="事实 id（能识别时）")
    label: str | None = Field(default=None, description="事实的中文名称")
    value: Any = Field(default=None, description="提交的值")
    allowed: str | None = Field(default=None, description="允许的取值")
    rule: str | None = Field(default=None, description="规则 id（规则包错误）")


class ErrorBody(BaseModel):
    """The body of every error response."""

    code: str = Field(description="稳定的错误代码（客户端据此处理）")
    message: str = Field(description="中文说明")
    location: str | None = Field(default=None, description="出错位置（第一个问题的位置）")
    suggestion: str | None = Field(default=None, description="如何改正")
    problems: list[ProblemOut] = Field(default_factory=list, description="逐项列出的问题")


class ApiError(Exception):
    """An error with its HTTP status and body, raised by routes and dependencies."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        location: str | None = None,
        suggestion: str | None = None,
        problems: Sequence[ProblemOut] = (),
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.body = ErrorBody(
            code=code, message=message, location=location, suggestion=suggestion, problems=list(problems)
        )
        self.headers = headers


def fact_problem(p: FactProblem) -> ProblemOut:
    in_facts = p.fact is not None or p.code in FACT_CODES
    return ProblemOut(
        code=p.code,
        message=str(p),
        location=f"facts.{p.key}" if in_facts else p.key,
        suggestion=p.suggestion,
        fact=p.fact,
        label=p.label,
        value=jsonable_encoder(p.value),
        allowed=p.allowed,
    )


def rule_problem(p: RuleProblem) -> ProblemOut:
    return ProblemOut(
        code=p.code, message=p.message, location=str(p.location), suggestion=p.fix or None, rule=p.rule
    )


def input_error(problems: Sequence[FactProblem]) -> ApiError:
    """422 listing the problems: at most ``MAX_LISTED`` of them (an answer stays small however
    many facts were wrong; the message says how many were left out)."""
    items = [fact_problem(p) for p in problems[:MAX_LISTED]]
    if len(items) == 1:
        message = f"输入有误: {items[0].message}"
    else:
        message = f"输入有误（共 {len(problems)} 处）: " + " ".join(
            f"{i}) {p.message}" for i, p in enumerate(items, 1)
        )
        if len(problems) > len(items):
            message += f" ……另有 {len(problems) - len(items)} 处未列出"
    return ApiError(
        422,
        "invalid_input",
        message,
        location=items[0].location if items else None,
        suggestion="按 problems 逐项改正后重新提交",
        problems=items,
    )


def ruleset_error(exc: RuleSetInvalid) -> ApiError:
    errors = [p for p in exc.problems if p.severity == "error"]
    items = [rule_problem(p) for p in errors]
    return ApiError(
        422,
        "ruleset_invalid",
        f"规则包有 {len(items)} 处错误，未替换正在使用的规则集",
        location=items[0].location if items else None,
        suggestion="按 problems 修正规则文件（可先运行 lexgate lint），再重新加载",
        problems=items,
    )


def too_large(limit: int) -> ApiError:
    return ApiError(
        413,
        "body_too_large",
        f"请求体超过 {limit:,} 字节的上限",
        location="body",
        suggestion="分成几次提交；批量分流请减少每批的案件数",
    )


def _response(error: ApiError) -> JSONResponse:
    if error.status < 500:
        REJECTED.labels(error.body.code).inc()
    return JSONResponse(error.body.model_dump(mode="json"), status_code=error.status, headers=error.headers)


def _validation(exc: RequestValidationError) -> ApiError:
    errors = list(exc.errors())
    bad_json = [e for e in errors if e.get("type") == "json_invalid"]
    if bad_json:
        where = bad_json[0]["loc"][-1] if bad_json[0].get("loc") else "?"
        return ApiError(
            422,
            "invalid_json",
            f"请求体不是合法的 JSON（第 {where} 个字符附近: {bad_json[0]['ctx'].get('error', '')}）",
            location="body",
            suggestion="检查引号、逗号和括号；请求头应为 Content-Type: application/json",
        )
    cleaned = []
    for err in errors:
        loc = tuple(err.get("loc", ()))
        message = _PARAM_MESSAGES.get(err.get("type", ""))
        ctx = err.get("ctx") or {}
        msg = message.format(**ctx) if message else err.get("msg", "")
        cleaned.append(
            {**err, "msg": msg, "loc": loc[1:] if loc[:1] in (("body",), ("query",), ("path",)) else loc}
        )
    return input_error(request_problems(cleaned))


_PARAM_MESSAGES = {  # pydantic's messages for query and path parameters, in Chinese
    "int_parsing": "应为整数",
    "greater_than_equal": "不能小于 {ge}",
    "less_than_equal": "不能大于 {le}",
    "bool_parsing": "应为 true 或 false",
}

_HTTP_CODES = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large", 401: "unauthenticated"}
_HTTP_MESSAGES = {404: "没有这个地址", 405: "该地址不支持这种请求方法"}


def install(app: FastAPI) -> None:
    """Register the one mapping of errors to bodies."""

    @app.exception_handler(ApiError)
    async def _api(_: Request, exc: ApiError) -> JSONResponse:
        return _response(exc)

    @app.exception_handler(InputInvalid)
    async def _input(_: Request, exc: InputInvalid) -> JSONResponse:
        return _response(input_error(exc.problems))

    @app.exception_handler(ParameterNotInForce)
    async def _param(_: Request, exc: ParameterNotInForce) -> JSONResponse:
        problem = FactProblem("parameter_not_in_force", "as_of", str(exc))
        return _response(input_error([problem]))

    @app.exception_handler(RuleSetInvalid)
    async def _rules(_: Request, exc: RuleSetInvalid) -> JSONResponse:
        return _response(ruleset_error(exc))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        return _response(_validation(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        refused = getattr(exc, "error", None)  # inputs.BodyRefused: the strict reader's own answer
        if isinstance(refused, ApiError):
            return _response(refused)
        limit = getattr(exc, "limit", None)
        if exc.status_code == 413 and isinstance(limit, int):
            return _response(too_large(limit))
        code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
        message = _HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        if exc.status_code == 404:
            message = f"没有这个地址: {request.url.path}（接口列表见 /docs）"
        return _response(ApiError(exc.status_code, code, message, headers=dict(exc.headers or {})))

    @app.exception_handler(Exception)
    async def _crash(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error")
        return _response(internal_error())


def internal_error() -> ApiError:
    return ApiError(
        500,
        "internal_error",
        "服务器内部错误",
        suggestion="请稍后重试；如反复出现，请把请求和时间告知系统管理员（详情见服务日志）",
    )
