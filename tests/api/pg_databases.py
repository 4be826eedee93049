"""The PostgreSQL databases of the API tests: copies of one migrated template, recycled within a worker.

A fresh copy (``CREATE DATABASE … TEMPLATE``) costs the server about 65 ms of CPU and dropping it about 48 ms
more, a forced checkpoint included: for the ≈ 160 PostgreSQL tests of a run, about 18 s of the server's CPU
(bench/README.md). So a database a test is done with is put back into the template's state instead — its
connections ended, its rows deleted, the migrations' own rows and every sequence restored — and the next
test of the same worker gets it. It is put back only if it then provably holds what the template holds: one
fingerprint of the schema (tables, columns, indexes, constraints, triggers, functions, schemas), of every
table's rows and of every sequence must equal the template's. A test that changed anything the reset does not
undo (a migration test, say) gets its database dropped, as before.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

ADMIN_URL = os.environ.get("LEXGATE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
PREFIX = "lexgate_t_"  # lexgate_t_<pid>_<n>: the pid tells a killed run's leftovers (drop_leftovers)
_names = itertools.count()

# Everything a test could change in a database's definition, one line per object, in one order.
_SCHEMA = """
SELECT coalesce(string_agg(line, E'\\n' ORDER BY line), '') FROM (
  SELECT format('rel %s.%s %s %s:%s:%s:%s', n.nspname, c.relname, c.relkind, a.attname,
                format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid)) AS line
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
   WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_t%'
  UNION ALL SELECT format('idx %s', indexdef) FROM pg_indexes
   WHERE schemaname NOT IN ('pg_catalog', 'information_schema')
  UNION ALL SELECT format('con %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
    FROM pg_constraint
   WHERE connamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
  UNION ALL SELECT format('trg %s %s', tgrelid::regclass, tgname) FROM pg_trigger WHERE NOT tgisinternal
  UNION ALL SELECT format('fn %s', p.oid::regprocedure) FROM pg_proc p
   WHERE p.pronamespace NOT IN ('pg_catalog'::regnamespace, 'information_schema'::regnamespace)
  UNION ALL SELECT format('ns %s', nspname) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%'
) AS objects
"""
_TABLES = """
SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables
 WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1
"""
_SEQUENCES = """
SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename) FROM pg_sequences
 WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1
"""


def url_of(database: str) -> str:
    return make_url(ADMIN_URL).set(database=database).render_as_string(hide_password=False)


def _row(conn: psycopg.Connection[tuple[Any, ...]], query: sql.Composable | str) -> tuple[Any, ...]:
    found = conn.execute(query).fetchone()
    assert found is not None, f"no row from {query!r}"
    return found


def admin(statement: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(statement.encode())


@dataclass(frozen=True)
class Contents:
    """What a database holds, in the terms the reset restores: the rows of its tables (as JSON), the state of
    its sequences, and the fingerprint of schema, rows and sequences together."""

    rows: dict[str, str]  # table → json_agg of its rows (only tables that hold any)
    sequences: dict[str, tuple[int, bool]]  # sequence → (last_value, is_called)
    fingerprint: str

    @classmethod
    def read(cls, conn: psycopg.Connection[tuple[Any, ...]]) -> Contents:
        tables = [str(r[0]) for r in conn.execute(_TABLES)]
        rows: dict[str, str] = {}
        parts = [str(_row(conn, _SCHEMA)[0])]
        for table in tables:
            held = _row(
                conn, sql.SQL("SELECT json_agg(t ORDER BY t::text)::text FROM {} AS t").format(sql.SQL(table))
            )[0]
            if held is not None:
                rows[table] = str(held)
            parts.append(f"{table} {held}")
        sequences: dict[str, tuple[int, bool]] = {}
        for (sequence,) in conn.execute(_SEQUENCES).fetchall():
            value, called = _row(
                conn, sql.SQL("SELECT last_value, is_called FROM {}").format(sql.SQL(str(sequence)))
            )
            sequences[str(sequence)] = (int(value), bool(called))
            parts.append(f"{sequence} {value} {called}")
        return cls(rows, sequences, "\n".join(parts))


class Databases:
    """One worker's databases: copies of ``template`` (migrated), handed out fresh or reset."""

    def __init__(self, template: str) -> None:
        self.template = template
        with psycopg.connect(url_of(template)) as conn:
            self.contents = Contents.read(conn)
        self._spare: list[str] = []
        self._made: set[str] = set()

    def take(self) -> str:
        """A database in the template's state (a reset one if there is one); returns its name."""
        if self._spare:
            return self._spare.pop()
        name = f"{PREFIX}{os.getpid()}_{next(_names)}"
        admin(f"CREATE DATABASE {name} TEMPLATE {self.template}")
        self._made.add(name)
        return name

    def give_back(self, name: str) -> None:
        """Reset ``name`` for the next test, or drop it if it cannot be shown to equal the template."""
        if self._reset(name):
            self._spare.append(name)
        else:
            self._made.discard(name)
            admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def close(self) -> None:
        for name in sorted(self._made):
            admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self._made.clear()
        self._spare.clear()

    def _reset(self, name: str) -> bool:
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:  # the test's servers and stores are gone
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        try:
            with psycopg.connect(url_of(name)) as conn:
                for (table,) in conn.execute(_TABLES).fetchall():
                    conn.execute(sql.SQL("DELETE FROM {}").format(sql.SQL(str(table))))
                for held, rows in self.contents.rows.items():
                    insert = "INSERT INTO {0} SELECT * FROM json_populate_recordset(NULL::{0}, %s)"
                    conn.execute(sql.SQL(insert).format(sql.SQL(held)), (rows,))
                for sequence, (value, called) in self.contents.sequences.items():
                    conn.execute("SELECT setval(%s, %s, %s)", (sequence, value, called))
                conn.commit()
                return Contents.read(conn).fingerprint == self.contents.fingerprint
        except psycopg.Error:  # a table the template lacks, a sequence gone…: not the template's state
            return False


def drop_leftovers() -> None:
    """Databases of earlier test runs that were killed before they could drop them."""
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        rows = conn.execute("SELECT datname FROM pg_database WHERE datname LIKE 'lexgate_t%'")
        names = [str(r[0]) for r in rows]
    for name in names:
        pid = name.split("_")[2]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
