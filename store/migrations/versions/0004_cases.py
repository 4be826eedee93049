"""Cases: 执法单位 and their members, case files, case events (own hash chain), a record's unit.

Existing records keep their hash: ``unit_id`` is NULL for them and the chain hashes it only when set.

Revision ID: 0004
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0002"
branch_labels = None
depends_on = None

GENESIS = "sha256:" + "0" * 64


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("unit_id", sa.String(40), nullable=True))
    op.create_index("ix_records_unit_case", "records", ["unit_id", "case_id"])
    op.create_table(
        "units",
        sa.Column("unit_id", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("parent_id", sa.String(40), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "unit_members",
        sa.Column("key_id", sa.String(40), primary_key=True),
        sa.Column("unit_id", sa.String(40), nullable=False),
        sa.Column("assigned_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "cases",
        sa.Column("case_ref", sa.String(40), primary_key=True),
        sa.Column("unit_id", sa.String(40), nullable=False),
        sa.Column("case_no", sa.String(200), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("party", sa.String(200), nullable=False),
        sa.Column("field", sa.String(100), nullable=False),
        sa.Column("handler", sa.String(200), nullable=False),
        sa.Column("stage", sa.String(20), nullable=False),
        sa.Column("eval_token", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.UniqueConstraint("unit_id", "case_no", name="uq_cases_unit_case_no"),
    )
    op.create_table(
        "case_events",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("event_id", sa.String(40), nullable=False, unique=True),
        sa.Column("case_ref", sa.String(40), nullable=False),
        sa.Column("unit_id", sa.String(40), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(80), nullable=False),
        sa.Column("hash", sa.String(80), nullable=False),
    )
    op.create_index("ix_case_events_case_seq", "case_events", ["case_ref", "seq"])
    op.create_index("ix_case_events_unit_kind", "case_events", ["unit_id", "kind"])
    head = op.create_table(
        "case_event_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("head_seq", sa.BigInteger, nullable=False),
        sa.Column("head_hash", sa.String(80), nullable=False),
    )
    op.bulk_insert(head, [{"id": 1, "head_seq": 0, "head_hash": GENESIS}])


def downgrade() -> None:
    for table in ("case_event_head", "case_events", "cases", "unit_members", "units"):
        op.drop_table(table)
    op.drop_index("ix_records_unit_case", "records")
    with op.batch_alter_table("records") as batch:
        batch.drop_column("unit_id")
