"""API keys: ``lgk_<key id>_<secret>``, shown once; only the secret's SHA-256 is stored.

The secret is 32 random bytes, so a plain SHA-256 suffices (no password stretching is needed
for keys nobody chose); lookups go by key id and compare digests in constant time. A key that
authenticated is remembered for ``CACHE_SECONDS`` (one database round trip less per request);
a revocation therefore takes effect at once in the process that made it and within that time in
the other workers.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update

from .ledger import utc_now
from .roles import Role
from .schema import api_keys

PREFIX = "lgk_"
CACHE_SECONDS = 10.0


@dataclass(frozen=True)
class KeyHolder:
    key_id: str
    name: str
    role: Role
    holder_id: str  # the identity: records belong to it, whichever of its keys made them


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    name: str
    role: Role
    created_at: str
    revoked_at: str | None
    holder_id: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_key(token: str) -> tuple[str, str] | None:
    if not token.startswith(PREFIX):
        return None
    key_id, sep, secret = token[len(PREFIX) :].partition("_")
    if not sep or not key_id or not secret:
        return None
    return key_id, secret


class KeyStore:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._cache: dict[str, tuple[KeyHolder, float]] = {}  # full key's digest → holder, expiry
        self._lock = threading.Lock()

    def create(self, name: str, role: Role, *, same_as: str | None = None) -> tuple[KeyHolder, str]:
        """A new key; returns the holder and the full key text (the only time it is known).

        The key belongs to a new identity, or with ``same_as`` (a key id) to that key's holder: a
        person's second key then sees the records of the first. A name alone never joins two keys."""
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            holder_id = key_id
            if same_as is not None:
                found = conn.execute(
                    select(api_keys.c.holder_id).where(api_keys.c.key_id == same_as)
                ).scalar_one_or_none()
                if found is None:
                    raise KeyError(same_as)
                holder_id = str(found)
            conn.execute(
                insert(api_keys).values(
                    key_id=key_id,
                    name=name,
                    role=role.value,
                    secret_sha256=_digest(secret),
                    created_at=utc_now(),
                    holder_id=holder_id,
                )
            )
        return KeyHolder(key_id, name, role, holder_id), f"{PREFIX}{key_id}_{secret}"

    def keys_of(self, holder_id: str) -> list[str]:
        """The key ids of one holder (revoked ones included: their records stay the holder's)."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(api_keys.c.key_id).where(api_keys.c.holder_id == holder_id))
            return sorted(str(r[0]) for r in rows)

    def authenticate(self, token: str) -> KeyHolder | None:
        parts = split_key(token)
        if parts is None:
            return None
        token_digest = _digest(token)
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(token_digest)
        if cached is not None and cached[1] > now:
            return cached[0]
        holder = self._lookup(*parts)
        with self._lock:
            if len(self._cache) > 10_000:  # bounded
                self._cache.clear()
            if holder is not None:
                self._cache[token_digest] = (holder, now + CACHE_SECONDS)
            else:
                self._cache.pop(token_digest, None)
        return holder

    def _lookup(self, key_id: str, secret: str) -> KeyHolder | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(api_keys).where(api_keys.c.key_id == key_id)).first()
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.secret_sha256, _digest(secret)):
            return None
        return KeyHolder(row.key_id, row.name, Role(row.role), row.holder_id)

    def list(self) -> list[KeyInfo]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(api_keys).order_by(api_keys.c.created_at))
            return [
                KeyInfo(r.key_id, r.name, Role(r.role), r.created_at, r.revoked_at, r.holder_id) for r in rows
            ]

    def revoke(self, key_id: str) -> bool:
        with self.engine.begin() as conn:
            done = conn.execute(
                update(api_keys)
                .where(api_keys.c.key_id == key_id, api_keys.c.revoked_at.is_(None))
                .values(revoked_at=utc_now())
            )
        with self._lock:
            self._cache.clear()
        return done.rowcount > 0
