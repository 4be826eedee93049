"""Rule sets by digest (every one ever activated is kept) and which one is active.

The active digest and a generation counter live in the ledger row, so that activating a rule set
and appending records are serialized by the same lock: each record is made under the rule set in
force when it was committed, and every worker notices a new generation on its next request.
A stored rule set is loaded back by writing its bundle to a temporary directory and running the
ordinary loader; the digest it computes must equal the digest it was stored under.
"""

from __future__ import annotations

import json
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, insert, select

from engine import RuleSet, load_ruleset

from . import ledger as ledger_row
from .chain import canonical_json
from .db import write_transaction
from .schema import activations, rulesets

CACHE_SIZE = 8  # rule sets kept loaded per process (replays of old records reuse them)


class StoredRuleSetInvalid(Exception):
    """A stored bundle no longer yields its digest: the rule-set table was altered."""


@dataclass(frozen=True)
class Activation:
    digest: str
    generation: int
    previous_digest: str | None
    changed: bool


class RuleSetStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._cache: OrderedDict[str, RuleSet] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, ruleset: RuleSet) -> None:
        """Keep an already loaded rule set in the cache (saves reloading it from its bundle)."""
        with self._lock:
            self._cache[ruleset.digest] = ruleset
            self._cache.move_to_end(ruleset.digest)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    def active(self) -> tuple[str | None, int]:
        with self.engine.connect() as conn:
            head = ledger_row.read(conn)
        return head.ruleset_digest, head.ruleset_generation

    def activate(self, ruleset: RuleSet, actor: str, *, only_if_none: bool = False) -> Activation:
        """Store ``ruleset`` (if new) and make it the active one; a no-op when it already is.

        ``only_if_none``: activate only a database that has no active rule set yet (first start)."""
        with write_transaction(self.engine) as conn:
            head = ledger_row.read(conn, lock=True)
            previous = head.ruleset_digest
            if previous == ruleset.digest or (only_if_none and previous is not None):
                return Activation(previous or ruleset.digest, head.ruleset_generation, previous, False)
            known = conn.execute(select(rulesets.c.digest).where(rulesets.c.digest == ruleset.digest)).first()
            now = ledger_row.utc_now()
            if known is None:
                packs = sorted(p.ref for p in ruleset.packs.values())
                conn.execute(
                    insert(rulesets).values(
                        digest=ruleset.digest,
                        bundle=canonical_json(dict(ruleset.bundle)),
                        packs=canonical_json(packs),
                        stored_at=now,
                    )
                )
            generation = head.ruleset_generation + 1
            ledger_row.write_ruleset(conn, ruleset.digest, generation)
            conn.execute(
                insert(activations).values(
                    generation=generation, digest=ruleset.digest, activated_at=now, actor=actor
                )
            )
        self.remember(ruleset)
        return Activation(ruleset.digest, generation, previous, True)

    def load(self, digest: str) -> RuleSet:
        """The rule set stored under ``digest``; raises KeyError when there is none."""
        with self._lock:
            cached = self._cache.get(digest)
        if cached is not None:
            return cached
        with self.engine.connect() as conn:
            row = conn.execute(select(rulesets.c.bundle).where(rulesets.c.digest == digest)).first()
        if row is None:
            raise KeyError(digest)
        bundle: dict[str, str] = json.loads(row.bundle)
        with tempfile.TemporaryDirectory(prefix="lexgate-ruleset-") as tmp:
            root = Path(tmp)
            for rel, text in bundle.items():
                path = root / rel
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            ruleset = load_ruleset(root, display_root=root)
        if ruleset.digest != digest:
            raise StoredRuleSetInvalid(
                f"数据库中摘要为 {digest} 的规则集内容已被改动（现在的摘要是 {ruleset.digest}）"
            )
        self.remember(ruleset)
        return ruleset

    def matching(self, prefix: str) -> list[str]:
        """Stored digests that start with ``prefix`` (``sha256:`` may be left out)."""
        wanted = prefix if prefix.startswith("sha256:") else "sha256:" + prefix
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(rulesets.c.digest).where(rulesets.c.digest.startswith(wanted, autoescape=True))
            )
            return sorted(str(r.digest) for r in rows)

    def stored(self) -> list[tuple[str, str]]:
        """Every stored rule set: (digest, when it was stored), newest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(rulesets.c.digest, rulesets.c.stored_at).order_by(rulesets.c.stored_at.desc())
            )
            return [(str(r.digest), str(r.stored_at)) for r in rows]

    def history(self) -> list[dict[str, object]]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(activations).order_by(activations.c.generation.desc()))
            return [dict(r._mapping) for r in rows]
