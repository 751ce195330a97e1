"""The durable inbox: every update stored before Telegram is told it arrived.

It replaces the list of processed update ids (an inbox row that is done is that record) and
the conversation's "replied" marker (an inbox row that is applied but not done is that).
A lead's card records when it was sent: its message id can be unknown, and it must still
be sent only once.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("body", sa.Text(), nullable=True),
        sa.Column("status", sa.SmallInteger(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _timestamp("received_at"),
        _timestamp("lease_until", nullable=True),
        _timestamp("done_at", nullable=True),
        sa.Column("last_error", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("update_id", name="pk_inbox"),
    )
    op.create_index("ix_inbox_chat_status", "inbox", ["chat_id", "status"])
    op.create_index("ix_inbox_status_lease", "inbox", ["status", "lease_until"])
    op.create_index("ix_inbox_done_at", "inbox", ["done_at"])
    # Updates handled before the upgrade stay known as done: Telegram may still send one again.
    op.execute(
        "INSERT INTO inbox (update_id, chat_id, status, attempts, received_at, done_at) "
        "SELECT update_id, 0, 2, 0, processed_at, processed_at FROM processed_updates"
    )
    op.drop_index("ix_processed_updates_processed_at", table_name="processed_updates")
    op.drop_table("processed_updates")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("replied_update_id")
    op.add_column("leads", _timestamp("card_sent_at", nullable=True))
    op.execute("UPDATE leads SET card_sent_at = created_at WHERE card_message_id IS NOT NULL")


def downgrade() -> None:
    with op.batch_alter_table("leads") as batch:
        batch.drop_column("card_sent_at")
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("replied_update_id", sa.BigInteger(), nullable=True))
    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        _timestamp("processed_at"),
        sa.PrimaryKeyConstraint("update_id", name="pk_processed_updates"),
    )
    op.create_index("ix_processed_updates_processed_at", "processed_updates", ["processed_at"])
    op.drop_index("ix_inbox_done_at", table_name="inbox")
    op.drop_index("ix_inbox_status_lease", table_name="inbox")
    op.drop_index("ix_inbox_chat_status", table_name="inbox")
    op.drop_table("inbox")
