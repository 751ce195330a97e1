"""The lead card in the broker's staff chat: what it shows, and who may claim it."""

from __future__ import annotations

import re
from typing import Any

from bot.app import BotApplication
from tests.e2e.conftest import (
    STAFF_MEMBER,
    Offices,
    hand_off,
    messages_with,
    settled,
    visitor,
)
from tests.e2e.script import result_of
from tests.fakes import ButtonPress, FakeBotApi, Prospect

MISSING_MEASURE = re.compile(r"^(?:[❗⭐]+|•) (?P<label>[^:]+):", re.MULTILINE)


def measures_told_missing(p: Prospect) -> list[str]:
    """The measures the prospect was told they lack, most important first."""
    (message,) = messages_with(p.api, p.chat_id, "Diese Schutzmaßnahmen fehlen noch")
    return MISSING_MEASURE.findall(message.text)


def entity_text(text: str, entity: dict[str, Any]) -> str:
    """The text an entity covers; Telegram counts offsets in UTF-16 code units."""
    units = text.encode("utf-16-le")
    start, end = 2 * entity["offset"], 2 * (entity["offset"] + entity["length"])
    return units[start:end].decode("utf-16-le")


async def test_card_shows_everything_staff_need_to_call_back(
    api: FakeBotApi, offices: Offices
) -> None:
    p = visitor(api)

    await hand_off(p, "/start mueller-newsletter")

    card = await offices.mueller.card()
    result = result_of(p)
    lines = card.text.splitlines()
    assert lines[0] == "🆕 Anfrage #1 · Müller & Co <Makler> · Kampagne: newsletter"
    assert "👤 Erika Muster (@erika_m)" in lines
    assert "📞 +49 170 1234567" in lines
    assert "🕑 Erreichbar: Vormittags" in lines
    assert (
        f"💶 Empfohlene Versicherungssumme: {result.tier} (berechneter Bedarf {result.recommended})"
        in lines
    )
    table = re.sub(r"\s+", " ", card.text)
    for item in ("IT-Wiederherstellung", "Summe", "Empfehlung"):
        assert f"{item} {result.items[item]}" in table
    for answer in ("Wert der IT: 80.000 €", "IT-Haftpflicht: Ja", "Schulungen: Nein"):
        assert answer in lines
    missing = measures_told_missing(p)
    assert missing, "the prospect was told about missing measures"
    assert all(measure in card.text for measure in missing)
    assert card.button_labels == ["Übernehmen", "Erledigt"]
    assert card.parse_mode == "HTML"
    assert f'<a href="tg://user?id={p.chat_id}">' in card.raw_text
    (link,) = [e for e in card.entities if e["type"] == "text_link"]
    assert link["url"] == f"tg://user?id={p.chat_id}"
    assert entity_text(card.text, link) == "Telegram-Profil öffnen"


async def test_markup_in_a_name_or_a_broker_name_shows_literally_on_the_card(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    broker = "<i>Kaiser</i> & Söhne"
    await handoff_bot.bot_data["brokers"].add("kaiser", broker, -100500, None, "Erstinfo")
    api.set_chat(-100500, title="Team Kaiser")
    p = visitor(api, first_name="Erika <b>", last_name="& Söhne </pre>")

    await hand_off(p, "/start kaiser", ("[✔]", "[📱]", "ab 14 Uhr <sofort> & gern", "[Ja,]"))

    (card,) = await api.wait_for(lambda: messages_with(api, -100500, "Anfrage #"))
    assert f"Anfrage #1 · {broker} ·" in card.text
    assert "👤 Erika <b> & Söhne </pre> (@erika_m)" in card.text
    assert "🕑 Erreichbar: ab 14 Uhr <sofort> & gern" in card.text
    assert "Erika &lt;b&gt; &amp; Söhne &lt;/pre&gt;" in card.raw_text


async def test_when_two_staff_claim_at_once_one_gets_the_lead_and_the_other_is_told(
    api: FakeBotApi, handoff_bot: BotApplication, offices: Offices
) -> None:
    p = visitor(api)
    await hand_off(p)
    mueller = offices.mueller
    card = await mueller.card()
    colleague = {**STAFF_MEMBER, "id": 502, "first_name": "Lena", "username": "lena"}
    (claim,) = [b.callback_data for b in card.buttons if b.text == "Übernehmen"]
    assert claim is not None

    api.user_presses(mueller.chat_id, card.message_id, claim, user=STAFF_MEMBER)
    await settled(
        api, handoff_bot, api.user_presses(mueller.chat_id, card.message_id, claim, user=colleague)
    )

    claimed = mueller.now(card).text
    assert claimed.count("Übernommen von") == 1
    presses = [e for e in api.chat_log(mueller.chat_id) if isinstance(e, ButtonPress)]
    toasts = sorted(str((press.answer or {}).get("text")) for press in presses)
    assert toasts == [
        "Anfrage #1 gehört jetzt Ihnen.",
        "Diese Anfrage lässt sich hier nicht mehr ändern.",
    ]
    winner = next(press for press in presses if "gehört jetzt Ihnen" in str(press.answer))
    assert ("Lena" in claimed) == (winner.user_id == colleague["id"])
