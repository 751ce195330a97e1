"""The inbox table: updates stored on receipt, leased to a worker, marked as they are handled.

An update is written in one short transaction, before Telegram is told it arrived (the next
`getUpdates` offset, or the webhook's 200). From there it is pending until the transaction
that applies it marks it applied (its step is stored; its replies may still be on the way),
and done once everything it caused has gone out. The body, which holds what the user wrote,
is dropped when an update is done; the bare id stays for a while so that Telegram's
redelivery of it is recognised.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.storage.models import utcnow
from bot.storage.native import NativeDatabase, Tx, sql

PENDING, APPLIED, DONE, FAILED = 0, 1, 2, 3
# Telegram redelivers an unconfirmed update for at most 24 hours; keep ids a bit longer.
DONE_RETENTION = timedelta(days=2)
ERROR_MAX = 100


@dataclass(frozen=True, slots=True)
class Arrival:
    """An update taken from the inbox for handling: its id, chat, JSON body and status.

    `decoded` is the body as received, kept by the worker that received it so the update is
    not parsed again; one taken over from the database has only its `body`.
    """

    update_id: int
    chat_id: int
    body: str
    status: int = PENDING
    decoded: dict[str, Any] | None = field(default=None, compare=False, repr=False)

    def update(self) -> dict[str, Any]:
        """The update's JSON object."""
        if self.decoded is not None:
            return self.decoded
        found: dict[str, Any] = json.loads(self.body)
        return found


_STORE = sql(
    """INSERT INTO inbox (update_id, chat_id, body, status, attempts, received_at, lease_until)
    VALUES (:update_id, :chat_id, :body, 0, 0, :now, :lease)
    ON CONFLICT (update_id) DO NOTHING RETURNING update_id"""
)
# PostgreSQL: the whole batch in one statement, committed at once: one round trip.
_STORE_ALL = sql(
    """INSERT INTO inbox (update_id, chat_id, body, status, attempts, received_at, lease_until)
    SELECT u, c, b, 0, 0, :now, :lease
    FROM unnest(CAST(:update_ids AS bigint[]), CAST(:chat_ids AS bigint[]),
    CAST(:bodies AS text[])) AS t(u, c, b)
    ON CONFLICT (update_id) DO NOTHING RETURNING update_id"""
)
_CLAIM_SQLITE = sql(
    """UPDATE inbox SET lease_until = :lease, attempts = attempts + 1
    WHERE update_id IN (
        SELECT update_id FROM inbox
        WHERE status < 2 AND (lease_until IS NULL OR lease_until < :now)
        ORDER BY update_id LIMIT :limit)
    RETURNING update_id, chat_id, body, status"""
)
_CLAIM_POSTGRES = sql(
    """UPDATE inbox SET lease_until = :lease, attempts = attempts + 1
    WHERE update_id IN (
        SELECT update_id FROM inbox
        WHERE status < 2 AND (lease_until IS NULL OR lease_until < :now)
        ORDER BY update_id LIMIT :limit FOR UPDATE SKIP LOCKED)
    RETURNING update_id, chat_id, body, status"""
)
_RENEW = sql("UPDATE inbox SET lease_until = :lease WHERE update_id = :update_id AND status < 2")
_RELEASE = sql("UPDATE inbox SET lease_until = NULL WHERE update_id = :update_id AND status < 2")
_APPLIED = sql("UPDATE inbox SET status = 1 WHERE update_id = :update_id AND status = 0")
_DONE = sql(
    """UPDATE inbox SET status = 2, body = NULL, lease_until = NULL, done_at = :now
    WHERE update_id = :update_id AND status < 2"""
)
# PostgreSQL: a batch in two statements, rows locked in id order first (no deadlock).
_LOCK_MANY = sql(
    """SELECT update_id FROM inbox WHERE update_id = ANY(CAST(:update_ids AS bigint[]))
    ORDER BY update_id FOR UPDATE"""
)
_DONE_MANY = sql(
    """UPDATE inbox SET status = 2, body = NULL, lease_until = NULL, done_at = :now
    WHERE update_id = ANY(CAST(:update_ids AS bigint[])) AND status < 2"""
)
_FAILED = sql(
    """UPDATE inbox SET status = 3, body = NULL, lease_until = NULL, done_at = :now,
    last_error = :error WHERE update_id = :update_id AND status < 2"""
)
_FORGET_CHAT = sql(
    """UPDATE inbox SET status = 2, body = NULL, lease_until = NULL, done_at = :now
    WHERE chat_id = :chat_id AND update_id < :update_id AND status = 1"""
)
_PRUNE = sql("DELETE FROM inbox WHERE status >= 2 AND done_at < :before")


