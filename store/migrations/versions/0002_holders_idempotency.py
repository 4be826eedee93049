"""Key holders (records belong to an identity, not to a name) and idempotency keys.

``api_keys.holder_id``: the identity a key belongs to; the keys of one person share it (``lexgate keys
create --same-as KEY``). Existing keys each become their own holder: before, keys of the same name
shared their records, which let anyone given a key with an existing name read that person's records.
``idempotency``: the first answer to each ``Idempotency-Key`` of a holder on a triage route.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("api_keys") as batch:
        batch.add_column(sa.Column("holder_id", sa.String(40), nullable=True))
    op.execute("UPDATE api_keys SET holder_id = key_id WHERE holder_id IS NULL")
    with op.batch_alter_table("api_keys") as batch:
        batch.alter_column("holder_id", existing_type=sa.String(40), nullable=False)
    op.create_index("ix_api_keys_holder", "api_keys", ["holder_id"])
    op.create_index("ix_records_key_seq", "records", ["key_id", "seq"])
    op.create_table(
        "idempotency",
        sa.Column("holder_id", sa.String(40), primary_key=True),
        sa.Column("route", sa.String(40), primary_key=True),
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("status", sa.Integer, nullable=True),  # null: the first request is still running
        sa.Column("answer", sa.Text, nullable=True),
    )


def downgrade() -> None:
    op.drop_table("idempotency")
    op.drop_index("ix_records_key_seq", "records")
    op.drop_index("ix_api_keys_holder", "api_keys")
    with op.batch_alter_table("api_keys") as batch:
        batch.drop_column("holder_id")
