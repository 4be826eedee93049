"""Signed checkpoints catch what the chain alone cannot: a rewrite of the tail together with the head."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import update

from store import ledger
from store.chain import record_hash
from store.schema import records

from .conftest import Api
from .test_triage import SMALL


def lexgate(api: Api, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LEXGATE_DATABASE_URL": api.settings.database_url}
    command = [sys.executable, "-m", "cli", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, check=False)


def rewrite_tail_and_head(api: Api, seq: int) -> None:
    """What someone with write access to the database does to change a record without a trace in the
    chain: edit it, recompute its hash and every later one, and move the head."""
    with api.store.engine.begin() as conn:
        rows = [dict(r._mapping) for r in conn.execute(records.select().order_by(records.c.seq))]
        prev = rows[seq - 2]["hash"] if seq > 1 else "sha256:" + "0" * 64
        for row in rows[seq - 1 :]:
            if row["seq"] == seq:
                result = json.loads(row["result"])
                result["decisions"]["legal_review"]["outcome"] = "not_required"
                row["result"] = json.dumps(result, ensure_ascii=False)
            row["prev_hash"] = prev
            row["hash"] = prev = record_hash(row)
            values = {"result": row["result"], "prev_hash": row["prev_hash"], "hash": row["hash"]}
            conn.execute(update(records).where(records.c.seq == row["seq"]).values(**values))
        ledger.write_head(conn, rows[-1]["seq"], prev)


def test_a_rewritten_tail_and_head_passes_the_chain_but_not_the_checkpoints(api: Api, tmp_path: Path) -> None:
    key, log = tmp_path / "signing.pem", tmp_path / "checkpoints.jsonl"
    made = lexgate(api, "records", "keygen", "--out", str(key))
    assert made.returncode == 0, made.stderr
    public = tmp_path / "public.pem"
    public.write_text(made.stdout, encoding="utf-8")
    for round_ in range(2):  # two checkpoints: 3 records, then 5
        for _ in range(3 if round_ == 0 else 2):
            assert api.client.post("/v1/triage", json=SMALL, headers=api.headers()).status_code == 200
        signed = lexgate(api, "records", "checkpoint", "--key", str(key), "--file", str(log))
        assert signed.returncode == 0, signed.stderr
    assert [json.loads(line)["size"] for line in log.read_text().splitlines()] == [3, 5]
    verify = ["records", "verify", "--checkpoints", str(log), "--public-key", str(public)]
    intact = lexgate(api, *verify)
    assert intact.returncode == 0, intact.stdout + intact.stderr
    assert "与全部 2 个已签名的检查点一致" in intact.stdout

    rewrite_tail_and_head(api, 4)
    chain_only = lexgate(api, "records", "verify")
    assert chain_only.returncode == 0, chain_only.stdout  # the limit the checkpoints are for
    caught = lexgate(api, *verify)
    assert caught.returncode == 1, caught.stdout
    assert "第 2 个检查点（5 条记录" in caught.stdout and "被改写" in caught.stdout
    assert "第 1 个检查点" not in caught.stdout  # the first three records are untouched

    rewrite_tail_and_head(api, 2)
    caught = lexgate(api, *verify)
    assert "第 1 个检查点（3 条记录" in caught.stdout


def test_a_forged_checkpoint_file_is_caught_by_the_trusted_key(api: Api, tmp_path: Path) -> None:
    key, other, log = tmp_path / "signing.pem", tmp_path / "other.pem", tmp_path / "checkpoints.jsonl"
    public = tmp_path / "public.pem"
    public.write_text(lexgate(api, "records", "keygen", "--out", str(key)).stdout, encoding="utf-8")
    lexgate(api, "records", "keygen", "--out", str(other))
    assert api.client.post("/v1/triage", json=SMALL, headers=api.headers()).status_code == 200
    lexgate(api, "records", "checkpoint", "--key", str(other), "--file", str(log))  # the wrong key
    caught = lexgate(api, "records", "verify", "--checkpoints", str(log), "--public-key", str(public))
    assert caught.returncode == 1 and "签名无效" in caught.stdout
