"""Compact decision records (issue 14): ``records.result_form``.

A record made from now on stores what makes its answer reproducible — outcomes, details, missing facts,
warnings and the SHA-256 of the full answer — instead of the answer itself (``result_form`` is
``compact/1``); ``GET /v1/records/{id}`` and replay rebuild the explanation under the stored rule set
and check it against that hash. Existing records are not rewritten: ``result_form`` is NULL for them
(their ``result`` is the full answer), and the chain hashes the column only when set, so every earlier
record keeps its hash.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.add_column(sa.Column("result_form", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("records") as batch:
        batch.drop_column("result_form")
