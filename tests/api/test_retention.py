"""Retention from the rules' 案卷归档保存 decision: purge past the period removes the payload, keeps the
chain and the signed checkpoints verifiable, and never touches a permanent record (both back ends)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from store.chain import record_hash
from store.db import write_transaction
from store.schema import purged_records, records
from tests.cli_in_process import lexgate

from .cases_setup import units
from .conftest import Api, example


def _lexgate(database_url: str, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    """The command (it opens its own connections, closed when it returns: tests/cli_in_process.py)."""
    result = lexgate(*args, "--database", database_url)
    assert result.returncode == code, result.stdout + result.stderr
    return result


def _triage(api: Api, name: str, case_no: str, *, open_case: bool, close: bool) -> str:
    if open_case:
        body = {
            "case_no": case_no,
            "title": "保存期限",
            "party": "某公司",
            "field": "价格",
            "handler": "张三",
        }
        opened = api.client.post("/v1/cases", json=body, headers=api.headers()).json()
    request = {**example(name), "case_id": case_no}
    answer = api.client.post("/v1/triage", json=request, headers=api.headers())
    assert answer.status_code == 200, answer.text
    if open_case and close:
        moved = api.client.post(
            f"/v1/cases/{opened['case_ref']}/stage", json={"stage": "结案"}, headers=api.headers()
        )
        assert moved.status_code == 200
    decision_id: str = answer.json()["decision_id"]
    return decision_id


def _rows(api: Api) -> dict[str, dict[str, Any]]:
    with api.store.engine.connect() as conn:
        return {r.decision_id: dict(r._mapping) for r in conn.execute(select(records))}


def test_purge_keeps_the_chain_and_checkpoints_and_every_permanent_record(
    api: Api, database_url: str, tmp_path: Path
) -> None:
    units(api)
    five = _triage(api, "suqian_ordinary_penalty", "保存-五年", open_case=True, close=True)  # 5 years
    permanent = _triage(api, "hengyang_major_case", "保存-永久", open_case=True, close=True)  # 重大: 永久
    loose = _triage(
        api, "suqian_ordinary_penalty", "无案卷", open_case=False, close=False
    )  # from its own day
    loose_major = _triage(api, "hengyang_major_case", "无案卷-重大", open_case=False, close=False)
    still_open = _triage(api, "suqian_ordinary_penalty", "未结案", open_case=True, close=False)
    # a case whose later triage is 重大 is kept permanently, its first (5-year) triage with it
    early = _triage(api, "suqian_ordinary_penalty", "先普通后重大", open_case=True, close=False)
    _triage(api, "hengyang_major_case", "先普通后重大", open_case=False, close=False)
    api.client.post(
        f"/v1/cases/{api.store.cases.search(None, '先普通后重大')[0].case_ref}/stage",
        json={"stage": "结案"},
        headers=api.headers(),
    )
    before = _rows(api)
    key, log = tmp_path / "signing.key", tmp_path / "checkpoints.log"
    made = lexgate("records", "keygen", "--out", str(key))
    assert made.returncode == 0, made.stderr
    _lexgate(database_url, "records", "checkpoint", "--key", str(key), "--file", str(log))

    today = dt.date.today()
    nothing = json.loads(_lexgate(database_url, "records", "purge", "--dry-run", "--json").stdout)
    assert nothing["records"] == []
    later = today.replace(year=today.year + 5) + dt.timedelta(days=1)
    listed = json.loads(
        _lexgate(database_url, "records", "purge", "--dry-run", "--json", "--as-of", later.isoformat()).stdout
    )
    assert {r["decision_id"] for r in listed["records"]} == {five, loose}
    assert all(r["class"] == "years" and r["years"] == 5 for r in listed["records"])
    assert _rows(api) == before  # a dry run changes nothing

    text = _lexgate(database_url, "records", "purge", "--as-of", later.isoformat()).stdout
    assert "已清理：2 条记录" in text
    after = _rows(api)
    for kept in (permanent, loose_major, still_open, early):
        assert after[kept] == before[kept]
    with api.store.engine.connect() as conn:
        digests = {r.decision_id: r for r in conn.execute(select(purged_records))}
    for gone in (five, loose):
        assert (
            after[gone]["request"] == "{}"
            and json.loads(after[gone]["result"])["purged"]["hash"] == before[gone]["hash"]
        )
        assert after[gone]["hash"] == before[gone]["hash"]
        original = before[gone]
        assert (
            digests[gone].request_sha256
            == "sha256:" + hashlib.sha256(original["request"].encode()).hexdigest()
        )
        assert (
            digests[gone].result_sha256 == "sha256:" + hashlib.sha256(original["result"].encode()).hexdigest()
        )
        assert (
            record_hash({**after[gone], "request": original["request"], "result": original["result"]})
            == after[gone]["hash"]
        )

    verified = _lexgate(
        database_url, "records", "verify", "--checkpoints", str(log), "--format", "json"
    ).stdout
    report = json.loads(verified)
    assert report["ok"] and report["checkpoints"]["ok"]
    again = json.loads(
        _lexgate(
            database_url,
            "records",
            "purge",
            "--json",
            "--as-of",
            later.replace(year=later.year + 50).isoformat(),
        ).stdout
    )
    assert again["records"] == []  # permanent records never expire; purged ones are not purged twice

    # the chain still catches an edit: of a kept record, and of a purged record's link
    with write_transaction(api.store.engine) as conn:
        conn.execute(update(records).where(records.c.decision_id == permanent).values(actor="某人"))
    broken = json.loads(_lexgate(database_url, "records", "verify", "--format", "json", code=1).stdout)
    assert broken["problems"][0]["decision_id"] == permanent
    with write_transaction(api.store.engine) as conn:
        conn.execute(
            update(records).where(records.c.decision_id == permanent).values(actor=before[permanent]["actor"])
        )
        conn.execute(
            update(records).where(records.c.decision_id == five).values(prev_hash="sha256:" + "1" * 64)
        )
    relinked = json.loads(_lexgate(database_url, "records", "verify", "--format", "json", code=1).stdout)
    assert relinked["problems"][0]["decision_id"] == five
