"""The annual statistics report for 法制 and 审计: JSON, the Excel workbook and the charts (SVG)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from store import Store
from store.keys import KeyHolder
from store.report_data import annual_report

from ..deps import ReportReader, StoreDep
from ..errors import ApiError
from ..services.cases import scope, today
from ..services.charts import chart
from .common import errors

router = APIRouter(prefix="/v1", tags=["监督"])

Year = Annotated[int, Query(ge=2000, le=2100, description="统计年度")]
Unit = Annotated[str | None, Query(description="执法单位编号（含下级单位）；默认：可见的全部单位")]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ReportOut(BaseModel):
    year: int
    scope: str = Field(description="统计范围（执法单位）")
    generated_on: str
    reminder: dict[str, Any] | None = Field(
        description="1月1日至1月31日：报送（1月15日前）和公开（1月31日前）的提醒"
    )
    labels: dict[str, str] = Field(description="决定编号 → 中文名称")
    total: dict[str, Any] = Field(description="全年合计")
    previous_year: dict[str, Any] = Field(description="上年合计")
    months: dict[str, Any] = Field(description="分月合计（1–12）")
    previous_months: dict[str, Any] = Field(description="上年分月合计")
    units: list[dict[str, Any]] = Field(description="分单位：全年合计与分月")


def _report(store: Store, caller: KeyHolder, year: int, unit: str | None) -> dict[str, Any]:
    visible = scope(store, caller)
    if unit is None and visible is not None:
        own = store.units.unit_of(caller.key_id)
        unit = own
    if unit is not None and (store.units.get(unit) is None or (visible is not None and unit not in visible)):
        raise ApiError(
            404,
            "unit_not_found",
            f"没有编号为 {unit} 的执法单位，或它不在您的单位之下",
            location="unit",
            suggestion="单位编号见「单位」页；只能统计本单位及下级单位",
        )
    return annual_report(store.engine, store.units, store.events, year, unit, today())


@router.get(
    "/report",
    operation_id="annualReport",
    summary="行政执法统计年报：分单位、分月，与上年比较",
    response_model=ReportOut,
    responses=errors(401, 403, 404, 422),
)
def report(caller: ReportReader, store: StoreDep, year: Year, unit: Unit = None) -> ReportOut:
    return ReportOut(**_report(store, caller, year, unit))


@router.get(
    "/report.xlsx",
    operation_id="annualReportWorkbook",
    summary="统计年报的 Excel 文件（汇总、分单位、分月、移送罪名、缺失事实）",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}, "description": "Excel 工作簿"}, **errors(401, 403, 404, 422)},
)
def report_xlsx(caller: ReportReader, store: StoreDep, year: Year, unit: Unit = None) -> Response:
    from store.report_xlsx import workbook  # openpyxl loaded on the first workbook, not at the server's start

    body = workbook(_report(store, caller, year, unit))
    name = f"lexgate-report-{year}.xlsx"
    return Response(body, media_type=XLSX, headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get(
    "/report/charts/{name}.svg",
    operation_id="annualReportChart",
    summary="统计年报的图表（SVG）：months 分月，decisions 各项决定，publicity 公示",
    response_class=Response,
    responses={
        200: {"content": {"image/svg+xml": {}}, "description": "SVG 图"},
        **errors(401, 403, 404, 422),
    },
)
def report_chart(
    name: Literal["months", "decisions", "publicity"],
    caller: ReportReader,
    store: StoreDep,
    year: Year,
    unit: Unit = None,
) -> Response:
    return Response(chart(name, _report(store, caller, year, unit)), media_type="image/svg+xml")
