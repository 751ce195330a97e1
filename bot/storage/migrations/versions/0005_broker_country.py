"""A broker's country (DE or AT): it formats money and dates for its prospects.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "brokers", sa.Column("country", sa.String(2), nullable=False, server_default="DE")
    )


def downgrade() -> None:
    with op.batch_alter_table("brokers") as batch:
        batch.drop_column("country")
