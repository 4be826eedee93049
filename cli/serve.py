"""``lexgate serve``: the REST API under uvicorn, on the embedded SQLite default unless told otherwise."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from engine import EXECUTORS

from .common import EXIT_INPUT, RulesOption, die
from .store_options import DatabaseOption


def register(app: typer.Typer) -> None:
    @app.command()
    def serve(
        host: Annotated[str, typer.Option("--host", envvar="LEXGATE_HOST", help="监听地址")] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", envvar="LEXGATE_PORT", help="端口")] = 8000,
        workers: Annotated[int, typer.Option("--workers", min=1, help="工作进程数")] = 1,
        executor: Annotated[
            str | None,
            typer.Option("--executor", envvar="LEXGATE_EXECUTOR", help="单案分流的执行器（默认 durable）"),
        ] = None,
        database: DatabaseOption = None,
        rules: RulesOption = None,
    ) -> None:
        """启动 REST API（接口文档在 /docs）。"""
        import uvicorn

        from api.errors import ruleset_error
        from api.services.rules import ActiveRules
        from engine import RuleSetInvalid, default_rules_dir
        from store import Store
        from store.db import default_database_url

        if executor is not None and executor not in EXECUTORS:
            raise die(f"lexgate: 未知的执行器 '{executor}'，可选: {', '.join(EXECUTORS)}", EXIT_INPUT)
        url = database or default_database_url()
        rules_dir = Path(rules or default_rules_dir()).resolve()
        # Workers are separate processes that build the app from the environment: hand them the choices.
        os.environ["LEXGATE_DATABASE_URL"] = url
        os.environ["LEXGATE_RULES"] = str(rules_dir)
        if executor:
            os.environ["LEXGATE_EXECUTOR"] = executor
        store = Store.open(url)  # migrate once here, before the workers start
        active_rules = ActiveRules(store, rules_dir)
        try:
            active = active_rules.start()
        except RuleSetInvalid as exc:
            problems = "\n".join(
                f"  {p.location}: {p.code}: {p.message}" for p in ruleset_error(exc).body.problems
            )
            raise die(f"lexgate: 规则包无法加载，先运行 lexgate lint 查看并修正:\n{problems}", 3) from None
        for note in active_rules.notes:
            print(f"lexgate: {note}", file=sys.stderr)
        print(
            f"lexgate 已启动: http://{host}:{port}  （网页，用密钥登录；接口文档 http://{host}:{port}/docs）\n"
            f"  数据库: {store.display_url}\n  规则集: {active.ruleset.digest}（第 {active.generation} 代）\n"
            f"  工作进程: {workers}；密钥: lexgate keys create --role 办案人员 --name 姓名",
            flush=True,
        )
        store.close()
        from api.observe import log_config

        with tempfile.TemporaryDirectory(prefix="lexgate-metrics-") as samples:
            if workers > 1:  # every worker writes its metrics here; /metrics sums them (api/metrics.py)
                os.environ["PROMETHEUS_MULTIPROC_DIR"] = samples
            uvicorn.run(
                "api.app:create_app",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                log_config=log_config(os.environ.get("LEXGATE_LOG_LEVEL", "info")),
                access_log=False,  # one JSON line per request comes from lexgate itself (api/observe.py)
            )
