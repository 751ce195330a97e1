"""Tables: one row per chat's conversation, and the inbox of Telegram updates."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Dialect,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# JSONB on PostgreSQL (binary, indexable); JSON text elsewhere.
JSONDict = JSON().with_variant(JSONB(), "postgresql")

# Telegram's limit for a deep-link start parameter.
START_PAYLOAD_MAX = 64
LANGUAGE_MAX = 8


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored as UTC and always read back timezone-aware.

    SQLite keeps no zone, so without this a value would come back naive there and aware on
    PostgreSQL, and comparisons between the two would fail.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware value")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    # Named constraints, so later migrations (batch mode on SQLite) can refer to them.
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Conversation(Base):
    """A chat's consultation: the dialog's serialised model plus bookkeeping."""

    __tablename__ = "conversations"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    state: Mapped[str] = mapped_column(String(64))
    data: Mapped[dict[str, Any]] = mapped_column(JSONDict)
    language: Mapped[str] = mapped_column(String(LANGUAGE_MAX))
    start_payload: Mapped[str | None] = mapped_column(String(START_PAYLOAD_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # 0 only for the placeholder row a transaction creates to have something to lock.
    version: Mapped[int] = mapped_column(Integer)
    # Which message carries the live buttons: written after sending, outside the update's
    # transaction (see `bot.storage.marks`).
    prompt_message_id: Mapped[int | None] = mapped_column(BigInteger)


class InboxUpdate(Base):
    """A Telegram update as received, stored before Telegram is told it arrived.

    `status` is one of the `bot.storage.inbox` constants: pending, applied (its step is
    stored; its replies may not have gone out yet), done or failed. The body is the update's
    JSON as Telegram sent it, kept only until it is done. A pending update belongs to the
    worker holding its lease (`lease_until`); when the lease runs out, any worker takes it.
    """

    __tablename__ = "inbox"
    __table_args__ = (
        Index("ix_inbox_chat_status", "chat_id", "status"),
        Index("ix_inbox_status_lease", "status", "lease_until"),
    )

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    body: Mapped[str | None] = mapped_column(Text)
    status: Mapped[int] = mapped_column(SmallInteger)
    attempts: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    last_error: Mapped[str | None] = mapped_column(String(100))
