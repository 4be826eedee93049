"""Persistence of the API: decision records (hash chain), rule sets by digest, API keys.

SQLAlchemy Core over SQLite (embedded default, WAL) or PostgreSQL; the schema is migrated by
Alembic from ``migrations/``, which ships inside the package.
"""

from .store import Store

__all__ = ["Store"]
