"""案卷评查 and retention: rounds (seeded samples of closed cases per unit and period), their files, and the
reviewers' scores (初审 then 复审), append-only; and ``purged_records``: the decision records whose
payload (request and result) was removed at the end of their retention period, with the payload's
digests (the record's hash and links stay: the chain and the Merkle checkpoints still verify).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_rounds",
        sa.Column("round_id", sa.String(40), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("unit_id", sa.String(40), nullable=True),
        sa.Column("period_from", sa.String(10), nullable=False),
        sa.Column("period_to", sa.String(10), nullable=False),
        sa.Column("seed", sa.String(100), nullable=False),
        sa.Column("per_unit", sa.Integer, nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "review_files",
        sa.Column("round_id", sa.String(40), primary_key=True),
        sa.Column("case_ref", sa.String(40), primary_key=True),
        sa.Column("unit_id", sa.String(40), nullable=False),
        sa.Column("reason", sa.String(20), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )
    op.create_table(
        "review_scores",
        sa.Column("round_id", sa.String(40), primary_key=True),
        sa.Column("case_ref", sa.String(40), primary_key=True),
        sa.Column("stage", sa.String(10), primary_key=True),
        sa.Column("reviewer", sa.String(200), nullable=False),
        sa.Column("reviewer_id", sa.String(40), nullable=False),
        sa.Column("scores", sa.Text, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "purged_records",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("decision_id", sa.String(64), nullable=False),
        sa.Column("purged_at", sa.String(40), nullable=False),
        sa.Column("actor", sa.String(200), nullable=False),
        sa.Column("request_sha256", sa.String(80), nullable=False),
        sa.Column("result_sha256", sa.String(80), nullable=False),
        sa.Column("retention", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("purged_records")
    op.drop_table("review_scores")
    op.drop_table("review_files")
    op.drop_table("review_rounds")
