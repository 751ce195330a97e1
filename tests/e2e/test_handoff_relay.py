"""Talking through the bot after the handoff: only the broker's staff reach the prospect, and
nothing said is lost on the way (the everyday exchange is in test_handoff_flow.py)."""

from __future__ import annotations

from bot.app import BotApplication
from tests.e2e.conftest import (
    STAFF_MEMBER,
    Offices,
    hand_off,
    messages_with,
    outbox_drained,
    settled,
    visitor,
)
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
