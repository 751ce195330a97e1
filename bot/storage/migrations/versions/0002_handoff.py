"""Brokers, leads, staff messages, the outbox and funnel events.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _timestamp(name: str, *, nullable: bool = False) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "brokers",
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("staff_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("contact", sa.Text(), nullable=True),
        sa.Column("status_info", sa.Text(), nullable=True),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("code", name="pk_brokers"),
    )
    op.create_index("ix_brokers_staff_chat_id", "brokers", ["staff_chat_id"])
    op.create_table(
        "leads",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=True),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("broker_code", sa.String(40), nullable=True),
        sa.Column("broker_name", sa.String(200), nullable=False),
        sa.Column("campaign", sa.String(64), nullable=True),
        sa.Column("staff_chat_id", sa.BigInteger(), nullable=True),
        sa.Column("summary", _JSON, nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("card_message_id", sa.BigInteger(), nullable=True),
        sa.Column("claimed_by", sa.String(200), nullable=True),
        _timestamp("claimed_at", nullable=True),
        sa.Column("closed_by", sa.String(200), nullable=True),
        _timestamp("closed_at", nullable=True),
        _timestamp("created_at"),
        sa.PrimaryKeyConstraint("id", name="pk_leads"),
    )
    op.create_index("ix_leads_chat_id", "leads", ["chat_id"])
    op.create_index("ix_leads_broker_code", "leads", ["broker_code"])
    op.create_index("ix_leads_status", "leads", ["status"])
    op.create_index("ix_leads_created_at", "leads", ["created_at"])
    op.create_table(
        "staff_messages",
        sa.Column("staff_chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("message_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["leads.id"], name="fk_staff_messages_lead_id_leads", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("staff_chat_id", "message_id", name="pk_staff_messages"),
    )
    op.create_index("ix_staff_messages_lead_id", "staff_messages", ["lead_id"])
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("payload", _JSON, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _timestamp("next_attempt_at"),
        _timestamp("locked_until", nullable=True),
        sa.Column("last_error", sa.String(300), nullable=True),
        _timestamp("created_at"),
        _timestamp("sent_at", nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_outbox"),
    )
    op.create_index("ix_outbox_lead_id", "outbox", ["lead_id"])
    op.create_index("ix_outbox_next_attempt_at", "outbox", ["next_attempt_at"])
    op.create_table(
        "funnel_events",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("broker_code", sa.String(40), nullable=True),
        sa.Column("campaign", sa.String(64), nullable=True),
        sa.Column("kind", sa.String(24), nullable=False),
        _timestamp("at"),
        sa.PrimaryKeyConstraint("id", name="pk_funnel_events"),
    )
    op.create_index("ix_funnel_events_broker_code", "funnel_events", ["broker_code"])


def downgrade() -> None:
    op.drop_table("funnel_events")
    op.drop_table("outbox")
    op.drop_table("staff_messages")
    op.drop_table("leads")
    op.drop_table("brokers")
