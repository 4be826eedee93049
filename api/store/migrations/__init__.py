"""Alembic migrations of the store (run by ``api.store.migrate.upgrade``, never by hand-edited SQL)."""
