"""The staff chat's own commands: /stats for the broker's figures, /link for links to share."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from bot.app import BotApplication
from tests.e2e.conftest import Office, Offices, hand_off, settled, visitor
from tests.e2e.script import SHORT_CONSULTATION, chat
from tests.fakes import ChatMessage, FakeBotApi

STRANGERS = -100900
STRANGER = {"id": 777, "is_bot": False, "first_name": "Fremd", "language_code": "de"}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def stats_by_campaign(message: ChatMessage) -> dict[str, dict[str, int]]:
    """The /stats table as {campaign: {column: number}}, read from what staff see."""
    lines = message.text.splitlines()
    ruler = next(i for i, line in enumerate(lines) if line and set(line) == {"-"})
    _, _, *columns = re.split(r"\s{2,}", lines[ruler - 1].strip())
    table: dict[str, dict[str, int]] = {}
    for line in lines[ruler + 1 :]:
        _, campaign, *numbers = re.split(r"\s{2,}", line.strip())
        table[campaign] = dict(zip(columns, map(int, numbers), strict=True))
    return table


async def stats(office: Office) -> ChatMessage:
    """/stats in the office's chat, and the bot's answer."""
    await office.staff().send("/stats")
    return office.api.last_message(office.chat_id)


async def link_from(office: Office, command: str) -> str:
    """The link in the photo that `command` brings: its caption, with a PNG QR code."""
    await office.staff().send(command)
    photo = office.api.last_message(office.chat_id)
    assert photo.kind == "photo"
    assert photo.file is not None and photo.file.content is not None
    assert photo.file.content.startswith(PNG_SIGNATURE)
    (link,) = re.findall(r"https://t\.me/\S+", photo.text)
    return str(link)


async def test_staff_commands_get_no_answer_in_a_group_that_is_no_staff_chat(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    api.set_chat(STRANGERS, chat_type="supergroup", title="Stammtisch")

    for command in ("/stats", "/link", "/link herbst"):
        await settled(api, handoff_bot, api.user_sends_text(STRANGERS, command, user=STRANGER))

    assert api.messages(STRANGERS) == []


async def test_stats_count_this_brokers_funnel_only(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    mueller = offices.mueller
    await hand_off(visitor(api, 7001), "/start mueller-news")
    card = await mueller.card()
    staff = mueller.staff()
    await staff.press("Übernehmen", until=lambda: "Übernommen" in mueller.now(card).text)
    await staff.press("Erledigt", until=lambda: "Erledigt von" in mueller.now(card).text)
    await visitor(api, 7002).send("/start mueller")
    await chat(visitor(api, 7003), "/start schmidt-news", *SHORT_CONSULTATION[1:])

    mueller_stats = await stats(mueller)
    schmidt_stats = await stats(offices.schmidt)

    everything = {"Begonnen": 1, "Fertig": 1, "Kontakt": 1, "Übern.": 1, "Erledigt": 1}
    started = {"Begonnen": 1, "Fertig": 0, "Kontakt": 0, "Übern.": 0, "Erledigt": 0}
    finished = {**started, "Fertig": 1}
    assert stats_by_campaign(mueller_stats) == {"news": everything, "–": started}
    assert stats_by_campaign(schmidt_stats) == {"news": finished}
    assert "mueller" in mueller_stats.text and "schmidt" not in mueller_stats.text


async def test_link_gives_a_link_and_qr_code_that_bring_prospects_to_this_broker(
    api: FakeBotApi, offices: Offices
) -> None:
    mueller = offices.mueller

    links = [await link_from(mueller, command) for command in ("/link", "/link herbst")]

    assert links == [
        f"https://t.me/{api.bot_username}?start=mueller",
        f"https://t.me/{api.bot_username}?start=mueller-herbst",
    ]
    (payload,) = parse_qs(urlsplit(links[1]).query)["start"]
    await hand_off(visitor(api), f"/start {payload}")
    card = await mueller.card()
    assert "Müller & Co <Makler> · Kampagne: herbst" in card.text


async def test_link_refuses_a_campaign_name_that_cannot_be_a_link(
    api: FakeBotApi, offices: Offices
) -> None:
    await offices.mueller.staff().send("/link Herbst-Aktion!")

    answer = api.last_message(offices.mueller.chat_id)
    assert answer.kind == "text"
    assert "Der Kampagnenname darf nur Buchstaben, Ziffern und _ enthalten" in answer.text
