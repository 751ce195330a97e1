"""Leads: created at the prospect's consent, claimed and closed by staff, erased on request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.brokers import BrokerInfo
from bot.storage.handoff_models import FunnelEvent, Lead, StaffMessage
from bot.storage.models import utcnow

OPEN_STATUSES = ("new", "claimed")
ERASED_CHAT = 0
FUNNEL_STEPS = ("started", "finished", "contact_requested", "claimed", "closed")


@dataclass(frozen=True)
class LeadRecord:
    """A lead as read: plain data, safe to use after the transaction."""

    id: int
    chat_id: int
    user_id: int | None
    username: str | None
    broker_code: str | None
    broker_name: str
    campaign: str | None
    staff_chat_id: int | None
    summary: dict[str, Any] | None
    status: str
    card_message_id: int | None
    claimed_by: str | None
    claimed_at: datetime | None
    closed_by: str | None
    closed_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: Lead) -> LeadRecord:
        return cls(
            row.id,
            row.chat_id,
            row.user_id,
            row.username,
            row.broker_code,
            row.broker_name,
            row.campaign,
            row.staff_chat_id,
            row.summary,
            row.status,
            row.card_message_id,
            row.claimed_by,
            row.claimed_at,
            row.closed_by,
            row.closed_at,
            row.created_at,
        )


async def create_lead(
    session: AsyncSession,
    *,
    chat_id: int,
    user_id: int | None,
    username: str | None,
    broker: BrokerInfo,
    campaign: str | None,
    summary: dict[str, Any],
) -> LeadRecord:
    row = Lead(
        chat_id=chat_id,
        user_id=user_id,
        username=username,
        broker_code=broker.code,
        broker_name=broker.name,
        campaign=campaign,
        staff_chat_id=broker.staff_chat_id,
        summary=summary,
        status="new",
        created_at=utcnow(),
    )
    session.add(row)
    await session.flush()
    return LeadRecord.of(row)


async def get_lead(session: AsyncSession, lead_id: int, *, for_update: bool = False) -> Lead | None:
    query = select(Lead).where(Lead.id == lead_id)
    if for_update:
        query = query.with_for_update()
    return await session.scalar(query)


async def open_lead_of_chat(session: AsyncSession, chat_id: int) -> Lead | None:
    """The prospect's latest lead that staff have not closed yet."""
    query = (
        select(Lead)
        .where(Lead.chat_id == chat_id, Lead.status.in_(OPEN_STATUSES))
        .order_by(Lead.id.desc())
        .limit(1)
    )
    return await session.scalar(query)


async def lead_of_staff_message(
    session: AsyncSession, staff_chat_id: int, message_id: int
) -> Lead | None:
    query = (
        select(Lead)
        .join(StaffMessage, StaffMessage.lead_id == Lead.id)
        .where(StaffMessage.staff_chat_id == staff_chat_id, StaffMessage.message_id == message_id)
    )
    return await session.scalar(query)


async def remember_staff_message(
    session: AsyncSession, lead_id: int, staff_chat_id: int, message_id: int
) -> None:
    if await session.get(StaffMessage, (staff_chat_id, message_id)) is None:
        session.add(
            StaffMessage(staff_chat_id=staff_chat_id, message_id=message_id, lead_id=lead_id)
        )


async def leads_of_chat(session: AsyncSession, chat_id: int) -> list[Lead]:
    return list(
        await session.scalars(select(Lead).where(Lead.chat_id == chat_id).order_by(Lead.id))
    )


async def erase_personal_data(session: AsyncSession, chat_id: int) -> list[LeadRecord]:
    """Empty every lead of this prospect; the numbers stay so staff see the card was erased."""
    rows = await leads_of_chat(session, chat_id)
    for row in rows:
        row.summary = None
        row.username = None
        row.user_id = None
        row.chat_id = ERASED_CHAT  # the chat id is the person's Telegram id
        row.status = "erased"
    await session.flush()
    return [LeadRecord.of(row) for row in rows]


async def leads_since(session: AsyncSession, since: datetime | None = None) -> list[LeadRecord]:
    query = select(Lead).order_by(Lead.id)
    if since is not None:
        query = query.where(Lead.created_at >= since)
    return [LeadRecord.of(row) for row in await session.scalars(query)]


async def record_funnel(
    session: AsyncSession, kind: str, broker_code: str | None, campaign: str | None
) -> None:
    if kind not in FUNNEL_STEPS:
        raise ValueError(f"unknown funnel step {kind!r}")
    session.add(FunnelEvent(kind=kind, broker_code=broker_code, campaign=campaign, at=utcnow()))


async def funnel_counts(
    session: AsyncSession, broker_codes: list[str | None] | None = None
) -> dict[tuple[str | None, str | None], dict[str, int]]:
    """Per (broker code, campaign): how many started, finished, asked for contact, were
    claimed and closed. `broker_codes` limits it to those brokers (None: all)."""
    query = select(
        FunnelEvent.broker_code, FunnelEvent.campaign, FunnelEvent.kind, func.count()
    ).group_by(FunnelEvent.broker_code, FunnelEvent.campaign, FunnelEvent.kind)
    if broker_codes is not None:
        known = [c for c in broker_codes if c is not None]
        conditions = [FunnelEvent.broker_code.in_(known)]
        if None in broker_codes:
            conditions.append(FunnelEvent.broker_code.is_(None))
        query = query.where(or_(*conditions))
    counts: dict[tuple[str | None, str | None], dict[str, int]] = {}
    for code, campaign, kind, number in await session.execute(query):
        counts.setdefault((code, campaign), dict.fromkeys(FUNNEL_STEPS, 0))[kind] = number
    return dict(sorted(counts.items(), key=lambda item: (item[0][0] or "", item[0][1] or "")))
