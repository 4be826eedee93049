"""Alembic migrations of the store (run by ``store.migrate.upgrade``, never by hand-edited SQL)."""
