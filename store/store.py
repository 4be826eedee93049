"""One object for the API's persistence: the engine, migrated, and the stores over it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine

from . import migrate
from .case_events import EventStore
from .cases import CaseStore
from .casework import CaseWork
from .db import display_url, make_engine, normalize_url
from .idempotency import IdempotencyStore
from .keys import KeyStore
from .records import RecordStore
from .review_store import ReviewStore
from .rulesets import RuleSetStore
from .units import UnitStore


@dataclass
class Store:
    url: str
    engine: Engine
    records: RecordStore
    rulesets: RuleSetStore
    keys: KeyStore
    units: UnitStore
    cases: CaseStore
    events: EventStore
    casework: CaseWork
    idempotency: IdempotencyStore
    reviews: ReviewStore

    @classmethod
    def open(cls, url: str, *, upgrade: bool = True, pool_size: int = 5) -> Store:
        """Connect, and bring the schema up to date (idempotent; safe with several processes)."""
        engine = make_engine(url, pool_size=pool_size)
        if upgrade:
            migrate.upgrade(engine)
        cases, events = CaseStore(engine), EventStore(engine)
        return cls(
            normalize_url(url),
            engine,
            RecordStore(engine),
            RuleSetStore(engine),
            KeyStore(engine),
            UnitStore(engine),
            cases,
            events,
            CaseWork(engine, cases, events),
            IdempotencyStore(engine),
            ReviewStore(engine, cases, events),
        )

    @property
    def display_url(self) -> str:
        return display_url(self.url)

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()
