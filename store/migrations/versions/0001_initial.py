"""Initial store: ledger (chain head, active rule set), records, rule sets, activations, API keys.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

GENESIS = "sha256:" + "0" * 64


def upgrade() -> None:
    ledger = op.create_table(
        "ledger",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("head_seq", sa.BigInteger, nullable=False),
        sa.Column("head_hash", sa.String(80), nullable=False),
        sa.Column("ruleset_digest", sa.String(80), nullable=True),
        sa.Column("ruleset_generation", sa.Integer, nullable=False),
    )
    op.bulk_insert(
        ledger,
        [{"id": 1, "head_seq": 0, "head_hash": GENESIS, "ruleset_digest": None, "ruleset_generation": 0}],
    )
    op.create_table(
        "records",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("decision_id", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("key_id", sa.String(40), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("case_id", sa.String(200), nullable=True),
        sa.Column("jurisdiction", sa.String(100), nullable=False),
        sa.Column("as_of", sa.String(10), nullable=False),
        sa.Column("ruleset_digest", sa.String(80), nullable=False),
        sa.Column("executor", sa.String(20), nullable=False),
        sa.Column("fingerprint", sa.String(40), nullable=False),
        sa.Column("request", sa.Text, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(80), nullable=False),
        sa.Column("hash", sa.String(80), nullable=False),
    )
    op.create_index("ix_records_actor_seq", "records", ["actor", "seq"])
    op.create_index("ix_records_case_id", "records", ["case_id"])
    op.create_index("ix_records_fingerprint", "records", ["fingerprint"])
    op.create_table(
        "rulesets",
        sa.Column("digest", sa.String(80), primary_key=True),
        sa.Column("bundle", sa.Text, nullable=False),
        sa.Column("packs", sa.Text, nullable=False),
        sa.Column("stored_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "ruleset_activations",
        sa.Column("generation", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("digest", sa.String(80), nullable=False),
        sa.Column("activated_at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
    )
    op.create_table(
        "api_keys",
        sa.Column("key_id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("secret_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("revoked_at", sa.String(40), nullable=True),
    )


def downgrade() -> None:
    for table in ("api_keys", "ruleset_activations", "rulesets", "records", "ledger"):
        op.drop_table(table)
