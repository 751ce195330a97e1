"""A staff chat that fails, or a bot that restarts, delays a lead card but never loses or
doubles it. Retries are made quick (`quick_retries`)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import select

import bot.handoff.delivery as delivery_module
from bot.app import BotApplication
from bot.handoff.delivery import Deliverer
from bot.storage import Database
from bot.storage.handoff_models import OutboxMessage
from bot.storage.leads import LeadRecord
from tests.e2e.conftest import (
    Office,
    hand_off,
    handoff_settings,
    messages_with,
    open_offices,
    outbox_drained,
    polling_bot,
    visitor,
)
from tests.fakes import FakeBotApi, Prospect, RecordedRequest

pytestmark = pytest.mark.usefixtures("quick_retries")


def card_sends(api: FakeBotApi, chat_id: int) -> list[RecordedRequest]:
    """Every attempt to post a lead card in the chat, failed or not."""
    return [
        r
        for r in api.requests("sendMessage")
        if r.chat_id == chat_id and str(r.params.get("text", "")).startswith("🆕")
    ]


async def relay_after_the_card(api: FakeBotApi, p: Prospect, chat_id: int) -> None:
    """The prospect writes again; the relay follows the card through the outbox, so once it is
    in the staff chat a second copy of the card would have been sent already."""
    await p.send("Ich bin ab 9 Uhr erreichbar.")
    await api.wait_for(lambda: messages_with(api, chat_id, "ab 9 Uhr"))


async def staff_cards(db: Database) -> list[OutboxMessage]:
    async with db.session() as session:
        query = select(OutboxMessage).where(OutboxMessage.kind == "staff_card")
        return list(await session.scalars(query))


async def first_attempt_failed(db: Database) -> None:
    """Waits until the card was tried, refused, and put back for a later attempt."""
    async with asyncio.timeout(10):
        while not any(row.last_error and row.locked_until is None for row in await staff_cards(db)):
            await asyncio.sleep(0.02)


async def test_card_arrives_once_after_the_staff_chat_refused_throttled_and_failed(
    api: FakeBotApi, handoff_bot: BotApplication
) -> None:
    mueller = (await open_offices(api, handoff_bot)).mueller
    api.fail("sendMessage", 403, chat_id=mueller.chat_id)
    api.fail("sendMessage", 429, retry_after=1, chat_id=mueller.chat_id)
    api.fail("sendMessage", 500, chat_id=mueller.chat_id)
    p = visitor(api)

    await hand_off(p)

    assert "Müller & Co <Makler> erhält Ihre Anfrage" in p.last_text
    await mueller.card()
    await relay_after_the_card(api, p, mueller.chat_id)
    await outbox_drained(handoff_bot)
    assert [r.status for r in card_sends(api, mueller.chat_id)] == [403, 429, 500, 200]
    assert len(mueller.cards()) == 1


async def test_card_pending_at_a_restart_is_delivered_once_by_the_next_bot(
    api: FakeBotApi, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = handoff_settings(api, sqlite_url, tmp_path)
    p = visitor(api)
    # One attempt only before the restart, so the bot is not stopped in the middle of one.
    monkeypatch.setattr(delivery_module, "POLL_SECONDS", 3600)
    async with polling_bot(settings) as first:
        await first.bot_data["brokers"].add("neu", "Neu & Co", -100600, None, "Erstinfo Neu")
        await hand_off(p, "/start neu")
        await first_attempt_failed(first.bot_data["database"])
    monkeypatch.setattr(delivery_module, "POLL_SECONDS", 0.1)
    api.set_chat(-100600, chat_type="supergroup", title="Team Neu")
    api.fail("sendMessage", 403, chat_id=-100600)

    async with polling_bot(settings) as second:
        office = Office(api, "neu", "Neu & Co", -100600, None)
        await office.card()
        await relay_after_the_card(api, p, office.chat_id)
        await outbox_drained(second)

    assert [r.status for r in card_sends(api, -100600)] == [400, 403, 200]
    assert len(office.cards()) == 1


async def test_a_bot_stopped_in_the_middle_of_a_delivery_leaves_no_message_locked(
    api: FakeBotApi, sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sending = asyncio.Event()

    async def telegram_does_not_answer(deliverer: Deliverer, lead: LeadRecord) -> None:
        sending.set()
        await asyncio.Event().wait()

    monkeypatch.setattr(Deliverer, "_send_card", telegram_does_not_answer)
    async with polling_bot(handoff_settings(api, sqlite_url, tmp_path)) as first:
        await open_offices(api, first)
        await hand_off(visitor(api))
        await asyncio.wait_for(sending.wait(), 10)
        database = Database.connect(sqlite_url)

    try:
        (card,) = await staff_cards(database)
    finally:
        await database.dispose()
    assert card.status == "sent" or card.locked_until is None
