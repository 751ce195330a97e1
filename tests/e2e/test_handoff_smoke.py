from __future__ import annotations

from bot.app import BotApplication
from bot.storage.brokers import BrokerStore
from tests.fakes import FakeBotApi, Prospect

STAFF = -1001234


async def test_lead_reaches_staff_and_relays(api: FakeBotApi, bot: BotApplication) -> None:
    brokers: BrokerStore = bot.bot_data["brokers"]
    await brokers.add(
        "mueller", "Müller & Co <Makler>", STAFF, "030 1", "Erstinformation: Müller, Register D-123"
    )
    api.set_chat(STAFF, title="Müller Team")
    p = Prospect(
        api,
        chat_id=77,
        quiet=0.1,
        user={"id": 77, "first_name": "Erika <b>", "username": "erika", "language_code": "de"},
    )
    await p.send("/start mueller-news")
    await p.send("80.000")
    await p.press("Nein")
    await p.press("Nein")
    await p.press("Ja")
    await p.press("Fertig")
    await p.press("Ja")
    await p.press("Mit dem Makler")
    await p.press("✔ Erika")
    await p.press("📱")
    await p.press("Vormittags")
    await p.press("Ja, Müller")
    card = await api.wait_for(lambda: [m for m in api.messages(STAFF) if "Anfrage #" in m.text][0])
    print(p.transcript())
    print("CARD:", card.text, card.button_labels)
    staff = Prospect(api, chat_id=STAFF, quiet=0.1)
    await staff.press("Übernehmen")
    print("CARD2:", api.message(STAFF, card.message_id).text)
    api.user_replies(STAFF, card.message_id, "Wir rufen morgen an.")
    await api.wait_for(lambda: "Wir rufen morgen an" in p.last_text)
    await p.send("Danke, bis morgen!")
    await api.wait_for(lambda: "bis morgen" in api.last_message(STAFF).text)
    print(p.transcript())
