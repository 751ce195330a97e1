"""Talking through the bot after the handoff: only the broker's staff reach the prospect, and
nothing said is lost on the way (the everyday exchange is in test_handoff_flow.py)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from bot.app import BotApplication
from bot.storage import upgrade_async
from bot.storage.handoff_models import OutboxMessage
from tests.conftest import DatabaseURL
from tests.e2e.conftest import (
    STAFF_MEMBER,
    Offices,
    ask_for_contact,
    hand_off,
    handoff_settings,
    messages_with,
    open_offices,
    outbox_drained,
    polling_bot,
    settled,
    visitor,
)
from tests.e2e.script import chat
from tests.fakes import FakeBotApi


async def test_a_reply_from_someone_outside_the_staff_is_not_relayed(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    p = visitor(api)
    await hand_off(p)
    mueller = offices.mueller
    card = await mueller.card()
    left = {"id": 666, "is_bot": False, "first_name": "Mallory", "language_code": "de"}
    kicked = {**left, "id": 667, "first_name": "Trudy"}
    api.set_member_status(mueller.chat_id, 666, "left")
    api.set_member_status(mueller.chat_id, 667, "kicked")

    await settled(api, handoff_bot, mueller.reply(card, "Kaufen Sie bei uns!", user=left))
    await settled(api, handoff_bot, mueller.reply(card, "Oder bei mir!", user=kicked))

    mueller.reply(card, "Wir melden uns heute noch.", user=STAFF_MEMBER)
    await api.wait_for(lambda: messages_with(api, p.chat_id, "Wir melden uns"))
    assert messages_with(api, p.chat_id, "Kaufen Sie") == []
    assert messages_with(api, p.chat_id, "Oder bei mir") == []


async def test_a_reply_in_another_brokers_staff_chat_reaches_no_prospect(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    mueller, schmidt = offices.mueller, offices.schmidt
    api.user_sends_text(mueller.chat_id, "Guten Morgen zusammen!", user=STAFF_MEMBER)
    await schmidt.staff().send("/link")
    (link_message,) = api.messages(schmidt.chat_id)
    p = visitor(api)
    await hand_off(p)
    card = await mueller.card()
    # The same message number in another chat must not be mistaken for the card.
    assert link_message.message_id == card.message_id
    shown_to_prospect = len(api.messages(p.chat_id))

    await settled(api, handoff_bot, schmidt.reply(link_message, "Wir kümmern uns darum!"))
    await settled(
        api, handoff_bot, api.user_sends_text(schmidt.chat_id, "Wer ruft Frau Muster an?")
    )

    assert len(api.messages(p.chat_id)) == shown_to_prospect
    assert api.messages(schmidt.chat_id) == [link_message]


def shown_in(api: FakeBotApi, chat_id: int, text: str) -> bool:
    """Whether the chat shows the beginning and the end of `text` (split or not)."""
    return bool(messages_with(api, chat_id, text[:60])) and bool(
        messages_with(api, chat_id, text[-60:])
    )


_FILLER = "zwei Server, zwölf Laptops, ein Drucker. " * 100
LONG_MESSAGE = f"Zu unserer IT: {_FILLER[:4050].rstrip()} Ende der Nachricht."
"""Just within Telegram's 4096 characters for a message; too long with a header in front."""


async def test_a_long_message_from_the_prospect_reaches_staff_whole(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    p = visitor(api)
    await hand_off(p)
    await offices.mueller.card()

    await p.send(LONG_MESSAGE)

    assert "Weitergeleitet" in p.last_text
    await outbox_drained(handoff_bot)
    assert shown_in(api, offices.mueller.chat_id, LONG_MESSAGE)


async def test_a_long_staff_reply_reaches_the_prospect_whole(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    p = visitor(api)
    await hand_off(p)
    card = await offices.mueller.card()

    await settled(api, handoff_bot, offices.mueller.reply(card, LONG_MESSAGE))

    assert shown_in(api, p.chat_id, LONG_MESSAGE)


async def test_a_prospect_writing_a_lot_is_paced_told_so_and_holds_up_no_other_lead(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    chatty, other = visitor(api), visitor(api, 7002, first_name="Otto")
    await hand_off(chatty)
    mueller = offices.mueller
    await mueller.card()

    for n in range(1, 13):
        await chatty.send(f"Nachricht {n}")
    await hand_off(other)

    # The first ten go at once, the rest one every few seconds after them; none is refused.
    assert "nach und nach" in chatty.last_text
    await api.wait_for(lambda: len(mueller.cards()) == 2)  # the next lead's card is not held up
    await api.wait_for(lambda: messages_with(api, mueller.chat_id, "Nachricht 10"))
    async with handoff_bot.bot_data["database"].session() as session:
        relays = list(
            await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.kind == "staff_relay")
                .order_by(OutboxMessage.id)
            )
        )
    waits = [(r.next_attempt_at - r.created_at).total_seconds() for r in relays]
    assert len(waits) == 12
    assert all(wait < 1 for wait in waits[:10])
    assert 5 <= waits[10] < waits[11]


async def test_a_nul_character_in_a_name_or_a_message_reaches_the_staff_without_it(
    api: FakeBotApi, database_url: DatabaseURL, tmp_path: Path
) -> None:
    # PostgreSQL refuses NUL in its JSON documents; it never gets that far.
    settings = handoff_settings(api, database_url.url, tmp_path)
    database = database_url.connect()
    if database_url.schema is not None:
        await upgrade_async(database_url.url, schema=database_url.schema)
    try:
        async with polling_bot(settings, database if database_url.schema else None) as bot:
            mueller = (await open_offices(api, bot)).mueller
            p = visitor(api)
            await ask_for_contact(p)
            await chat(p, "Erika\x00 Mus\x00ter", "[📱]", "[Vormittags]", "[Ja,]")
            await p.send("Bitte\x00 ab 9 Uhr")
            card = await mueller.card()
            await api.wait_for(lambda: messages_with(api, mueller.chat_id, "ab 9 Uhr"))
    finally:
        await database.dispose()

    assert "Erika Muster" in card.text
    assert all("\x00" not in m.text for m in api.messages(mueller.chat_id))
