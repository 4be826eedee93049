"""``lexgate units`` and ``lexgate cases`` over the same store the API uses."""

from __future__ import annotations

from typer.testing import CliRunner

from cli import app
from store.keys import split_key
from tests.cli_in_process import lexgate

from .cases_setup import open_case, triage, triage_body
from .conftest import make_api

runner = CliRunner()


def test_units_are_set_up_from_the_command_line_and_cases_listed_and_verified(database_url: str) -> None:
    db = ["--database", database_url]
    root = runner.invoke(app, ["units", "create", "宿迁市市场监督管理局", *db])
    assert root.exit_code == 0, root.output
    city = root.output.strip()
    district = runner.invoke(app, ["units", "create", "宿城分局", "--parent", city, *db]).output.strip()
    missing = runner.invoke(app, ["units", "create", "某所", "--parent", "u-nothing", *db])
    assert missing.exit_code == 2 and "没有编号为 u-nothing 的执法单位" in missing.output
    with make_api(database_url) as api:
        parts = split_key(api.keys["handler"])
        assert parts is not None
        assigned = runner.invoke(app, ["units", "assign", "--key", parts[0], "--unit", district, *db])
        assert assigned.exit_code == 0 and "宿迁市市场监督管理局 / 宿城分局" in assigned.output
        nobody = runner.invoke(app, ["units", "assign", "--key", "nokey", "--unit", district, *db])
        assert nobody.exit_code == 2
        api.store.units._cache.clear()  # the CLI ran in this process but through another store
        case = open_case(api)
        triage(api, triage_body())
        api.client.post(f"/v1/cases/{case['case_ref']}/stage", json={"stage": "决定"}, headers=api.headers())
    listed = runner.invoke(app, ["units", "list", *db])
    assert listed.exit_code == 0
    lines = listed.output.splitlines()
    assert lines[0].startswith(city) and lines[1].startswith(f"  {district}") and parts[0] in lines[1]
    cases = runner.invoke(app, ["cases", "list", "-q", "57号", *db])
    assert cases.exit_code == 0 and case["case_ref"] in cases.output and "决定" in cases.output
    register = runner.invoke(app, ["cases", "register", *db])
    assert (
        register.exit_code == 0 and "截止 2026-10-15" in register.output and "逾期未公示" in register.output
    )
    verified = runner.invoke(app, ["cases", "verify", *db])
    assert verified.exit_code == 0 and "3 条事件" in verified.output  # opened, stage, register
    # the decision records' own check (its command leaves its store open: closed when it returns)
    records = lexgate("records", "verify", *db)
    assert records.returncode == 0, records.stderr
