"""Where the bot is found: links with a start payload, groups, and the command menu."""

from __future__ import annotations

import pytest

from bot.app import BotApplication
from bot.storage import ConversationStore
from tests.e2e.conftest import make_settings, polling_bot
from tests.e2e.script import IT_QUESTION, chat
from tests.fakes import FakeBotApi, Prospect

GROUP = -1001234567890
GERMAN_MENU = ["start", "hilfe", "zurueck", "neu", "abbrechen", "sprache", "datenschutz"]
ENGLISH_MENU = ["start", "help", "back", "restart", "cancel", "language", "privacy"]


@pytest.fixture
def member(api: FakeBotApi, bot: BotApplication) -> Prospect:
    """Someone writing in a group the bot was added to."""
    api.set_chat(GROUP, chat_type="supergroup")
    return Prospect(api, chat_id=GROUP, quiet=0.1)


async def test_start_in_a_group_offers_a_button_to_the_private_chat(
    member: Prospect, conversations: ConversationStore
) -> None:
    await chat(member, "/start mueller-newsletter")

    (button,) = member.api.last_message(GROUP).buttons
    assert button.url == "https://t.me/cyber_test_bot?start=mueller-newsletter"
    assert await conversations.get(GROUP) is None  # no consultation in the group


async def test_ordinary_group_messages_get_no_answer(member: Prospect) -> None:
    member.api.user_sends_text(GROUP, "Hat jemand Erfahrung mit Cyber-Versicherungen?")
    member.api.user_sends_text(GROUP, "80.000")
    await chat(member, "/start")  # answered: so the messages before it were seen

    assert len(member.api.messages(GROUP)) == 1


async def test_command_menu_is_published_in_german_and_english(
    api: FakeBotApi, bot: BotApplication
) -> None:
    german = [c["command"] for c in api.commands(language_code="de")]
    english = [c["command"] for c in api.commands(language_code="en")]

    assert set(GERMAN_MENU) <= set(german)
    assert set(ENGLISH_MENU) <= set(english)
    assert api.commands() == api.commands(language_code="de")  # German for everyone else
    assert (
        api.commands(language_code="de")[0]["description"]
        != (api.commands(language_code="en")[0]["description"])
    )


async def test_bot_runs_even_when_its_command_menu_cannot_be_published(
    api: FakeBotApi, sqlite_url: str
) -> None:
    api.fail("setMyCommands", 500, times=10)
    prospect = Prospect(api, chat_id=4711, quiet=0.1)

    async with polling_bot(make_settings(api, sqlite_url)):
        await chat(prospect, "/start")

    assert {r.status for r in api.requests("setMyCommands")} == {500}
    assert IT_QUESTION in prospect.last_text


async def test_start_payload_is_stored_with_the_conversation(
    prospect: Prospect, conversations: ConversationStore
) -> None:
    await chat(prospect, "/start mueller-newsletter", "80.000")

    stored = await conversations.get(prospect.chat_id)
    assert stored is not None and stored.start_payload == "mueller-newsletter"


@pytest.mark.parametrize(
    "payload", ["müller!", "<b>x</b>", "a" * 65], ids=["umlaut", "markup", "too long"]
)
async def test_invalid_start_payload_is_ignored_and_the_consultation_starts(
    prospect: Prospect, conversations: ConversationStore, payload: str
) -> None:
    await chat(prospect, f"/start {payload}")

    assert IT_QUESTION in prospect.last_text
    await chat(prospect, "80.000")
    stored = await conversations.get(prospect.chat_id)
    assert stored is not None and stored.start_payload is None
