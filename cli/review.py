"""``lexgate review start|list|show|export``: 案卷评查 rounds (reviewers score in the API or the page)."""

from __future__ import annotations

import datetime as dt
from contextlib import closing
from pathlib import Path
from typing import Annotated

import typer

from .common import die
from .store_options import DatabaseOption, open_store


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="案卷评查：按种子抽取已结案案件，初审、复审，分单位结果。", no_args_is_help=True)
    app.add_typer(group, name="review")

    @group.command("start")
    def start(
        title: Annotated[str, typer.Option("--title", help="评查名称")],
        seed: Annotated[str, typer.Option("--seed", help="随机种子：同一种子、期间和案件抽到同样的案卷")],
        period_from: Annotated[dt.datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="结案日期自")],
        period_to: Annotated[dt.datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="结案日期至")],
        per_unit: Annotated[int, typer.Option("--per-unit", min=0, help="每个单位随机抽取的一般案卷数")] = 3,
        unit: Annotated[
            str | None, typer.Option("--unit", help="执法单位编号（含下级单位；默认全部）")
        ] = None,
        actor: Annotated[str, typer.Option("--actor", help="组织评查的人")] = "命令行",
        database: DatabaseOption = None,
    ) -> None:
        """开始一次评查：重大、移送案件全部抽取，其余每个单位随机抽取 --per-unit 件；列出抽到的案卷。"""
        from store.cases import CaseError

        with closing(open_store(database)) as store:
            if unit is not None and store.units.get(unit) is None:
                raise die(f"lexgate: 没有编号为 {unit} 的执法单位；编号见 lexgate units list", 2)
            try:
                found = store.reviews.start(
                    title=title,
                    unit_id=unit,
                    unit_ids=store.units.subtree(unit) if unit is not None else None,
                    period=(period_from.date().isoformat(), period_to.date().isoformat()),
                    seed=seed,
                    per_unit=per_unit,
                    actor=actor,
                )
            except CaseError as exc:
                raise die(f"lexgate: {exc.message}（{exc.suggestion}）", 2) from None
            print(f"评查 {found['round_id']}：{len(found['files'])} 件案卷")
            _files(found)

    @group.command("list")
    def list_rounds(database: DatabaseOption = None) -> None:
        """列出评查：编号、名称、期间、种子。"""
        with closing(open_store(database)) as store:
            for r in store.reviews.rounds(None):
                print(f"{r['round_id']}\t{r['title']}\t{r['period_from']}—{r['period_to']}\t种子 {r['seed']}")

    @group.command("show")
    def show(round_id: str, database: DatabaseOption = None) -> None:
        """一次评查的案卷（初审、复审得分）和分单位结果（平均分、常见问题）。"""
        with closing(open_store(database)) as store:
            found = store.reviews.get(round_id)
            if found is None:
                raise die(f"lexgate: 没有编号为 {round_id} 的评查；见 lexgate review list", 2)
            print(f"{found['title']}（{found['period_from']} 至 {found['period_to']}，种子 {found['seed']}）")
            _files(found)
            names = {u.unit_id: store.units.path(u.unit_id) for u in store.units.all()}
            for unit in store.reviews.results(found, names):
                counts = f"{unit['files']} 件，已复审 {unit['reviewed']} 件，平均分 {unit['average']}"
                print(f"\n{unit['unit']}：{counts}")
                for defect in unit["defects"]:
                    print(f"  {defect['label']}：{defect['files']} 件扣分 — {'；'.join(defect['notes'])}")

    @group.command("export")
    def export(
        round_id: str,
        output: Annotated[Path, typer.Option("--output", "-o", help="Excel 文件（.xlsx）")],
        database: DatabaseOption = None,
    ) -> None:
        """把评查结果存为 Excel：评查结果、分单位、常见问题。"""
        from store.review_xlsx import workbook

        with closing(open_store(database)) as store:
            found = store.reviews.get(round_id)
            if found is None:
                raise die(f"lexgate: 没有编号为 {round_id} 的评查；见 lexgate review list", 2)
            names = {u.unit_id: store.units.path(u.unit_id) for u in store.units.all()}
            output.write_bytes(workbook(found, store.reviews.results(found, names), names))


def _files(found: dict[str, object]) -> None:
    files = found["files"]
    assert isinstance(files, list)
    for f in files:
        first, second = f["初审"], f["复审"]
        scores = f"初审 {first['total'] if first else '—'}，复审 {second['total'] if second else '—'}"
        print(f"{f['position']}\t{f['case_ref']}\t{f['reason']}\t{scores}")
