"""Signed checkpoints catch what the chain alone cannot: a rewrite of the tail together with the head."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from sqlalchemy import update

from api.checkpointer import Checkpointer
from store import ledger
from store.chain import record_hash
from store.checkpoints import CheckpointLog, generate_key
from store.merkle import leaf_data, leaf_hash, verify_consistency, verify_inclusion
from store.schema import records
from tests.cli_in_process import lexgate as run_lexgate

from .conftest import Api, make_api
from .test_triage import SMALL


def lexgate(api: Api, *args: str) -> subprocess.CompletedProcess[str]:
    return run_lexgate(*args, env={"LEXGATE_DATABASE_URL": api.settings.database_url})


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


def test_the_service_signs_checkpoints_and_serves_proofs_an_auditor_checks_offline(
    database_url: str, tmp_path: Path
) -> None:
    key, log = tmp_path / "signing.pem", tmp_path / "checkpoints.jsonl"
    generate_key(key)
    # the service's own checkpoints are not due during this test: it writes them itself, deterministically
    settings = {
        "checkpoint_key": key,
        "checkpoint_file": log,
        "checkpoint_every": 1000,
        "checkpoint_seconds": 3600,
    }
    with make_api(database_url, **settings) as api:
        ids = [
            api.client.post("/v1/triage", json=SMALL, headers=api.headers()).json()["decision_id"]
            for _ in range(4)
        ]
        checker: Checkpointer = api.client.app.state.lexgate.checkpointer  # type: ignore[attr-defined]
        assert checker.due(1000, 0, None) and not checker.due(4, 0, None)
        assert CheckpointLog(log).append_if_grown(checker.key, checker.leaves) is not None
        listed = api.client.get("/v1/records/checkpoints", headers=api.headers("auditor")).json()
        assert listed["configured"] and [c["size"] for c in listed["checkpoints"]] == [4]
        checkpoint = CheckpointLog(log).read()[-1]
        assert checkpoint.signature_ok()
        for decision_id in ids:
            proof = api.client.get(f"/v1/records/{decision_id}/proof", headers=api.headers()).json()
            assert proof["checkpoint"]["root"] == checkpoint.root == proof["root"]
            leaf = leaf_hash(leaf_data(proof["leaf"]))
            steps = [bytes.fromhex(p) for p in proof["proof"]]
            assert verify_inclusion(proof["leaf_index"], 4, leaf, steps, bytes.fromhex(checkpoint.root))
        for _ in range(2):
            api.client.post("/v1/triage", json=SMALL, headers=api.headers())
        CheckpointLog(log).append_if_grown(checker.key, checker.leaves)
        later = CheckpointLog(log).read()[-1]
        got = api.client.get(
            "/v1/records/checkpoints/consistency?first=4&second=6", headers=api.headers("auditor")
        ).json()
        steps = [bytes.fromhex(p) for p in got["proof"]]
        assert verify_consistency(4, 6, bytes.fromhex(checkpoint.root), bytes.fromhex(later.root), steps)
        bad = api.client.get(
            "/v1/records/checkpoints/consistency?first=5&second=9", headers=api.headers("auditor")
        )
        assert bad.status_code == 422


def test_the_running_service_writes_a_checkpoint_after_n_records(database_url: str, tmp_path: Path) -> None:
    key, log = tmp_path / "signing.pem", tmp_path / "checkpoints.jsonl"
    generate_key(key)
    settings = {"checkpoint_key": key, "checkpoint_file": log, "checkpoint_every": 2}
    with make_api(database_url, **settings) as api:
        for _ in range(2):
            assert api.client.post("/v1/triage", json=SMALL, headers=api.headers()).status_code == 200
        for _ in range(300):  # bounded wait for the background task (it looks once a second)
            if CheckpointLog(log).read():
                break
            time.sleep(0.1)
        written = CheckpointLog(log).read()
    assert [c.size for c in written] == [2]
    assert written[0].signature_ok()
