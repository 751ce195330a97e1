"""Leads: created at the prospect's consent, claimed and closed by staff, erased on request.

What an update changes is written on the native drivers, inside the update's transaction
(`Tx`); what the outbox, the exports and the statistics read goes through SQLAlchemy.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.brokers import BrokerInfo
from bot.storage.handoff_models import FunnelEvent, Lead, StaffMessage
from bot.storage.models import utcnow
from bot.storage.native import Tx, sql

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
    card_sent_at: datetime | None
    claimed_by: str | None
    claimed_at: datetime | None
    closed_by: str | None
    closed_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, row: Lead | dict[str, Any]) -> LeadRecord:
        """From an ORM row or a native one."""
        if isinstance(row, dict):
            return cls(**{f.name: row[f.name] for f in fields(cls)})
        return cls(**{f.name: getattr(row, f.name) for f in fields(cls)})


_LEAD_COLUMNS = ", ".join(f.name for f in fields(LeadRecord))
_CREATE = sql(
    """INSERT INTO leads (chat_id, user_id, username, broker_code, broker_name, campaign,
    staff_chat_id, summary, status, created_at)
    VALUES (:chat_id, :user_id, :username, :broker_code, :broker_name, :campaign,
    :staff_chat_id, :summary, 'new', :now) RETURNING id"""
)
_OPEN_OF_CHAT = sql(
    """SELECT id FROM leads WHERE chat_id = :chat_id AND status IN ('new', 'claimed')
    ORDER BY id DESC LIMIT 1"""
)
_OF_CHAT = sql(f"SELECT {_LEAD_COLUMNS} FROM leads WHERE chat_id = :chat_id ORDER BY id")
_ERASE = sql(
    """UPDATE leads SET summary = NULL, username = NULL, user_id = NULL, chat_id = 0,
    status = 'erased' WHERE id = :id"""
)
_FOR_UPDATE_SQLITE = sql(f"SELECT {_LEAD_COLUMNS} FROM leads WHERE id = :id")
_FOR_UPDATE_POSTGRES = sql(f"SELECT {_LEAD_COLUMNS} FROM leads WHERE id = :id FOR UPDATE")
_OF_STAFF_MESSAGE = sql(
    f"""SELECT {_LEAD_COLUMNS} FROM leads WHERE id = (
    SELECT lead_id FROM staff_messages
    WHERE staff_chat_id = :staff_chat_id AND message_id = :message_id)"""
)
_CLAIM = sql(
    """UPDATE leads SET claimed_by = :who, claimed_at = :now, status = 'claimed'
    WHERE id = :id"""
)
_CARD_FOUND = sql(
    """UPDATE leads SET card_message_id = :message_id WHERE id = :id AND card_message_id IS NULL"""
)
_STAFF_MESSAGE = sql(
    """INSERT INTO staff_messages (staff_chat_id, message_id, lead_id)
    VALUES (:staff_chat_id, :message_id, :lead_id) ON CONFLICT DO NOTHING"""
)
_CLOSE = sql(
    "UPDATE leads SET closed_by = :who, closed_at = :now, status = 'closed' WHERE id = :id"
)
_FUNNEL = sql(
    """INSERT INTO funnel_events (broker_code, campaign, kind, at)
    VALUES (:broker_code, :campaign, :kind, :now)"""
)


async def create_lead(
    tx: Tx,
    *,
    chat_id: int,
    user_id: int | None,
    username: str | None,
    broker: BrokerInfo,
    campaign: str | None,
    summary: dict[str, Any],
) -> int:
    """The new lead's number."""
    params = {
        "chat_id": chat_id,
        "user_id": user_id,
        "username": username,
        "broker_code": broker.code,
        "broker_name": broker.name,
        "campaign": campaign,
        "staff_chat_id": broker.staff_chat_id,
        "summary": summary,
        "now": utcnow(),
    }
    return int(await tx.fetchval(_CREATE, params))


