"""Where the bot is found: links with a start payload, groups, and the command menu."""

from __future__ import annotations

import shlex

import pytest

from bot.app import BotApplication
from bot.cli import parser
from bot.storage import ConversationStore
from tests.e2e.conftest import Offices, handled, make_settings, polling_bot
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


# --- the bot added to a group ---------------------------------------------------------------

ADMIN = {"id": 901, "is_bot": False, "first_name": "Petra", "language_code": "de"}


async def test_added_to_a_group_the_bot_tells_its_chat_id_and_the_command_to_register_it(
    api: FakeBotApi, bot: BotApplication
) -> None:
    await handled(api, bot, api.user_adds_bot(GROUP, user=ADMIN))

    (message,) = api.messages(GROUP)
    assert f"Chat-ID: {GROUP}" in message.text
    (command,) = [line for line in message.text.splitlines() if line.startswith("cyberbot ")]
    argv = shlex.split(command.replace("CODE", "mueller").replace("NAME", "Müller"))[1:]
    registered = parser().parse_args(argv)
    assert (registered.code, registered.name, registered.staff_chat) == ("mueller", "Müller", GROUP)
    assert f"STAFF_CHAT_ID={GROUP}" in message.text


async def test_added_by_an_english_speaker_the_bot_explains_in_english(
    api: FakeBotApi, bot: BotApplication
) -> None:
    await handled(api, bot, api.user_adds_bot(GROUP, user={**ADMIN, "language_code": "en"}))

    assert f"Its chat id: {GROUP}" in api.last_message(GROUP).text


async def test_added_to_a_staff_chat_or_a_channel_the_bot_says_nothing(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    await handled(api, handoff_bot, api.user_adds_bot(offices.mueller.chat_id, user=ADMIN))
    channel = api.user_adds_bot(-100777, chat_type="channel", status="administrator", user=ADMIN)
    await handled(api, handoff_bot, channel)

    assert api.messages(offices.mueller.chat_id) == []
    assert api.messages(-100777) == []
