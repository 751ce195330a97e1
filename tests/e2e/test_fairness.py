"""One chat's trouble never holds up another: a rate-limited staff chat, a slow Bot API, a
crowd of prospects arriving at once from a broker's link."""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import select

from bot.app import BotApplication
from bot.storage import upgrade_async
from bot.storage.handoff_models import OutboxMessage
from bot.storage.native import PoolSettings
from tests.conftest import DatabaseURL
from tests.e2e.conftest import (
    QUICK_CONTACT,
    SHORT_CONSULTATION,
    handoff_settings,
    inbox_idle,
    make_settings,
    open_offices,
    outbox_drained,
    polling_bot,
    visitor,
)
from tests.e2e.script import chat, result_of
from tests.fakes import FakeBotApi, Prospect


async def test_a_staff_chat_told_to_wait_30_s_holds_up_no_prospect(
    api: FakeBotApi, handoff_bot: BotApplication
) -> None:
    mueller = (await open_offices(api, handoff_bot)).mueller
    api.fail("sendMessage", 429, retry_after=30, chat_id=mueller.chat_id)
    first = visitor(api)
    await chat(first, "/start mueller", *SHORT_CONSULTATION[1:], "[Mit dem Makler sprechen]")
    await chat(first, *QUICK_CONTACT)
    await api.wait_for(lambda: any(r.status == 429 for r in api.requests("sendMessage")))

    others = [Prospect(api, chat_id=8000 + n, quiet=0.1) for n in range(5)]
    await asyncio.gather(*(chat(p, *SHORT_CONSULTATION) for p in others))

    # Everyone else is through while the staff chat still waits out its 30 seconds.
    assert all(result_of(p).recommended == "44.000 €" for p in others)
    assert mueller.cards() == []
    async with handoff_bot.bot_data["database"].session() as session:
        query = select(OutboxMessage).where(OutboxMessage.kind == "staff_card")
        card = await session.scalar(query)
    assert card is not None and card.status == "pending" and card.last_error == "429"


async def test_answers_that_come_after_the_timeout_send_no_question_and_no_card_twice(
    api: FakeBotApi, sqlite_url: str, tmp_path: Path
) -> None:
    settings = handoff_settings(api, sqlite_url, tmp_path, telegram_timeout=0.5)
    async with polling_bot(settings) as application:
        mueller = (await open_offices(api, application)).mueller
        p = visitor(api)
        await chat(p, "/start mueller", "80.000")
        # Telegram posts the next question, but its answer comes too late for the bot.
        api.slow("sendMessage", 2.0, chat_id=p.chat_id)
        await chat(p, "[Nein]")
        api.slow("sendMessage", 2.0, chat_id=mueller.chat_id)
        await chat(p, *SHORT_CONSULTATION[3:], "[Mit dem Makler sprechen]", *QUICK_CONTACT)
        await api.wait_for(mueller.cards)
        await outbox_drained(application)
        await inbox_idle(application)

    assert len([m for m in api.messages(p.chat_id) if "Frage 3 von" in m.text]) == 1
    assert len(mueller.cards()) == 1


async def test_fifty_prospects_from_a_brokers_link_at_once_all_get_their_first_question(
    api: FakeBotApi, postgres_database_url: DatabaseURL
) -> None:
    target = postgres_database_url
    await upgrade_async(target.url, schema=target.schema)
    # A small pool: fifty chats at once must still never wait for a second connection.
    database = target.connect()
    database.pool = PoolSettings(size=5, timeout=10)
    try:
        async with polling_bot(make_settings(api, target.url), database) as application:
            await application.bot_data["brokers"].add("mueller", "Müller & Co", -100100)
            prospects = [Prospect(api, chat_id=9000 + n, quiet=0.2) for n in range(50)]
            for p in prospects:  # all in one getUpdates batch
                api.user_sends_text(p.chat_id, "/start mueller-flyer")
            await api.wait_for(lambda: all(p.api.messages(p.chat_id) for p in prospects))
            await asyncio.wait_for(inbox_idle(application), 120)
    finally:
        await database.dispose()

    for p in prospects:
        assert "Müller & Co" in p.api.messages(p.chat_id)[0].text
        assert "Welchen Wert hat Ihre gesamte IT" in p.last_text
