"""Relayed messages in the outbox: a prospect's own copy lists them, and delivered ones go
after the retention period while undelivered ones wait for delivery."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from bot.storage import Database
from bot.storage.handoff_models import OutboxMessage
from bot.storage.leads import create_lead
from bot.storage.models import utcnow
from bot.storage.outbox import enqueue, purge_settled, relays_of_chat
from tests.handoff.conftest import MUSTER, summary

RELAYS = ("staff_relay", "prospect_relay")
PROSPECT, OTHER = 4711, 4712


async def _lead_with_messages(db: Database, chat_id: int, texts: dict[str, str]) -> int:
    async with db.hot.transaction() as tx:
        lead = await create_lead(
            tx,
            chat_id=chat_id,
            user_id=chat_id,
            username=None,
            broker=MUSTER,
            campaign=None,
            summary=summary(),
        )
        await enqueue(tx, "staff_card", {}, lead_id=lead)
        for kind, text in texts.items():
            await enqueue(tx, kind, {"text": text}, lead_id=lead)
        return lead


async def _settle(db: Database, text: str, status: str, age: timedelta) -> None:
    async with db.transaction() as session:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.payload["text"].as_string() == text)
            .values(status=status, created_at=utcnow() - age, sent_at=utcnow() - age)
        )


async def test_a_prospects_relays_are_listed_oldest_first_and_no_one_elses(db: Database) -> None:
    await _lead_with_messages(db, PROSPECT, {"staff_relay": "Hallo", "prospect_relay": "Gern"})
    await _lead_with_messages(db, OTHER, {"staff_relay": "Fremd"})

    async with db.session() as session:
        relayed = await relays_of_chat(session, PROSPECT, RELAYS)

    assert [(r.kind, r.text) for r in relayed] == [
        ("staff_relay", "Hallo"),
        ("prospect_relay", "Gern"),
    ]


async def test_only_settled_relays_older_than_the_cutoff_are_deleted(db: Database) -> None:
    texts = {"staff_relay": "alt zugestellt", "prospect_relay": "alt gescheitert"}
    await _lead_with_messages(db, PROSPECT, texts)
    await _lead_with_messages(db, OTHER, {"staff_relay": "neu", "prospect_relay": "alt offen"})
    month = timedelta(days=31)
    await _settle(db, "alt zugestellt", "sent", month)
    await _settle(db, "alt gescheitert", "failed", month)
    await _settle(db, "alt offen", "pending", month)
    await _settle(db, "neu", "sent", timedelta(hours=1))

    async with db.transaction() as session:
        deleted = await purge_settled(session, RELAYS, utcnow() - timedelta(days=30))
    async with db.session() as session:
        kept = list(await session.scalars(select(OutboxMessage.payload)))

    assert deleted == 2
    assert sorted(payload.get("text", "card") for payload in kept) == [
        "alt offen",
        "card",
        "card",
        "neu",
    ]