class Inbox:
    """The inbox's statements; every method is one short transaction of its own."""

    def __init__(self, hot: NativeDatabase, lease: timedelta) -> None:
        self.hot = hot
        self.lease = lease

    async def store(self, arrivals: list[Arrival]) -> list[Arrival]:
        """Store what Telegram sent, leased to this worker; returns those not seen before."""
        now = utcnow()
        lease = now + self.lease
        if self.hot.is_postgres:
            params = {
                "update_ids": [a.update_id for a in arrivals],
                "chat_ids": [a.chat_id for a in arrivals],
                "bodies": [a.body for a in arrivals],
                "now": now,
                "lease": lease,
            }
            stored = {row["update_id"] for row in await self.hot.fetch_once(_STORE_ALL, params)}
            return [a for a in arrivals if a.update_id in stored]
        if len(arrivals) == 1:  # a webhook's update, or a poll that brought one
            (arrival,) = arrivals
            row = {"update_id": arrival.update_id, "chat_id": arrival.chat_id}
            params = {**row, "body": arrival.body, "now": now, "lease": lease}
            return arrivals if await self.hot.fetch_once(_STORE, params) else []
        new: list[Arrival] = []
        async with self.hot.transaction() as tx:
            for arrival in arrivals:
                params = {
                    "update_id": arrival.update_id,
                    "chat_id": arrival.chat_id,
                    "body": arrival.body,
                    "now": now,
                    "lease": lease,
                }
                if await tx.fetch(_STORE, params):
                    new.append(arrival)
        return new

    async def claim(self, limit: int = 100, *, everything: bool = False) -> list[Arrival]:
        """Take over unfinished updates whose worker's lease ran out (all, if `everything`:
        at the start of the only worker there can be, a polling one)."""
        now = utcnow()
        moment = datetime.max.replace(tzinfo=UTC) if everything else now
        statement = _CLAIM_POSTGRES if self.hot.is_postgres else _CLAIM_SQLITE
        async with self.hot.transaction() as tx:
            rows = await tx.fetch(
                statement, {"lease": now + self.lease, "now": moment, "limit": limit}
            )
        arrivals = [
            Arrival(row["update_id"], row["chat_id"], row["body"] or "{}", row["status"])
            for row in rows
        ]
        return sorted(arrivals, key=lambda arrival: arrival.update_id)

    async def renew(self, update_ids: list[int]) -> None:
        """Keep the lease on updates this worker still holds (waiting or retrying)."""
        lease = utcnow() + self.lease
        async with self.hot.transaction() as tx:
            for update_id in sorted(update_ids):  # one order everywhere: no deadlock
                await tx.execute(_RENEW, {"lease": lease, "update_id": update_id})

    async def release(self, update_ids: list[int]) -> None:
        """Give updates back unfinished (this worker stops): any worker may take them now."""
        async with self.hot.transaction() as tx:
            for update_id in sorted(update_ids):
                await tx.execute(_RELEASE, {"update_id": update_id})

    async def done(self, update_ids: list[int]) -> None:
        async with self.hot.transaction() as tx:
            await mark_done(tx, update_ids)

    async def failed(self, update_id: int, error: str) -> None:
        """Given up on: what it said is dropped, the error kind kept for the operator."""
        params = {"now": utcnow(), "update_id": update_id, "error": error[:ERROR_MAX]}
        async with self.hot.transaction() as tx:
            await tx.execute(_FAILED, params)


async def prune(hot: NativeDatabase, now: datetime | None = None) -> int:
    """Forget done and failed updates older than Telegram could redeliver them."""
    before = (now or utcnow()) - DONE_RETENTION
    async with hot.transaction() as tx:
        pruned: int = await tx.execute(_PRUNE, {"before": before})
    return pruned


async def mark_applied(tx: Tx, update_id: int) -> bool:
    """In the transaction that applies the update: False if it was applied already."""
    return await tx.execute(_APPLIED, {"update_id": update_id}) == 1


async def forget_chat(tx: Tx, chat_id: int, update_id: int) -> None:
    """An erasure (`update_id`): the chat's earlier updates, applied but not yet marked done,
    lose their bodies now (what the prospect wrote, and their name), not a moment later."""
    await tx.execute(_FORGET_CHAT, {"chat_id": chat_id, "update_id": update_id, "now": utcnow()})


async def mark_done(tx: Tx, update_ids: list[int]) -> None:
    """In a transaction of the caller's (the batched after-send bookkeeping); rows are
    locked in id order, as every writer of several inbox rows does, so none deadlocks."""
    now = utcnow()
    if tx.is_postgres:
        if update_ids:
            await tx.fetch(_LOCK_MANY, {"update_ids": update_ids})
            await tx.execute(_DONE_MANY, {"now": now, "update_ids": update_ids})
        return
    for update_id in sorted(update_ids):
        await tx.execute(_DONE, {"now": now, "update_id": update_id})
