"""The outbox: messages written with the change that caused them, delivered afterwards.

A message is leased to one deliverer at a time (`locked_until`), on PostgreSQL claimed with
`FOR UPDATE SKIP LOCKED` so several workers share the backlog without taking one twice. A
failed attempt is retried with growing delays; nothing is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.database import Database
from bot.storage.handoff_models import Lead, OutboxMessage
from bot.storage.models import utcnow
from bot.storage.native import Tx, sql

LEASE = timedelta(seconds=60)
_MINUTE = timedelta(minutes=1)
MAX_DELAY = timedelta(minutes=10)


@dataclass(frozen=True)
class OutboxItem:
    """A message leased for delivery."""

    id: int
    kind: str
    lead_id: int | None
    payload: dict[str, Any]
    attempts: int


_ENQUEUE = sql(
    """INSERT INTO outbox (kind, lead_id, payload, status, attempts, next_attempt_at, created_at)
    VALUES (:kind, :lead_id, :payload, 'pending', 0, :when, :now)"""
)
_RECENT_RELAYS = sql(
    """SELECT count(*) AS n, max(next_attempt_at) AS next_attempt_at FROM outbox
    WHERE lead_id = :lead_id AND kind = 'staff_relay' AND created_at > :since"""
)
_DISCARD = sql("DELETE FROM outbox WHERE lead_id = :lead_id AND kind = :kind")


async def enqueue(
    tx: Tx,
    kind: str,
    payload: dict[str, Any],
    *,
    lead_id: int | None = None,
    not_before: datetime | None = None,
) -> None:
    """Add a message in the caller's transaction: it exists exactly when the change does."""
    now = utcnow()
    params = {
        "kind": kind,
        "lead_id": lead_id,
        "payload": payload,
        "now": now,
        "when": not_before or now,
    }
    await tx.execute(_ENQUEUE, params)


async def relay_slot(
    tx: Tx, lead_id: int, now: datetime, per_minute: int, spacing: timedelta
) -> datetime:
    """When the lead's next relay may go: now, unless `per_minute` went in the last minute;
    then `spacing` after the last one planned, so they keep their order."""
    row = await tx.fetchrow(_RECENT_RELAYS, {"lead_id": lead_id, "since": now - _MINUTE})
    if row is None or (row["n"] or 0) < per_minute or row["next_attempt_at"] is None:
        return now
    latest: datetime = row["next_attempt_at"]
    return max(now, latest + spacing)


async def discard(tx: Tx, lead_ids: list[int], kinds: tuple[str, ...]) -> None:
    """Remove these leads' messages of these kinds, delivered or not (an erasure)."""
    for lead_id in lead_ids:
        for kind in kinds:
            await tx.execute(_DISCARD, {"lead_id": lead_id, "kind": kind})


@dataclass(frozen=True)
class Relayed:
    """A message passed between a prospect and staff, as kept in the outbox."""

    kind: str
    text: str
    created_at: datetime
    sent_at: datetime | None


async def relays_of_chat(
    session: AsyncSession, chat_id: int, kinds: tuple[str, ...]
) -> list[Relayed]:
    """The messages of these kinds that belong to this prospect's leads, oldest first."""
    rows = await session.scalars(
        select(OutboxMessage)
        .join(Lead, Lead.id == OutboxMessage.lead_id)
        .where(Lead.chat_id == chat_id, OutboxMessage.kind.in_(kinds))
        .order_by(OutboxMessage.id)
    )
    return [
        Relayed(row.kind, str(row.payload.get("text", "")), row.created_at, row.sent_at)
        for row in rows
    ]


async def purge_settled(session: AsyncSession, kinds: tuple[str, ...], before: datetime) -> int:
    """Delete the messages of these kinds written before `before` that are no longer pending
    (delivered, or given up on); returns how many went."""
    result = await session.execute(
        delete(OutboxMessage)
        .where(
            OutboxMessage.kind.in_(kinds),
            OutboxMessage.status != "pending",
            OutboxMessage.created_at < before,
        )
        .returning(OutboxMessage.id)
    )
    return len(result.all())


class Outbox:
    """Leasing and settling outbox messages, each in a short transaction of its own."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def lease_due(self, limit: int = 20, now: datetime | None = None) -> list[OutboxItem]:
        """Take up to `limit` due messages, oldest first, for this deliverer alone."""
        moment = now or utcnow()
        async with self.db.transaction() as session:
            query = (
                select(OutboxMessage)
                .where(
                    OutboxMessage.status == "pending",
                    OutboxMessage.next_attempt_at <= moment,
                    or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < moment),
                )
                .order_by(OutboxMessage.id)
                .limit(limit)
            )
            if self.db.is_postgres:
                query = query.with_for_update(skip_locked=True)
            rows = list(await session.scalars(query))
            for row in rows:
                row.locked_until = moment + LEASE
                row.attempts += 1
            return [OutboxItem(r.id, r.kind, r.lead_id, dict(r.payload), r.attempts) for r in rows]

    async def delivered(self, item_id: int) -> None:
        await self._settle(
            item_id, status="sent", sent_at=utcnow(), locked_until=None, last_error=None
        )

    async def retry_later(
        self, item_id: int, attempts: int, error: str, delay: timedelta | None = None
    ) -> None:
        """Back off: 2, 4, 8 … seconds up to ten minutes, or what the server asked for."""
        wait = delay or min(MAX_DELAY, timedelta(seconds=2**attempts))
        await self._settle(
            item_id, next_attempt_at=utcnow() + wait, locked_until=None, last_error=error[:300]
        )

    async def release(self, item_id: int) -> None:
        """Give a leased message back undelivered (the deliverer is stopping)."""
        await self._settle(item_id, locked_until=None)

    async def failed(self, item_id: int, error: str) -> None:
        """A refusal that no retry can fix (e.g. malformed); kept for the operator to see."""
        await self._settle(item_id, status="failed", locked_until=None, last_error=error[:300])

    async def card_pending(self, lead_id: int) -> bool:
        """Whether the lead's card is still to be delivered (not sent, not given up)."""
        async with self.db.session() as session:
            query = (
                select(func.count())
                .select_from(OutboxMessage)
                .where(
                    OutboxMessage.lead_id == lead_id,
                    OutboxMessage.kind == "staff_card",
                    OutboxMessage.status == "pending",
                )
            )
            return bool(await session.scalar(query))

    async def backlog(self) -> int:
        async with self.db.session() as session:
            query = (
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status == "pending")
            )
            return await session.scalar(query) or 0

    async def _settle(self, item_id: int, **values: Any) -> None:
        async with self.db.transaction() as session:
            await session.execute(
                update(OutboxMessage).where(OutboxMessage.id == item_id).values(**values)
            )