async def open_lead_of_chat(tx: Tx, chat_id: int) -> int | None:
    """The number of the prospect's latest lead that staff have not closed yet."""
    found = await tx.fetchval(_OPEN_OF_CHAT, {"chat_id": chat_id})
    return None if found is None else int(found)


async def lead_for_update(tx: Tx, lead_id: int) -> LeadRecord | None:
    """The lead, locked until the transaction ends (SQLite's write lock does that there)."""
    statement = _FOR_UPDATE_POSTGRES if tx.is_postgres else _FOR_UPDATE_SQLITE
    row = await tx.fetchrow(statement, {"id": lead_id})
    return None if row is None else LeadRecord.of(row)


async def lead_of_staff_message(tx: Tx, staff_chat_id: int, message_id: int) -> LeadRecord | None:
    """The lead a card or relayed message in a staff chat belongs to."""
    params = {"staff_chat_id": staff_chat_id, "message_id": message_id}
    row = await tx.fetchrow(_OF_STAFF_MESSAGE, params)
    return None if row is None else LeadRecord.of(row)


async def set_claimed(tx: Tx, lead_id: int, who: str) -> None:
    await tx.execute(_CLAIM, {"id": lead_id, "who": who, "now": utcnow()})


async def card_found(tx: Tx, lead: LeadRecord, message_id: int) -> None:
    """Staff pressed a button on the card whose id was not known: now it is."""
    if lead.card_message_id is not None or lead.staff_chat_id is None:
        return
    await tx.execute(_CARD_FOUND, {"id": lead.id, "message_id": message_id})
    params = {"staff_chat_id": lead.staff_chat_id, "message_id": message_id, "lead_id": lead.id}
    await tx.execute(_STAFF_MESSAGE, params)


async def set_closed(tx: Tx, lead_id: int, who: str) -> None:
    await tx.execute(_CLOSE, {"id": lead_id, "who": who, "now": utcnow()})


async def erase_personal_data(tx: Tx, chat_id: int) -> list[LeadRecord]:
    """Empty every lead of this prospect; the numbers stay so staff see the card was erased."""
    rows = await tx.fetch(_OF_CHAT, {"chat_id": chat_id})
    for row in rows:
        await tx.execute(_ERASE, {"id": row["id"]})
    return [LeadRecord.of(row) for row in rows]


async def record_funnel(tx: Tx, kind: str, broker_code: str | None, campaign: str | None) -> None:
    if kind not in FUNNEL_STEPS:
        raise ValueError(f"unknown funnel step {kind!r}")
    params = {"broker_code": broker_code, "campaign": campaign, "kind": kind, "now": utcnow()}
    await tx.execute(_FUNNEL, params)


async def get_lead(session: AsyncSession, lead_id: int) -> Lead | None:
    return await session.scalar(select(Lead).where(Lead.id == lead_id))


async def remember_staff_message(
    session: AsyncSession, lead_id: int, staff_chat_id: int, message_id: int
) -> None:
    if await session.get(StaffMessage, (staff_chat_id, message_id)) is None:
        session.add(
            StaffMessage(staff_chat_id=staff_chat_id, message_id=message_id, lead_id=lead_id)
        )


async def card_sent(
    session: AsyncSession, lead_id: int, staff_chat_id: int, message_id: int | None
) -> None:
    """The lead's card went out; `message_id` None when its answer was lost (it is there,
    but where is learnt only when staff press one of its buttons)."""
    row = await get_lead(session, lead_id)
    if row is None:
        return
    row.card_sent_at = utcnow()
    if message_id is not None:
        row.card_message_id = message_id
        await remember_staff_message(session, lead_id, staff_chat_id, message_id)


async def leads_of_chat(session: AsyncSession, chat_id: int) -> list[Lead]:
    return list(
        await session.scalars(select(Lead).where(Lead.chat_id == chat_id).order_by(Lead.id))
    )


async def leads_since(session: AsyncSession, since: datetime | None = None) -> list[LeadRecord]:
    query = select(Lead).order_by(Lead.id)
    if since is not None:
        query = query.where(Lead.created_at >= since)
    return [LeadRecord.of(row) for row in await session.scalars(query)]


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
