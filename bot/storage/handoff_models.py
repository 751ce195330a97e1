"""Tables of the handoff: brokers, leads, the staff messages of a lead, the outbox, the funnel."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.storage.models import Base, JSONDict, UTCDateTime, utcnow

BROKER_CODE_MAX = 40
CAMPAIGN_MAX = 64


class Broker(Base):
    """A broker whose links bring prospects; leads go to its staff chat.

    `country` (DE or AT) formats money and dates for its prospects and staff.
    """

    __tablename__ = "brokers"

    code: Mapped[str] = mapped_column(String(BROKER_CODE_MAX), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    staff_chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    contact: Mapped[str | None] = mapped_column(Text)
    status_info: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str] = mapped_column(String(2), default="DE", server_default="DE")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Lead(Base):
    """A finished consultation handed to a broker, with the prospect's consent.

    `summary` is the snapshot the prospect consented to share; it is emptied (None) when
    they erase their data, and the card then says so.
    """

    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    username: Mapped[str | None] = mapped_column(String(64))
    broker_code: Mapped[str | None] = mapped_column(String(BROKER_CODE_MAX), index=True)
    broker_name: Mapped[str] = mapped_column(String(200))
    campaign: Mapped[str | None] = mapped_column(String(CAMPAIGN_MAX))
    staff_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSONDict)
    status: Mapped[str] = mapped_column(String(16), default="new", index=True)
    card_message_id: Mapped[int | None] = mapped_column(BigInteger)
    # When the card went out; its id can be unknown (an answer lost to a timeout).
    card_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_by: Mapped[str | None] = mapped_column(String(200))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)


class StaffMessage(Base):
    """A message in a staff chat that belongs to a lead (its card, a relayed message).

    A staff member's reply to any of them is relayed to that lead's prospect.
    """

    __tablename__ = "staff_messages"

    staff_chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    message_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)


class OutboxMessage(Base):
    """A message to deliver (card, relay, CRM post), written in the transaction that caused it."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(32))
    lead_id: Mapped[int | None] = mapped_column(Integer, index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONDict)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class FunnelEvent(Base):
    """One step of a prospect through the funnel, for the per-broker statistics."""

    __tablename__ = "funnel_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    broker_code: Mapped[str | None] = mapped_column(String(BROKER_CODE_MAX), index=True)
    campaign: Mapped[str | None] = mapped_column(String(CAMPAIGN_MAX))
    kind: Mapped[str] = mapped_column(String(24))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
