"""What one app instance holds: settings, the store, the active rule set and the triage service."""

from __future__ import annotations

from dataclasses import dataclass, field

from engine import get_executor
from store import Store

from .checkpointer import Checkpointer
from .executors import single_executor
from .services.ratelimit import RateLimit
from .services.recording import TriageService
from .services.rules import ActiveRules
from .settings import BATCH_EXECUTOR, Settings


@dataclass
class AppState:
    settings: Settings
    store: Store
    rules: ActiveRules
    triage: TriageService
    # 码上评 (no key): per-client limits of reads and writes (routes/public.py)
    public_limits: dict[str, RateLimit] = field(default_factory=dict)
    checkpointer: Checkpointer | None = None

    @classmethod
    def open(cls, settings: Settings) -> AppState:
        store = Store.open(settings.database_url)
        rules = ActiveRules(store, settings.rules_dir)
        rules.start()
        service = TriageService(
            rules,
            store.records,
            single_executor(settings.executor),
            get_executor(BATCH_EXECUTOR),
            store.units,
        )
        limits = {
            "read": RateLimit(settings.public_reads_per_minute),
            "write": RateLimit(settings.public_writes_per_minute),
        }
        checkpointer = Checkpointer(settings, store) if settings.checkpoint_key is not None else None
        return cls(settings, store, rules, service, limits, checkpointer)
