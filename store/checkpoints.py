"""Signed checkpoints of the decision records: tree heads anchored outside the database.

A checkpoint is the Merkle tree head of the first ``size`` records (``store.merkle``): its ``root``,
the time, and an Ed25519 signature by a key kept outside the database (a PEM file, ``lexgate records
keygen``). Checkpoints are appended to a file, one JSON object a line, never rewritten; copy the file
(or its last line) somewhere the database's administrators cannot write — a ticket, a mail, another
host — and whoever rewrites records *and* the chain's head is caught: the records no longer give the
roots that were signed (``lexgate records verify --checkpoints FILE``).

The signed text is ``lexgate-checkpoint/v1\\n<size>\\n<root hex>\\n<time>\\n``.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy import Engine, select

from . import ledger as ledger_row
from .merkle import (
    consistency_proof,
    inclusion_proof,
    leaf_data,
    leaf_hash,
    root_of_hashes,
    roots_at,
    verify_consistency,
)
from .schema import records

FORMAT = "lexgate-checkpoint/v1"


@dataclass(frozen=True)
class Checkpoint:
    size: int
    root: str  # hex
    time: str  # UTC ISO 8601
    public_key: str  # base64 of the raw Ed25519 public key (32 bytes)
    signature: str  # base64

    def signed_text(self) -> bytes:
        return f"{FORMAT}\n{self.size}\n{self.root}\n{self.time}\n".encode()

    @property
    def key_fingerprint(self) -> str:
        return "ed25519:" + hashlib.sha256(base64.b64decode(self.public_key)).hexdigest()[:16]

    def signature_ok(self, trusted: Ed25519PublicKey | None = None) -> bool:
        key = trusted or Ed25519PublicKey.from_public_bytes(base64.b64decode(self.public_key))
        try:
            key.verify(base64.b64decode(self.signature), self.signed_text())
        except (InvalidSignature, ValueError):
            return False
        return True


def generate_key(path: Path) -> Ed25519PublicKey:
    """A new signing key, written to ``path`` (mode 0600; refuses to overwrite)."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    return key.public_key()


def load_private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} 不是 Ed25519 私钥")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A public key (PEM), or the public half of a private key file."""
    data = path.read_bytes()
    if b"PRIVATE KEY" in data:
        return load_private_key(path).public_key()
    key = serialization.load_pem_public_key(data)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError(f"{path} 不是 Ed25519 公钥")
    return key


def public_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()


def sign(key: Ed25519PrivateKey, size: int, root: bytes, time: str) -> Checkpoint:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    unsigned = Checkpoint(size, root.hex(), time, base64.b64encode(raw).decode(), "")
    signature = base64.b64encode(key.sign(unsigned.signed_text())).decode()
    return Checkpoint(size, unsigned.root, time, unsigned.public_key, signature)


class Leaves:
    """The records' hashes as Merkle leaf hashes, read in ``seq`` order."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def read(self, size: int | None = None) -> list[bytes]:
        query = select(records.c.hash).order_by(records.c.seq)
        if size is not None:
            query = query.limit(size)
        with self.engine.connect() as conn:
            return [leaf_hash(leaf_data(h)) for (h,) in conn.execute(query.execution_options(yield_per=5000))]

    def head_size(self) -> int:
        with self.engine.connect() as conn:
            return ledger_row.read(conn).head_seq

    def seq_of(self, decision_id: str) -> int | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(records.c.seq).where(records.c.decision_id == decision_id)).first()
        return int(found[0]) if found else None

    def inclusion(self, seq: int, size: int) -> tuple[bytes, list[bytes]]:
        """The root of the first ``size`` records and the inclusion proof of record ``seq``."""
        hashes = self.read(size)
        return root_of_hashes(hashes), inclusion_proof(seq - 1, hashes)

    def consistency(self, first: int, second: int) -> list[bytes]:
        return consistency_proof(first, self.read(second))


class CheckpointLog:
    """The append-only checkpoint file (JSON lines). Appends hold an exclusive ``flock``, so several
    workers never interleave lines, and each is flushed to disk before it counts."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> list[Checkpoint]:
        if not self.path.exists():
            return []
        out = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(Checkpoint(**json.loads(line)))
        return out

    @contextmanager
    def _locked(self) -> Iterator[int]:
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield fd
        finally:
            os.close(fd)

    def append_if_grown(
        self, key: Ed25519PrivateKey, leaves: Leaves, min_growth: int = 1
    ) -> Checkpoint | None:
        """A new checkpoint when the records grew by ``min_growth`` since the last one (else None)."""
        with self._locked() as fd:
            known = self.read()
            last = known[-1].size if known else 0
            hashes = leaves.read()
            if len(hashes) - last < max(min_growth, 1):
                return None
            checkpoint = sign(key, len(hashes), root_of_hashes(hashes), ledger_row.utc_now())
            os.write(fd, (json.dumps(asdict(checkpoint), ensure_ascii=False) + "\n").encode())
            os.fsync(fd)
            return checkpoint


def check(
    checkpoints: list[Checkpoint], hashes: list[bytes], trusted: Ed25519PublicKey | None = None
) -> list[str]:
    """What does not hold between the signed checkpoints and the records' leaf hashes (empty: all do)."""
    problems: list[str] = []
    roots = roots_at(hashes, [c.size for c in checkpoints])
    previous: Checkpoint | None = None
    for number, checkpoint in enumerate(checkpoints, 1):
        label = f"第 {number} 个检查点（{checkpoint.size} 条记录，{checkpoint.time}）"
        if not checkpoint.signature_ok(trusted):
            problems.append(f"{label}的签名无效：检查点文件被改动，或不是用所信任的密钥签名的")
            continue
        if checkpoint.size > len(hashes):
            problems.append(f"{label}：数据库中只有 {len(hashes)} 条记录，已签名的记录缺失")
        elif roots[checkpoint.size].hex() != checkpoint.root:
            problems.append(
                f"{label}：前 {checkpoint.size} 条记录的 Merkle 根与签名的根不符，"
                "这些记录（连同链头）在该检查点之后被改写"
            )
        if previous is not None and checkpoint.size < previous.size:
            problems.append(f"{label}比前一个检查点的记录还少：检查点文件被改动")
        elif previous is not None and previous.size > 0 and checkpoint.size <= len(hashes):
            proof = consistency_proof(previous.size, hashes[: checkpoint.size])
            old, new = bytes.fromhex(previous.root), bytes.fromhex(checkpoint.root)
            if not verify_consistency(previous.size, checkpoint.size, old, new, proof):
                problems.append(f"{label}与前一个检查点不一致：前一个检查点之前的记录被改写")
        previous = checkpoint
    return problems
