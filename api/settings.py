"""The API's settings, from the environment (``lexgate serve`` options set the same variables).

=========================  =====================================================================
``LEXGATE_DATABASE_URL``   records, rule sets and keys (default: SQLite in the user's data dir)
``LEXGATE_RULES``          the rules directory loaded at first start and by a reload
``LEXGATE_EXECUTOR``       executor of single triage (default: the engine's, i.e. durable)
``LEXGATE_MAX_BODY``       largest request body in bytes (default 1 MiB) — larger: 413
``LEXGATE_MAX_BATCH``      most cases in one batch (default 500) — more: 413
``LEXGATE_PUBLIC_URL``     address the 码上评 QR code links to (default: the address the page uses)
``LEXGATE_CHECKPOINT_KEY`` Ed25519 private key (PEM) signing checkpoints; unset: no checkpoints
``LEXGATE_CHECKPOINT_FILE`` the append-only checkpoint file (JSON lines)
``LEXGATE_CHECKPOINT_EVERY`` a checkpoint after this many new records (default 1000) …
``LEXGATE_CHECKPOINT_SECONDS`` … or this many seconds after the first new record (default 60)
``LEXGATE_UNIT_NAME``      单位名称 printed on the 结论单 (default: from the case's 管辖地)
=========================  =====================================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from engine import EXECUTORS, default_rules_dir
from store.db import default_database_url

BATCH_EXECUTOR = "compiled"  # bulk work: no Rete network per case


class SettingsInvalid(ValueError):
    """A setting has a value lexgate cannot use; the message names the variable and the fix."""


def _int(name: str, default: int) -> int:
    text = os.environ.get(name)
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise SettingsInvalid(f"{name}={text!r} 应为正整数") from None
    if value <= 0:
        raise SettingsInvalid(f"{name}={text!r} 应为正整数")
    return value


def _path(name: str) -> Path | None:
    text = os.environ.get(name)
    return Path(text) if text else None


@dataclass(frozen=True)
class Settings:
    database_url: str
    rules_dir: Path
    executor: str | None = None  # None: the engine's default
    max_body_bytes: int = 1 << 20
    max_batch: int = 500
    public_url: str | None = None  # the party's way in: /e/{token} under this address
    public_reads_per_minute: int = 30  # 码上评 page and answers, per client
    public_writes_per_minute: int = 5  # 码上评 ratings, per client
    checkpoint_key: Path | None = None
    checkpoint_file: Path | None = None
    checkpoint_every: int = 1000
    checkpoint_seconds: int = 60

    def __post_init__(self) -> None:
        if (self.checkpoint_key is None) != (self.checkpoint_file is None):
            raise SettingsInvalid(
                "LEXGATE_CHECKPOINT_KEY 和 LEXGATE_CHECKPOINT_FILE 须同时设置（或都不设置）"
            )
        if self.executor is not None and self.executor not in EXECUTORS:
            raise SettingsInvalid(
                f"LEXGATE_EXECUTOR={self.executor!r} 不是已知的执行器，可选: {'、'.join(EXECUTORS)}"
            )

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            database_url=default_database_url(),
            rules_dir=default_rules_dir(),
            executor=os.environ.get("LEXGATE_EXECUTOR") or None,
            max_body_bytes=_int("LEXGATE_MAX_BODY", 1 << 20),
            max_batch=_int("LEXGATE_MAX_BATCH", 500),
            public_url=os.environ.get("LEXGATE_PUBLIC_URL") or None,
            checkpoint_key=_path("LEXGATE_CHECKPOINT_KEY"),
            checkpoint_file=_path("LEXGATE_CHECKPOINT_FILE"),
            checkpoint_every=_int("LEXGATE_CHECKPOINT_EVERY", 1000),
            checkpoint_seconds=_int("LEXGATE_CHECKPOINT_SECONDS", 60),
        )


def unit_name(jurisdiction: str) -> str:
    """The 单位名称 of the 结论单: ``LEXGATE_UNIT_NAME``, or the market-regulation bureau of the case's
    管辖地 (江西省宜春市 → 江西省宜春市市场监督管理局)."""
    configured = os.environ.get("LEXGATE_UNIT_NAME", "").strip()
    if configured:
        return configured
    return "市场监督管理部门" if jurisdiction == "全国" else f"{jurisdiction}市场监督管理局"
